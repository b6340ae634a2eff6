import XCTest
import SunmaskEngine

final class SamplerTypicalFilterTests: XCTestCase {
    // p = [0.5, 0.25, 0.125, 0.125]. In nats, −log p = [0.6931, 1.3863, 2.0794, 2.0794] and
    // H = 0.5·0.6931 + 0.25·1.3863 + 2·0.125·2.0794 = 1.2130. Scores |−log p − H| are
    // [0.5199, 0.1733, 0.8664, 0.8664], so the keep order is token 1, 0, 2, 3 (tie → lower
    // index), with cumulative mass 0.25, 0.75, 0.875, 1.
    private let probabilities: [Float] = [0.5, 0.25, 0.125, 0.125]

    private func assertDistribution(_ actual: [Float], _ expected: [Float],
                                    file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, expected.count, file: file, line: line)
        for (index, (a, e)) in zip(actual, expected).enumerated() {
            XCTAssertEqual(a, e, accuracy: 1e-5, "token \(index): \(actual) vs \(expected)", file: file, line: line)
        }
    }

    func testTypicalMassPointNineKeepsEveryToken() {
        let filter = TypicalFilter(vocabulary: 4, typicalMass: 0.9, topK: nil)
        assertDistribution(filter.filteredDistribution(probabilities: probabilities), [0.5, 0.25, 0.125, 0.125])
        XCTAssertEqual(filter.keptCount, 4)
        XCTAssertEqual(Array(UnsafeBufferPointer(start: filter.keptTokens, count: 4)), [1, 0, 2, 3])
    }

    func testTypicalMassPointEightKeepsThreeTokens() {
        // 0.75 < 0.8 ≤ 0.875: tokens 1, 0, 2, renormalized by 0.875 → [4/7, 2/7, 1/7, 0].
        let filter = TypicalFilter(vocabulary: 4, typicalMass: 0.8, topK: nil)
        assertDistribution(filter.filteredDistribution(probabilities: probabilities), [4.0 / 7, 2.0 / 7, 1.0 / 7, 0])
    }

    func testTypicalMassPointSevenKeepsTwoTokens() {
        // 0.25 < 0.7 ≤ 0.75: tokens 1 and 0 → [2/3, 1/3, 0, 0].
        let filter = TypicalFilter(vocabulary: 4, typicalMass: 0.7, topK: nil)
        assertDistribution(filter.filteredDistribution(probabilities: probabilities), [2.0 / 3, 1.0 / 3, 0, 0])
    }

    func testTypicalSmallMassKeepsMostTypicalToken() {
        // 0.25 ≥ 0.2: only token 1, the most typical though not the most probable.
        let filter = TypicalFilter(vocabulary: 4, typicalMass: 0.2, topK: nil)
        assertDistribution(filter.filteredDistribution(probabilities: probabilities), [0, 1, 0, 0])
    }

    func testTypicalWithTopKLimitsCount() {
        let topOne = TypicalFilter(vocabulary: 4, typicalMass: 0.9, topK: 1)
        assertDistribution(topOne.filteredDistribution(probabilities: probabilities), [0, 1, 0, 0])
        let topThree = TypicalFilter(vocabulary: 4, typicalMass: 0.9, topK: 3)
        assertDistribution(topThree.filteredDistribution(probabilities: probabilities), [4.0 / 7, 2.0 / 7, 1.0 / 7, 0])
    }

    func testTopKAloneKeepsMostProbable() {
        let topOne = TypicalFilter(vocabulary: 4, typicalMass: nil, topK: 1)
        assertDistribution(topOne.filteredDistribution(probabilities: probabilities), [1, 0, 0, 0])
        // [0.1, 0.4, 0.4, 0.1] with k = 2 keeps tokens 1 and 2; with k = 3 the tie between
        // tokens 0 and 3 goes to token 0.
        let tied: [Float] = [0.1, 0.4, 0.4, 0.1]
        let topTwo = TypicalFilter(vocabulary: 4, typicalMass: nil, topK: 2)
        assertDistribution(topTwo.filteredDistribution(probabilities: tied), [0, 0.5, 0.5, 0])
        let topThree = TypicalFilter(vocabulary: 4, typicalMass: nil, topK: 3)
        assertDistribution(topThree.filteredDistribution(probabilities: tied), [1.0 / 9, 4.0 / 9, 4.0 / 9, 0])
    }

    func testNoFilterAppliesTemperatureOnly() {
        // τ = 0.5 squares the probabilities: [0.25, 0.0625, 0.015625, 0.015625] / 0.34375.
        let filter = TypicalFilter(vocabulary: 4, typicalMass: nil, topK: nil)
        let logits = probabilities.map { logf($0) }
        logits.withUnsafeBufferPointer { _ = filter.filter(logits: $0.baseAddress!, stride: 1, temperature: 0.5) }
        XCTAssertEqual(filter.keptCount, 4)
        var distribution = [Float](repeating: 0, count: 4)
        for i in 0..<filter.keptCount {
            distribution[Int(filter.keptTokens[i])] = filter.keptProbabilities[i] / filter.keptMass
        }
        assertDistribution(distribution, [0.727_272_7, 0.181_818_2, 0.045_454_5, 0.045_454_5])
    }

    func testStridedLogitsAreRead() {
        // Logits of one cell at stride 3, interleaved with other cells' values that must be ignored.
        let filter = TypicalFilter(vocabulary: 4, typicalMass: 0.7, topK: nil)
        var strided = [Float](repeating: 99, count: 12)
        for (k, p) in probabilities.enumerated() { strided[k * 3] = logf(p) }
        strided.withUnsafeBufferPointer { _ = filter.filter(logits: $0.baseAddress!, stride: 3, temperature: 1) }
        XCTAssertEqual(filter.keptCount, 2)
        XCTAssertEqual(filter.keptTokens[0], 1)
        XCTAssertEqual(filter.keptTokens[1], 0)
        XCTAssertEqual(filter.keptMass, 0.75, accuracy: 1e-6)
    }
}
