import Foundation
import XCTest
import SunmaskEngine

final class SamplerPresetTests: XCTestCase {
    func testStandardPresetIsPlainSamplingOnMaskedCells() {
        let standard = SamplerPreset.standard(voices: 4, timeSteps: 128, seed: 9).settings
        var expected = SamplerPreset.reference(voices: 4, timeSteps: 128, seed: 9).settings
        expected.acceptsMaskedCellsOnly = true
        expected.minimumMaskRate = 0.3
        expected.temperature = 1
        expected.finalTemperature = 0.5
        expected.typicalSampling = false
        expected.topK = nil
        XCTAssertEqual(standard, expected)
        XCTAssertEqual(SamplerPreset.standard(voices: 4, timeSteps: 128).name, "standard")
    }

    func testReferencePresetIsPublishedSetting() {
        let preset = SamplerPreset.reference(voices: 4, timeSteps: 128, seed: 9)
        XCTAssertEqual(preset.name, "reference")
        XCTAssertEqual(preset.candidates, 1)
        let settings = preset.settings
        XCTAssertFalse(settings.acceptsMaskedCellsOnly)
        XCTAssertEqual(settings.steps, 1024)
        XCTAssertEqual(settings.temperature, 0.6)
        XCTAssertTrue(settings.typicalSampling)
        XCTAssertEqual(settings.topK, 3)
        XCTAssertEqual(settings.acceptance, .triangular)
        XCTAssertEqual(settings.annealingFraction, 0.75)
        XCTAssertEqual(settings.minimumMaskRate, 0.001)
        XCTAssertEqual(settings.maximumMaskRate, 0.999)
        XCTAssertEqual(settings.stepsPerMask, 1)
        XCTAssertEqual(settings.finalDwellSteps, 0)
        XCTAssertEqual(settings.seed, 9)
    }

    func testPreviewAndBestPresets() throws {
        let preview = SamplerPreset.preview()
        XCTAssertEqual(preview.settings.steps, 32)
        XCTAssertEqual(preview.settings.acceptance, .triangular)
        XCTAssertEqual(preview.candidates, 1)
        try preview.validate()

        let best = SamplerPreset.best(voices: 4, timeSteps: 128)
        XCTAssertEqual(best.candidates, 200)
        XCTAssertEqual(best.keep, 20)
        XCTAssertEqual(best.settings, SamplerPreset.standard(voices: 4, timeSteps: 128).settings)
        try best.validate()

        var invalid = best
        invalid.keep = 201
        XCTAssertThrowsError(try invalid.validate()) { error in
            XCTAssertEqual(error as? SamplerError,
                           .invalidSetting(name: "keep", value: "201", expected: "an integer in 1...candidates = 200"))
        }
    }

    private func bestPreset() -> SamplerPreset {
        let settings = SamplerSettings(steps: 8, temperature: 0.9, topK: 3, typicalSampling: true, seed: 21)
        return SamplerPreset(name: "test", settings: settings, candidates: 7, keep: 3)
    }

    func testBestOfNIndependentOfBatchSize() throws {
        let model = RandomLogitsModel(voices: 2, vocabulary: 6)
        let tokens: [Int32] = [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3]
        let keep: [UInt8] = [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0]
        let preset = bestPreset()

        // Reference: every candidate sampled alone, ranked here by descending likelihood.
        let sampler = MaskedSampler(model: model, settings: preset.settings)
        var reference: [(candidate: Int, likelihood: Double)] = []
        for i in 0..<7 {
            let input = try CellGrids(batch: 1, voices: 2, steps: 8, tokens: tokens, keep: keep)
            let result = try sampler.sample(input, firstCandidate: i)
            reference.append((i, try XCTUnwrap(result.logLikelihoods)[0]))
        }
        let expected = reference.sorted { $0.likelihood > $1.likelihood }.prefix(3).map(\.candidate)

        for batchSize in [1, 3, 16] {
            let result = try BestOfNSampler(model: model, preset: preset, batchSize: batchSize)
                .run(tokens: tokens, keep: keep, steps: 8)
            XCTAssertEqual(result.best.map(\.candidate), expected, "batch size \(batchSize)")
            XCTAssertEqual(result.sampledCandidates, 7)
            XCTAssertFalse(result.cancelled)
            for candidate in result.best {
                XCTAssertEqual(candidate.score, -candidate.logLikelihood)
                XCTAssertEqual(Array(candidate.tokens[0..<8]), Array(tokens[0..<8]))
            }
        }
    }

    func testBestOfNUsesCallerScore() throws {
        let model = RandomLogitsModel(voices: 1, vocabulary: 4)
        let tokens = [Int32](repeating: 0, count: 12)
        let keep = [UInt8](repeating: 0, count: 12)
        // Score: the number of cells holding token 3 (fewer is better).
        let result = try BestOfNSampler(model: model, preset: bestPreset(), batchSize: 4)
            .run(tokens: tokens, keep: keep, steps: 12, score: { grid, _ in
                Double(grid.filter { $0 == 3 }.count)
            })
        XCTAssertEqual(result.best.count, 3)
        let scores = result.best.map(\.score)
        XCTAssertEqual(scores, scores.sorted())
        for candidate in result.best {
            XCTAssertEqual(candidate.score, Double(candidate.tokens.filter { $0 == 3 }.count))
        }
    }
}
