import Foundation
import XCTest
import SunmaskEngine

final class SamplerStatisticsTests: XCTestCase {
    private let probabilities = [0.4, 0.3, 0.15, 0.1, 0.05]

    /// Asserts that each token's count is within 4 binomial standard deviations of n·p.
    private func assertFrequencies(_ tokens: [Int32], match expected: [Double], _ label: String,
                                   file: StaticString = #filePath, line: UInt = #line) {
        let n = Double(tokens.count)
        var counts = [Int](repeating: 0, count: expected.count)
        for token in tokens { counts[Int(token)] += 1 }
        for (k, p) in expected.enumerated() {
            let sigma = (n * p * (1 - p)).squareRoot()
            let tolerance = max(4 * sigma, 0.5)
            XCTAssertEqual(Double(counts[k]), n * p, accuracy: tolerance,
                           "\(label): token \(k) counted \(counts[k]) of \(Int(n)), expected \(n * p) ± \(tolerance)",
                           file: file, line: line)
        }
    }

    private func sampleAllCellsOnce(_ settings: SamplerSettings) throws -> [Int32] {
        // One step accepting every position: every cell is one draw from the model's distribution.
        let model = FixedDistributionModel(voices: 4, probabilities: probabilities)
        let input = try CellGrids(repeating: [Int32](repeating: 0, count: 4 * 256),
                                  keep: [UInt8](repeating: 0, count: 4 * 256), voices: 4, steps: 256, batch: 4)
        return try MaskedSampler(model: model, settings: settings).sample(input).grids.tokens
    }

    func testFrequenciesMatchFixedDistribution() throws {
        for drawing in TokenDrawing.allCases {
            let settings = SamplerSettings(steps: 1, temperature: 1, acceptance: .constant(fraction: 1),
                                           seed: 3, drawing: drawing)
            assertFrequencies(try sampleAllCellsOnce(settings), match: probabilities, "\(drawing)")
        }
    }

    func testFrequenciesFollowTemperatureAndTopK() throws {
        // τ = 0.5 squares p; top-k 2 keeps tokens 0 and 1: 0.16 / 0.25 = 0.64, 0.09 / 0.25 = 0.36.
        for drawing in TokenDrawing.allCases {
            let settings = SamplerSettings(steps: 1, temperature: 0.5, topK: 2, acceptance: .constant(fraction: 1),
                                           seed: 8, drawing: drawing)
            assertFrequencies(try sampleAllCellsOnce(settings), match: [0.64, 0.36, 0, 0, 0], "\(drawing)")
        }
    }

    func testFinalTemperatureGovernsDwellSteps() throws {
        // Step 0 draws every cell at τ, and the dwell step 1 (after the annealing) draws every
        // cell again at τ_final, so the result follows τ_final alone. τ = 0.5 squares p:
        // 0.16, 0.09, 0.0225, 0.01, 0.0025 over their sum 0.285.
        let squared = probabilities.map { $0 * $0 }
        let total = squared.reduce(0, +)
        let sharpened = SamplerSettings(steps: 1, temperature: 1, acceptance: .constant(fraction: 1),
                                        finalDwellSteps: 1, finalTemperature: 0.5, seed: 4)
        assertFrequencies(try sampleAllCellsOnce(sharpened), match: squared.map { $0 / total }, "τ_final 0.5")

        let plain = SamplerSettings(steps: 1, temperature: 0.5, acceptance: .constant(fraction: 1),
                                    finalDwellSteps: 1, finalTemperature: 1, seed: 4)
        assertFrequencies(try sampleAllCellsOnce(plain), match: probabilities, "τ_final 1")
    }

    func testModelMaskKeepsCellsAtAnnealedRate() throws {
        // N = 10, η = 1, α from 0.9 to 0.1: α_n = 0.9 − 0.08·n. Voice 0 is given; among the
        // 4·512 cells of voice 1, the kept fraction at call n should be 1 − α_n within 4σ.
        let model = RandomLogitsModel(voices: 2, vocabulary: 3)
        var keep = [UInt8](repeating: 1, count: 512)
        keep += [UInt8](repeating: 0, count: 512)
        let input = try CellGrids(repeating: [Int32](repeating: 0, count: 1024), keep: keep,
                                  voices: 2, steps: 512, batch: 4)
        let settings = SamplerSettings(steps: 10, acceptance: .constant(fraction: 0.5), annealingFraction: 1,
                                       minimumMaskRate: 0.1, maximumMaskRate: 0.9, seed: 17)
        _ = try MaskedSampler(model: model, settings: settings).sample(input)
        XCTAssertEqual(model.keepMasks.count, 11)
        for n in 0..<10 {
            let mask = model.keepMasks[n]
            var keptRegenerated = 0
            for b in 0..<4 {
                for t in 0..<512 {
                    XCTAssertEqual(mask[(b * 2) * 512 + t], 1)
                    keptRegenerated += Int(mask[(b * 2 + 1) * 512 + t])
                }
            }
            let keepProbability = 1 - (0.9 - 0.08 * Double(n))
            let cells = 2048.0
            let sigma = (cells * keepProbability * (1 - keepProbability)).squareRoot()
            XCTAssertEqual(Double(keptRegenerated), cells * keepProbability, accuracy: 4 * sigma, "call \(n)")
        }
        // The final likelihood pass uses the user mask alone.
        XCTAssertEqual(model.keepMasks[10], input.keep)
    }

    func testModelMaskIsReusedForStepsPerMask() throws {
        let model = RandomLogitsModel(voices: 1, vocabulary: 3)
        let input = try CellGrids(repeating: [Int32](repeating: 0, count: 64), keep: [UInt8](repeating: 0, count: 64),
                                  voices: 1, steps: 64, batch: 2)
        let settings = SamplerSettings(steps: 7, acceptance: .constant(fraction: 0.5), annealingFraction: 10,
                                       minimumMaskRate: 0.5, maximumMaskRate: 0.5, stepsPerMask: 3, seed: 2)
        _ = try MaskedSampler(model: model, settings: settings).sample(input)
        let masks = model.keepMasks
        // Draws at steps 0, 3 and 6; steps 1-2 and 4-5 reuse them.
        XCTAssertEqual(masks[1], masks[0])
        XCTAssertEqual(masks[2], masks[0])
        XCTAssertNotEqual(masks[3], masks[2])
        XCTAssertEqual(masks[4], masks[3])
        XCTAssertEqual(masks[5], masks[3])
        XCTAssertNotEqual(masks[6], masks[5])
    }

    func testLogLikelihoodIsMeanOverRegeneratedCells() throws {
        let model = FixedDistributionModel(voices: 2, probabilities: probabilities)
        // Given cells hold token 4 (p = 0.05); they must not enter the mean.
        var keep = [UInt8](repeating: 0, count: 32)
        for t in 0..<16 { keep[t] = 1 }
        let input = try CellGrids(repeating: [Int32](repeating: 4, count: 32), keep: keep, voices: 2, steps: 16, batch: 3)
        let result = try MaskedSampler(model: model, settings: SamplerSettings(steps: 6, seed: 4)).sample(input)
        let likelihoods = try XCTUnwrap(result.logLikelihoods)
        for b in 0..<3 {
            let grid = result.grids.tokens(ofGrid: b)
            let regenerated = grid[16...].map { log(probabilities[Int($0)]) }
            let expected = regenerated.reduce(0, +) / Double(regenerated.count)
            XCTAssertEqual(likelihoods[b], expected, accuracy: 1e-5, "grid \(b)")
        }
    }
}
