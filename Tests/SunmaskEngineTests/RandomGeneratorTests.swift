import Foundation
import XCTest
import SunmaskEngine

final class RandomGeneratorTests: XCTestCase {
    // The published xoshiro256** outputs for the state {1, 2, 3, 4} (Blackman and Vigna's
    // reference C code, as reproduced by the Rust rand_xoshiro test suite).
    func testMatchesReferenceOutputs() {
        var generator = RandomGenerator(state: .init(words: [1, 2, 3, 4]))
        let expected: [UInt64] = [11520, 0, 1_509_978_240, 1_215_971_899_390_074_240,
                                  1_216_172_134_540_287_360, 607_988_272_756_665_600,
                                  16_172_922_978_634_559_625, 8_476_171_486_693_032_832,
                                  10_595_114_339_597_558_777, 2_904_607_092_377_533_576]
        for (i, value) in expected.enumerated() {
            XCTAssertEqual(generator.next(), value, "output \(i)")
        }
    }

    // SplitMix64 from a zero counter gives 0xE220A8397B1DCDAF, 0x6E789E6AA1B965F4, ...
    func testSeedExpandsThroughSplitMix() {
        let generator = RandomGenerator(seed: 0)
        XCTAssertEqual(generator.state.words[0], 0xE220_A839_7B1D_CDAF)
        XCTAssertEqual(generator.state.words[1], 0x6E78_9E6A_A1B9_65F4)
        XCTAssertEqual(generator.state.words[2], 0x06C4_5D18_8009_454F)
    }

    func testSamplerStreamIsSeededXoshiro() {
        // The stream of (seed 7, candidate 3) is xoshiro256** started from SplitMix64 outputs of
        // the counter splitMix(7) ^ 3. SplitMix64 is written out again here.
        func splitMix(_ counter: inout UInt64) -> UInt64 {
            counter &+= 0x9E37_79B9_7F4A_7C15
            var z = counter
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var mixer: UInt64 = 7
        var counter = splitMix(&mixer) ^ 3
        let words = (0..<4).map { _ in splitMix(&counter) }
        var reference = RandomGenerator(state: .init(words: words))
        var stream = SamplerRandomStream(seed: 7, candidate: 3)
        for i in 0..<100 {
            XCTAssertEqual(stream.next(), reference.next(), "output \(i)")
        }
        for bound in [1, 3, 58, 1000] {
            XCTAssertEqual(stream.nextInt(below: bound), reference.nextInt(below: bound), "bound \(bound)")
        }
    }

    func testSameSeedGivesSameSequence() {
        var a = RandomGenerator(seed: 42), b = RandomGenerator(seed: 42), c = RandomGenerator(seed: 43)
        var differsFromOtherSeed = false
        for _ in 0..<1000 {
            let x = a.next()
            XCTAssertEqual(x, b.next())
            if x != c.next() { differsFromOtherSeed = true }
        }
        XCTAssertTrue(differsFromOtherSeed)
    }

    func testSavedStateContinuesSequenceIncludingSpareNormal() throws {
        var generator = RandomGenerator(seed: 9)
        _ = generator.nextNormal()  // leaves a spare normal in the state
        let saved = generator.state
        XCTAssertNotNil(saved.spareNormal)
        let data = try JSONEncoder().encode(saved)
        let expected = (0..<5).map { _ in generator.nextNormal() } + (0..<5).map { _ in Double(generator.nextFloat()) }

        var restored = RandomGenerator(seed: 0)
        restored.state = try JSONDecoder().decode(RandomGenerator.State.self, from: data)
        let actual = (0..<5).map { _ in restored.nextNormal() } + (0..<5).map { _ in Double(restored.nextFloat()) }
        XCTAssertEqual(actual, expected)
    }

    func testStateDecodingRejectsZeroWords() {
        let json = Data(#"{"words": ["0", "0", "0", "0"]}"#.utf8)
        XCTAssertThrowsError(try JSONDecoder().decode(RandomGenerator.State.self, from: json))
    }

    // MARK: - Distributions
    //
    // The seeds are fixed, so these checks are deterministic. The tolerances are 5 standard
    // errors of each statistic, so a correct generator passes them for almost every seed.

    func testUniformMeanAndVariance() {
        var generator = RandomGenerator(seed: 1)
        let n = 100_000
        var sum = 0.0, squares = 0.0
        for _ in 0..<n {
            let u = Double(generator.nextFloat())
            XCTAssert(u >= 0 && u < 1)
            sum += u
            squares += u * u
        }
        let mean = sum / Double(n)
        let variance = squares / Double(n) - mean * mean
        // Uniform [0, 1): mean 1/2, variance 1/12; standard errors √(1/12/n) ≈ 9.1e-4 and
        // √((1/80 − 1/144)/n) ≈ 2.4e-4.
        XCTAssertEqual(mean, 0.5, accuracy: 5 * 9.1e-4)
        XCTAssertEqual(variance, 1.0 / 12, accuracy: 5 * 2.4e-4)
    }

    func testNormalMeanVarianceAndTails() {
        var generator = RandomGenerator(seed: 2)
        let n = 100_000
        var sum = 0.0, squares = 0.0, beyondTwo = 0
        for _ in 0..<n {
            let z = generator.nextNormal(mean: 3, standardDeviation: 2)
            sum += z
            squares += z * z
            if abs(z - 3) > 4 { beyondTwo += 1 }
        }
        let mean = sum / Double(n)
        let variance = squares / Double(n) - mean * mean
        // Standard errors: mean σ/√n = 6.3e-3, variance σ²·√(2/n) = 1.8e-2.
        XCTAssertEqual(mean, 3, accuracy: 5 * 6.3e-3)
        XCTAssertEqual(variance, 4, accuracy: 5 * 1.8e-2)
        // P(|Z| > 2) = 0.0455; binomial standard error √(0.0455·0.9545/n) ≈ 6.6e-4.
        XCTAssertEqual(Double(beyondTwo) / Double(n), 0.0455, accuracy: 5 * 6.6e-4)
    }

    func testGumbelMeanAndVariance() {
        var generator = RandomGenerator(seed: 3)
        let n = 100_000
        var sum = 0.0, squares = 0.0
        for _ in 0..<n {
            let g = generator.nextGumbel()
            XCTAssert(g.isFinite)
            sum += g
            squares += g * g
        }
        let mean = sum / Double(n)
        let variance = squares / Double(n) - mean * mean
        // Standard Gumbel: mean = Euler–Mascheroni γ ≈ 0.5772, variance π²/6 ≈ 1.6449.
        // Standard errors: √(1.6449/n) ≈ 4.1e-3 and, with excess kurtosis 2.4,
        // √((2 + 2.4)·1.6449²/n) ≈ 1.1e-2.
        XCTAssertEqual(mean, 0.577_215_7, accuracy: 5 * 4.1e-3)
        XCTAssertEqual(variance, Double.pi * Double.pi / 6, accuracy: 5 * 1.1e-2)
    }

    /// Pearson's χ² statistic of observed counts against expected probabilities.
    private func chiSquare(_ counts: [Int], _ probabilities: [Double]) -> Double {
        let n = Double(counts.reduce(0, +))
        var statistic = 0.0
        for (count, p) in zip(counts, probabilities) where p > 0 {
            let expected = n * p
            statistic += (Double(count) - expected) * (Double(count) - expected) / expected
        }
        return statistic
    }

    func testCategoricalFrequenciesMatchProbabilities() {
        var generator = RandomGenerator(seed: 4)
        // Unnormalized weights with a zero entry: probabilities 0.1, 0.2, 0, 0.3, 0.4.
        let weights: [Float] = [1, 2, 0, 3, 4]
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<50_000 { counts[generator.sampleCategorical(weights)] += 1 }
        XCTAssertEqual(counts[2], 0, "a zero-weight category was drawn")
        // 4 degrees of freedom (the zero category has none); the 0.1% critical value is 18.47.
        let statistic = chiSquare(counts, [0.1, 0.2, 0, 0.3, 0.4])
        XCTAssertLessThan(statistic, 18.47, "counts \(counts)")
    }

    func testGumbelMaxFrequenciesMatchSoftmax() {
        var generator = RandomGenerator(seed: 5)
        let logits: [Float] = [0, 1, -Float.infinity, 2]
        let temperature: Float = 2
        // softmax(logits / 2) over the finite entries
        let exps = [Foundation.exp(0.0), Foundation.exp(0.5), 0, Foundation.exp(1.0)]
        let probabilities = exps.map { $0 / exps.reduce(0, +) }
        var counts = [Int](repeating: 0, count: 4)
        logits.withUnsafeBufferPointer { buffer in
            for _ in 0..<50_000 {
                counts[generator.sampleGumbelMax(logits: buffer, temperature: temperature)] += 1
            }
        }
        XCTAssertEqual(counts[2], 0, "a −∞ logit was drawn")
        // 2 degrees of freedom; the 0.1% critical value is 13.82.
        XCTAssertLessThan(chiSquare(counts, probabilities), 13.82, "counts \(counts)")
    }

    func testIntegerBelowBoundIsUniform() {
        var generator = RandomGenerator(seed: 6)
        let bound = 7
        var counts = [Int](repeating: 0, count: bound)
        for _ in 0..<70_000 {
            let value = generator.nextInt(below: bound)
            XCTAssert((0..<bound).contains(value))
            counts[value] += 1
        }
        // 6 degrees of freedom; the 0.1% critical value is 22.46.
        XCTAssertLessThan(chiSquare(counts, Array(repeating: 1.0 / 7, count: 7)), 22.46, "counts \(counts)")
        for _ in 0..<1000 {
            XCTAssert((-3..<2).contains(generator.nextInt(in: -3..<2)))
        }
    }

    func testShuffleIsAPermutationWithUniformPositions() {
        var generator = RandomGenerator(seed: 7)
        var firstPositionCounts = [Int](repeating: 0, count: 4)
        for _ in 0..<40_000 {
            var items = [0, 1, 2, 3]
            generator.shuffle(&items)
            XCTAssertEqual(items.sorted(), [0, 1, 2, 3])
            firstPositionCounts[items[0]] += 1
        }
        // 3 degrees of freedom; the 0.1% critical value is 16.27.
        XCTAssertLessThan(chiSquare(firstPositionCounts, [0.25, 0.25, 0.25, 0.25]), 16.27,
                          "counts \(firstPositionCounts)")
    }

    func testTensorFillNormalIsReproducible() {
        var a = RandomGenerator(seed: 8), b = RandomGenerator(seed: 8)
        let x = Tensor(shape: [3, 4]), y = Tensor(shape: [3, 4])
        x.fillNormal(standardDeviation: 0.5, using: &a)
        y.fillNormal(standardDeviation: 0.5, using: &b)
        XCTAssertEqual(x.values, y.values)
        let u = Tensor(shape: [100])
        u.fillUniform(low: -2, high: 3, using: &a)
        XCTAssert(u.values.allSatisfy { $0 >= -2 && $0 < 3 })
    }
}
