import Foundation
import XCTest
import SunmaskEngine

final class SamplerInvariantTests: XCTestCase {
    /// Random grids [B, V, T] with random keep masks: kept cells hold tokens in 0..<K,
    /// regenerated cells hold junk (-1 or out-of-range values) that the sampler must ignore.
    private func randomGrids(batch: Int, voices: Int, steps: Int, vocabulary: Int,
                             random: inout TestCaseRandom) throws -> CellGrids {
        let keepProbability = Double.random(in: 0...1, using: &random)
        var tokens: [Int32] = []
        var keep: [UInt8] = []
        for _ in 0..<(batch * voices * steps) {
            let kept = Double.random(in: 0..<1, using: &random) < keepProbability
            keep.append(kept ? 1 : 0)
            tokens.append(kept ? Int32.random(in: 0..<Int32(vocabulary), using: &random)
                               : [-1, Int32(vocabulary), 7777].randomElement(using: &random)!)
        }
        return try CellGrids(batch: batch, voices: voices, steps: steps, tokens: tokens, keep: keep)
    }

    private func randomSettings(vocabulary: Int, random: inout TestCaseRandom) -> SamplerSettings {
        let maximumRate = Double.random(in: 0...1, using: &random)
        return SamplerSettings(
            steps: Int.random(in: 1...12, using: &random),
            temperature: Float.random(in: 0.2...2, using: &random),
            topK: Bool.random(using: &random) ? Int.random(in: 1...(vocabulary + 2), using: &random) : nil,
            typicalSampling: Bool.random(using: &random),
            typicalMass: Float.random(in: 0.05...1, using: &random),
            acceptance: Bool.random(using: &random) ? .triangular
                : .constant(fraction: Double.random(in: 0.05...1, using: &random)),
            annealingFraction: Double.random(in: 0.2...1.5, using: &random),
            minimumMaskRate: Double.random(in: 0...maximumRate, using: &random),
            maximumMaskRate: maximumRate,
            stepsPerMask: Int.random(in: 1...4, using: &random),
            finalDwellSteps: Int.random(in: 0...3, using: &random),
            activeBalance: Bool.random(using: &random),
            acceptsMaskedCellsOnly: Bool.random(using: &random),
            finalTemperature: Bool.random(using: &random) ? Float.random(in: 0.2...2, using: &random) : nil,
            seed: random.next(),
            drawing: TokenDrawing.allCases.randomElement(using: &random)!)
    }

    func testGivenCellsNeverChange() throws {
        var random = TestCaseRandom(state: 20_240_501)
        for trial in 0..<60 {
            let voices = Int.random(in: 1...4, using: &random)
            let vocabulary = Int.random(in: 2...12, using: &random)
            let input = try randomGrids(batch: Int.random(in: 1...4, using: &random), voices: voices,
                                        steps: Int.random(in: 1...16, using: &random),
                                        vocabulary: vocabulary, random: &random)
            let settings = randomSettings(vocabulary: vocabulary, random: &random)
            let model = RandomLogitsModel(voices: voices, vocabulary: vocabulary, salt: UInt64(trial))
            let result = try MaskedSampler(model: model, settings: settings).sample(input)

            XCTAssertFalse(result.cancelled)
            XCTAssertEqual(result.grids.keep, input.keep, "trial \(trial)")
            for cell in 0..<input.tokens.count {
                if input.keep[cell] == 1 {
                    XCTAssertEqual(result.grids.tokens[cell], input.tokens[cell], "trial \(trial), cell \(cell), \(settings)")
                } else {
                    XCTAssertTrue((0..<Int32(vocabulary)).contains(result.grids.tokens[cell]),
                                  "trial \(trial), cell \(cell) holds \(result.grids.tokens[cell])")
                }
            }
            // The model mask is ORed with the user mask at every call, the final pass included.
            for (call, keep) in model.keepMasks.enumerated() {
                for cell in 0..<keep.count where input.keep[cell] == 1 {
                    XCTAssertEqual(keep[cell], 1, "trial \(trial), call \(call), cell \(cell)")
                }
            }
        }
    }

    func testSameSeedGivesSameResult() throws {
        var random = TestCaseRandom(state: 7)
        let input = try randomGrids(batch: 3, voices: 4, steps: 32, vocabulary: 10, random: &random)
        let settings = SamplerSettings(steps: 20, temperature: 0.8, topK: 4, typicalSampling: true,
                                       typicalMass: 0.9, stepsPerMask: 2, finalDwellSteps: 2,
                                       activeBalance: true, seed: 42)
        let model = RandomLogitsModel(voices: 4, vocabulary: 10)
        let first = try MaskedSampler(model: model, settings: settings).sample(input)
        let second = try MaskedSampler(model: model, settings: settings).sample(input)
        XCTAssertEqual(first.grids, second.grids)
        XCTAssertEqual(first.logLikelihoods, second.logLikelihoods)

        var otherSeed = settings
        otherSeed.seed = 43
        let third = try MaskedSampler(model: model, settings: otherSeed).sample(input)
        XCTAssertNotEqual(third.grids.tokens, first.grids.tokens, "a different seed should give a different grid")
    }

    func testCandidateResultIndependentOfBatch() throws {
        var random = TestCaseRandom(state: 99)
        let input = try randomGrids(batch: 5, voices: 3, steps: 12, vocabulary: 8, random: &random)
        for drawing in TokenDrawing.allCases {
            let settings = SamplerSettings(steps: 15, temperature: 0.9, topK: 3, typicalSampling: true,
                                           acceptance: .triangular, stepsPerMask: 2, finalDwellSteps: 1,
                                           activeBalance: true, seed: 5, drawing: drawing)
            let sampler = MaskedSampler(model: RandomLogitsModel(voices: 3, vocabulary: 8), settings: settings)
            let whole = try sampler.sample(input)

            // Each candidate alone, with its global index.
            for b in 0..<5 {
                let single = try CellGrids(batch: 1, voices: 3, steps: 12, tokens: input.tokens(ofGrid: b),
                                           keep: input.keep(ofGrid: b))
                let alone = try sampler.sample(single, firstCandidate: b)
                XCTAssertEqual(alone.grids.tokens, whole.grids.tokens(ofGrid: b), "\(drawing), candidate \(b)")
                XCTAssertEqual(alone.logLikelihoods?[0] ?? .nan, whole.logLikelihoods?[b] ?? -1,
                               accuracy: 1e-9, "\(drawing), candidate \(b)")
            }

            // Candidates 2..<5 as a batch of 3.
            let tail = try CellGrids(batch: 3, voices: 3, steps: 12,
                                     tokens: Array(input.tokens[(2 * 36)...]), keep: Array(input.keep[(2 * 36)...]))
            let tailResult = try sampler.sample(tail, firstCandidate: 2)
            XCTAssertEqual(tailResult.grids.tokens, Array(whole.grids.tokens[(2 * 36)...]), "\(drawing)")
        }
    }

    func testCancellationFromAnotherThreadStopsWithinOneStep() throws {
        let cancellation = SamplerCancellation()
        let reachedThirdCall = DispatchSemaphore(value: 0)
        let cancelDone = DispatchSemaphore(value: 0)
        let model = HookedModel(voices: 2, vocabulary: 5) { call in
            if call == 3 {
                reachedThirdCall.signal()
                // Hold the third call until the other thread has cancelled.
                _ = cancelDone.wait(timeout: .now() + 10)
            }
        }
        let canceller = Thread {
            reachedThirdCall.wait()
            cancellation.cancel()
            cancelDone.signal()
        }
        canceller.start()

        let settings = SamplerSettings(steps: 1000, acceptance: .constant(fraction: 0.5))
        let input = try CellGrids(repeating: [Int32](repeating: -1, count: 16), keep: [UInt8](repeating: 0, count: 16),
                                  voices: 2, steps: 8, batch: 2)
        let result = try MaskedSampler(model: model, settings: settings).sample(input, cancellation: cancellation)
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(result.modelCalls, 3)
        XCTAssertEqual(result.completedSteps, 3)
        XCTAssertEqual(model.calls, 3, "no final likelihood pass after cancellation")
        XCTAssertNil(result.logLikelihoods)
    }

    func testCancellationBeforeStartRunsNoStep() throws {
        let cancellation = SamplerCancellation()
        cancellation.cancel()
        let model = HookedModel(voices: 1, vocabulary: 3) { _ in }
        let input = try CellGrids(batch: 1, voices: 1, steps: 4, tokens: [0, 1, 2, 0], keep: [1, 0, 0, 1])
        let result = try MaskedSampler(model: model, settings: SamplerSettings(steps: 10)).sample(input, cancellation: cancellation)
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(result.completedSteps, 0)
        XCTAssertEqual(model.calls, 0)
        XCTAssertEqual(result.grids.tokens[0], 0)
        XCTAssertEqual(result.grids.tokens[3], 0)
    }

    func testProgressSeesEveryStepInOrder() throws {
        // Triangular, N = 10, D = 2 on T = 8: step 9 accepts nothing and is skipped, yet reported.
        let model = RandomLogitsModel(voices: 2, vocabulary: 6)
        let input = try CellGrids(repeating: [0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 5, 0, 1, 2, 3],
                                  keep: [1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
                                  voices: 2, steps: 8, batch: 2)
        var reported: [Int] = []
        let result = try MaskedSampler(model: model, settings: SamplerSettings(steps: 10, finalDwellSteps: 2))
            .sample(input) { progress in
                reported.append(progress.step)
                XCTAssertEqual(progress.totalSteps, 12)
                XCTAssertEqual(progress.grids.tokens(ofGrid: 1)[0..<8], input.tokens(ofGrid: 1)[0..<8])
                return .proceed
            }
        XCTAssertEqual(reported, Array(1...12))
        XCTAssertFalse(result.cancelled)
        XCTAssertEqual(result.modelCalls, 11)
        XCTAssertEqual(model.calls, 12, "11 sampling calls and the final likelihood pass")
    }

    func testProgressCallbackCanStopRun() throws {
        let model = RandomLogitsModel(voices: 2, vocabulary: 6)
        let input = try CellGrids(repeating: [Int32](repeating: 0, count: 16), keep: [UInt8](repeating: 0, count: 16),
                                  voices: 2, steps: 8, batch: 1)
        var reported: [Int] = []
        let result = try MaskedSampler(model: model, settings: SamplerSettings(steps: 50, acceptance: .constant(fraction: 0.25)))
            .sample(input) { progress in
                reported.append(progress.step)
                return progress.step == 5 ? .stop : .proceed
            }
        XCTAssertEqual(reported, [1, 2, 3, 4, 5])
        XCTAssertTrue(result.cancelled)
        XCTAssertEqual(result.completedSteps, 5)
        XCTAssertEqual(result.modelCalls, 5)
    }

    func testMaskedOnlyLeavesCellsTheModelSaw() throws {
        // Every cell's distribution is almost all on token 2, so any accepted cell becomes 2.
        var probabilities = [Double](repeating: 1e-6, count: 6)
        probabilities[2] = 1
        let model = FixedDistributionModel(voices: 2, probabilities: probabilities)
        let input = try CellGrids(batch: 3, voices: 2, steps: 16, tokens: [Int32](repeating: 0, count: 96),
                                  keep: [UInt8](repeating: 0, count: 96))
        // N = 1 accepts no position, so its result is the uniform random start.
        let start = try MaskedSampler(model: model, settings: SamplerSettings(steps: 1, seed: 5)).sample(input).grids.tokens
        XCTAssertTrue(start.contains { $0 != 2 })

        // The model mask keeps every cell (α = 0): no accepted cell was dropped, so nothing changes.
        var seen = SamplerSettings(steps: 16, minimumMaskRate: 0, maximumMaskRate: 0, acceptsMaskedCellsOnly: true, seed: 5)
        XCTAssertEqual(try MaskedSampler(model: model, settings: seen).sample(input).grids.tokens, start)
        seen.acceptsMaskedCellsOnly = false
        XCTAssertTrue(try MaskedSampler(model: model, settings: seen).sample(input).grids.tokens.contains(2))

        // The model mask drops every cell (α = 1): the rule makes no difference.
        var dropped = SamplerSettings(steps: 16, minimumMaskRate: 1, maximumMaskRate: 1, acceptsMaskedCellsOnly: true, seed: 5)
        let maskedOnly = try MaskedSampler(model: model, settings: dropped).sample(input).grids.tokens
        dropped.acceptsMaskedCellsOnly = false
        XCTAssertEqual(try MaskedSampler(model: model, settings: dropped).sample(input).grids.tokens, maskedOnly)
    }

    func testActiveBalanceAcceptsEachPositionOnce() throws {
        // a = 0.25·8 = 2 positions per voice and step, 4 steps: with active balance every
        // position is accepted exactly once, so each voice ends holding the call numbers
        // 1, 1, 2, 2, 3, 3, 4, 4 written by `CallNumberModel`.
        let input = try CellGrids(repeating: [Int32](repeating: 0, count: 16), keep: [UInt8](repeating: 0, count: 16),
                                  voices: 2, steps: 8, batch: 3)
        func run(balanced: Bool) throws -> CellGrids {
            let settings = SamplerSettings(steps: 4, acceptance: .constant(fraction: 0.25),
                                           activeBalance: balanced, seed: 11)
            return try MaskedSampler(model: CallNumberModel(voices: 2, vocabulary: 10), settings: settings).sample(input).grids
        }
        let balanced = try run(balanced: true)
        for row in 0..<6 {
            let voice = balanced.tokens[(row * 8)..<(row * 8 + 8)].sorted()
            XCTAssertEqual(voice, [1, 1, 2, 2, 3, 3, 4, 4], "row \(row)")
        }
        // Without balance, uniform choices revisit positions, so some row differs.
        let uniform = try run(balanced: false)
        let uniformRows = (0..<6).map { Array(uniform.tokens[($0 * 8)..<($0 * 8 + 8)].sorted()) }
        XCTAssertTrue(uniformRows.contains { $0 != [1, 1, 2, 2, 3, 3, 4, 4] })
    }

    func testInvalidInputThrowsNamedErrors() throws {
        XCTAssertThrowsError(try CellGrids(batch: 1, voices: 1, steps: 2, tokens: [0, 0], keep: [1, 2])) { error in
            XCTAssertEqual(error as? SamplerError, .invalidKeepValue(index: 1, value: 2))
        }
        let model = RandomLogitsModel(voices: 1, vocabulary: 4)
        let outOfRange = try CellGrids(batch: 1, voices: 1, steps: 3, tokens: [0, 4, 9], keep: [1, 1, 0])
        XCTAssertThrowsError(try MaskedSampler(model: model, settings: SamplerSettings()).sample(outOfRange)) { error in
            XCTAssertEqual(error as? SamplerError, .tokenOutOfRange(grid: 0, voice: 0, step: 1, token: 4, vocabulary: 4))
        }
        let valid = try CellGrids(batch: 1, voices: 1, steps: 3, tokens: [0, 1, 2], keep: [1, 1, 0])
        XCTAssertThrowsError(try MaskedSampler(model: model, settings: SamplerSettings(temperature: 0)).sample(valid)) { error in
            XCTAssertEqual(error as? SamplerError, .invalidSetting(name: "temperature", value: "0.0", expected: "a finite value > 0"))
            XCTAssertTrue("\(error)".contains("temperature = 0.0"), "\(error)")
        }
        let twoVoices = RandomLogitsModel(voices: 2, vocabulary: 4)
        XCTAssertThrowsError(try MaskedSampler(model: twoVoices, settings: SamplerSettings()).sample(valid)) { error in
            XCTAssertEqual(error as? SamplerError, .voiceCountMismatch(grid: 1, model: 2))
        }
    }
}
