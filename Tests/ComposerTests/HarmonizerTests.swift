import Chorale
@testable import Composer
import Foundation
import SunmaskEngine
import XCTest

final class HarmonizerTests: XCTestCase {
    /// A randomly initialized tiny U-Net with time multiple 4 (three levels).
    private func tinyHarmonizer() throws -> Harmonizer {
        let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 8, multipliers: [1, 1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [2], groups: 4)
        var generator = RandomGenerator(seed: 3)
        return Harmonizer(model: try GenerationModel(network: try UNet(config: config, generator: &generator),
                                                     path: "tiny"))
    }

    /// A `steps`-long score whose soprano walks up and down a C major scale, other voices resting.
    private func melodyScore(steps: Int) throws -> Score {
        let scale = [60, 62, 64, 65, 67, 69, 71, 72, 71, 69, 67, 65, 64, 62]
        let soprano = (0..<steps).map { scale[($0 / 4) % scale.count] }
        let rest = Array(repeating: SATBGrid.rest, count: steps)
        return Score(grid: try SATBGrid(pitches: [soprano, rest, rest, rest]))
    }

    private func sopranoKept(steps: Int) -> KeepMask {
        var keep = KeepMask(steps: steps, keepingAll: false)
        keep.set(true, voices: [.soprano], steps: 0..<steps)
        return keep
    }

    private func settings(seed: UInt64 = 1) -> SamplerSettings {
        SamplerSettings(steps: 4, temperature: 0.6, topK: 3, typicalSampling: true, seed: seed)
    }

    func testWindowedLongPieceKeepsMelody() throws {
        let harmonizer = try tinyHarmonizer()
        let score = try melodyScore(steps: 250)  // padded to 252, windows 0, 64, 124
        let request = HarmonizationRequest(score: score, keep: sopranoKept(steps: 250), settings: settings(),
                                           steps: .fixed(4), strategy: .windowed(window: 128, hop: 64))
        var windowsSeen: [Range<Int>] = []
        let result = try harmonizer.generate(request) { progress in
            if windowsSeen.last != progress.window { windowsSeen.append(progress.window) }
            return .proceed
        }
        XCTAssertEqual(windowsSeen, [0..<128, 64..<192, 124..<252])
        XCTAssertEqual(result.samplerCalls, 3)
        let output = try XCTUnwrap(result.candidates.first)
        XCTAssertEqual(output.score.grid.steps, 250)
        XCTAssertEqual(output.score.grid.pitches[0], score.grid.pitches[0])
        for voice in [Voice.alto, .tenor, .bass] {
            XCTAssertTrue(output.score.grid.pitches[voice.rawValue].allSatisfy(TokenVocabulary.contains(cell:)))
        }
    }

    func testSameSeedSameResult() throws {
        let harmonizer = try tinyHarmonizer()
        let score = try melodyScore(steps: 64)
        let request = HarmonizationRequest(score: score, keep: sopranoKept(steps: 64), settings: settings(seed: 9),
                                           steps: .fixed(4))
        let first = try harmonizer.generate(request).candidates[0].score
        let second = try harmonizer.generate(request).candidates[0].score
        XCTAssertEqual(first, second)
    }

    /// Returns a harmonizer on a tiny U-Net whose weights are all 0 except the output bias. The
    /// bias puts almost all probability on one pitch per voice: the F# major chord F#5, C#5, F#4, F#3.
    private func fixedChordHarmonizer() throws -> Harmonizer {
        let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 8, multipliers: [1, 1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [2], groups: 4)
        var generator = RandomGenerator(seed: 3)
        let network = try UNet(config: config, generator: &generator)
        for parameter in network.parameters {
            let values = parameter.value.pointer
            for i in 0..<parameter.value.count { values[i] = 0 }
        }
        let bias = try XCTUnwrap(network.parameters.first { $0.name == "out.bias" }).value.pointer
        for (voice, pitch) in [78, 73, 66, 54].enumerated() {
            let token = try XCTUnwrap(TokenVocabulary.token(forCell: pitch))
            bias[voice * TokenVocabulary.size + token] = 20
        }
        return Harmonizer(model: try GenerationModel(network: network, path: "fixed chord"))
    }

    func testCommonKeyMovesFixedChordToC() throws {
        // Gb major has 6 flats; of the allowed signatures, C major (6 down) brings the voices'
        // means 78, 73, 66, 54 closest to the range middles 70.5, 63, 57.5, 51: a cost of
        // 1.5 + 4 + 2.5 + 3 = 11, against 15 for D major (4 down) and more for the rest.
        let harmonizer = try fixedChordHarmonizer()
        let request = HarmonizationRequest(score: Score(grid: SATBGrid(steps: 32)), keep: KeepMask(steps: 32, keepingAll: false),
                                           settings: settings(seed: 2), steps: .fixed(6), keyPlacement: .commonKey)
        let candidate = try XCTUnwrap(harmonizer.generate(request).candidates.first)
        XCTAssertEqual(candidate.transposition, -6)
        XCTAssertEqual(candidate.score.grid.pitches.map { Set($0) }, [[72], [67], [60], [48]])
    }

    func testCommonKeyMovesOnlyChoralesFromNothing() throws {
        let harmonizer = try tinyHarmonizer()
        let empty = Score(grid: SATBGrid(steps: 64))
        var request = HarmonizationRequest(score: empty, keep: KeepMask(steps: 64, keepingAll: false),
                                           settings: settings(seed: 4), steps: .fixed(6), candidates: 6, best: 6)
        let sampled = try harmonizer.generate(request).candidates.sorted { $0.index < $1.index }
        request.keyPlacement = .commonKey
        let placed = try harmonizer.generate(request).candidates.sorted { $0.index < $1.index }
        XCTAssertEqual(placed.count, 6)
        for (before, after) in zip(sampled, placed) {
            // Same random stream, same chorale: the placement is a whole transposition decided
            // by the chorale as sampled.
            XCTAssertEqual(before.transposition, 0)
            XCTAssertEqual(after.transposition, CommonKey.transposition(for: before.score.grid))
            XCTAssertEqual(after.score.grid, try before.score.grid.transposed(by: after.transposition))
            XCTAssertEqual(after.logLikelihood, before.logLikelihood)
        }

        // With a kept melody the key is given, and nothing moves.
        var harmonization = HarmonizationRequest(score: try melodyScore(steps: 64), keep: sopranoKept(steps: 64),
                                                 settings: settings(seed: 4), steps: .fixed(6), candidates: 3, best: 3)
        let plain = try harmonizer.generate(harmonization).candidates
        harmonization.keyPlacement = .commonKey
        let withPlacement = try harmonizer.generate(harmonization).candidates
        XCTAssertEqual(plain, withPlacement)
    }

    func testOneWindowEqualsWhole() throws {
        let harmonizer = try tinyHarmonizer()
        let score = try melodyScore(steps: 96)
        var request = HarmonizationRequest(score: score, keep: sopranoKept(steps: 96), settings: settings(), steps: .fixed(4))
        let whole = try harmonizer.generate(request).candidates[0]
        request.strategy = .windowed(window: 128, hop: 64)
        let windowed = try harmonizer.generate(request).candidates[0]
        XCTAssertEqual(whole, windowed)
    }

    func testProgressCountsEveryWindowAndBatch() throws {
        let harmonizer = try tinyHarmonizer()
        let score = try melodyScore(steps: 192)
        var request = HarmonizationRequest(score: score, keep: sopranoKept(steps: 192), settings: settings(),
                                           steps: .perCell(multiplier: 1), candidates: 3, best: 1,
                                           strategy: .windowed(window: 128, hop: 64))
        request.settings.finalDwellSteps = 2
        request.batchSize = 2
        var reports: [(Int, Int)] = []
        _ = try harmonizer.generate(request) { progress in
            reports.append((progress.step, progress.totalSteps))
            return .proceed
        }
        // Two windows of 128 steps, N = 1·4·128 = 512 plus 2 dwell steps each; two batches.
        let total = 2 * 2 * (512 + 2)
        XCTAssertEqual(reports.count, total)
        XCTAssertEqual(reports.last?.0, total)
        XCTAssertTrue(reports.allSatisfy { $0.1 == total })
        XCTAssertEqual(reports.map(\.0), Array(1...total))
    }

    func testBestOfNRanksByClosure() throws {
        let harmonizer = try tinyHarmonizer()
        let score = try melodyScore(steps: 32)
        let request = HarmonizationRequest(score: score, keep: sopranoKept(steps: 32), settings: settings(),
                                           steps: .fixed(4), candidates: 5, best: 3, batchSize: 2)
        let byLikelihood = try harmonizer.generate(request)
        XCTAssertEqual(byLikelihood.candidates.count, 3)
        let likelihoods = byLikelihood.candidates.map(\.logLikelihood)
        XCTAssertEqual(likelihoods, likelihoods.sorted(by: >))
        XCTAssertEqual(byLikelihood.candidates.map(\.rankingScore), likelihoods.map { -$0 })

        let highestAltoFirst = CandidateRanking(name: "alto sum") { candidate, _ in
            -Double(candidate.grid.pitches[1].reduce(0, +))
        }
        let byAlto = try harmonizer.generate(request, ranking: highestAltoFirst)
        let sums = byAlto.candidates.map { $0.score.grid.pitches[1].reduce(0, +) }
        XCTAssertEqual(sums, sums.sorted(by: >))
    }

    func testCancellationStopsRun() throws {
        let harmonizer = try tinyHarmonizer()
        let score = try melodyScore(steps: 64)
        let request = HarmonizationRequest(score: score, keep: sopranoKept(steps: 64), settings: settings(),
                                           steps: .fixed(50))
        let cancellation = SamplerCancellation()
        var calls = 0
        let result = try harmonizer.generate(request, cancellation: cancellation) { _ in
            calls += 1
            if calls == 3 { cancellation.cancel() }
            return .proceed
        }
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(result.candidates, [])
        XCTAssertEqual(calls, 3)
    }

    func testRequestFromPresets() throws {
        let score = try melodyScore(steps: 32)
        let keep = sopranoKept(steps: 32)
        let preview = HarmonizationRequest(score: score, keep: keep, preset: .preview())
        XCTAssertEqual(preview.steps, .fixed(32))
        XCTAssertEqual(preview.candidates, 1)
        let standard = HarmonizationRequest(score: score, keep: keep, preset: .standard(voices: 4, timeSteps: 128))
        XCTAssertEqual(standard.steps, .perCell(multiplier: 2))
        XCTAssertEqual(standard.steps.count(voices: 4, steps: 640), 5120)
        let best = HarmonizationRequest(score: score, keep: keep, preset: .best(voices: 4, timeSteps: 128))
        XCTAssertEqual(best.candidates, 200)
        XCTAssertEqual(best.best, 20)
        XCTAssertEqual(best.settings, SamplerPreset.standard(voices: 4, timeSteps: 128).settings)
        let reference = HarmonizationRequest(score: score, keep: keep, preset: .reference(voices: 4, timeSteps: 128))
        XCTAssertEqual(reference.steps, .perCell(multiplier: 2))
        XCTAssertEqual(reference.settings.temperature, 0.6)
    }

    func testInvalidCountsAreRejected() throws {
        let harmonizer = try tinyHarmonizer()
        let score = try melodyScore(steps: 32)
        let request = HarmonizationRequest(score: score, keep: sopranoKept(steps: 32), settings: settings(),
                                           steps: .fixed(4), candidates: 2, best: 3)
        XCTAssertThrowsError(try harmonizer.generate(request)) { error in
            XCTAssertEqual(error as? SamplerError,
                           .invalidSetting(name: "best", value: "3", expected: "an integer in 1…candidates = 2"))
        }
    }
}

final class GenerationModelTests: XCTestCase {
    func testPathOrder() throws {
        let existing = URL(fileURLWithPath: #filePath)
        XCTAssertEqual(try GenerationModel.resolvePath(explicitPath: "a.safetensors",
                                                       environment: ["SUNMASK_MODEL": "b.safetensors"],
                                                       shippedModel: existing), "a.safetensors")
        XCTAssertEqual(try GenerationModel.resolvePath(explicitPath: nil, environment: ["SUNMASK_MODEL": "b.safetensors"],
                                                       shippedModel: existing), "b.safetensors")
        XCTAssertEqual(try GenerationModel.resolvePath(explicitPath: nil, environment: ["SUNMASK_MODEL": ""],
                                                       shippedModel: existing), existing.path)
        let absent = existing.appendingPathExtension("absent")
        XCTAssertThrowsError(try GenerationModel.resolvePath(explicitPath: nil, environment: [:], shippedModel: absent)) { error in
            XCTAssertEqual(error as? GenerationError, .noModel)
        }
        XCTAssertEqual(GenerationError.noModel.description,
                       "no trained model found: none given by --model or SUNMASK_MODEL, and none ships beside the "
                       + "sunmask binary; pass --model FILE, or install the program with 'make install'")
    }

    func testModelOfOtherVocabularyIsRejected() throws {
        let config = UNetConfig(voices: 4, vocabularySize: 57, baseWidth: 8, multipliers: [1],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [], groups: 4)
        var generator = RandomGenerator(seed: 1)
        let network = try UNet(config: config, generator: &generator)
        XCTAssertThrowsError(try GenerationModel(network: network, path: "m57.safetensors")) { error in
            XCTAssertEqual(error as? GenerationError, .modelShape(path: "m57.safetensors", voices: 4, vocabulary: 57))
        }
    }
}
