import XCTest
@testable import SunmaskEngine

final class TrainerTests: XCTestCase {
    /// A small U-Net for 4 voices, K = 8, T a multiple of 2.
    private func tinyModel(seed: UInt64 = 3) throws -> UNet {
        let config = UNetConfig(voices: 4, vocabularySize: 8, baseWidth: 16, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1], groups: 4)
        var generator = RandomGenerator(seed: seed)
        return try UNet(config: config, generator: &generator)
    }

    /// Rising scales: voice v at step t plays token (t + v + phase) mod 8.
    private func scales(phases: [Int], steps: Int) -> [[Int32]] {
        phases.map { phase in
            (0..<4).flatMap { voice in (0..<steps).map { Int32(($0 + voice + phase) % 8) } }
        }
    }

    func testCorruptionKeepsKeptCellsAndVariesDropRate() throws {
        let objective = SunmaskObjective(model: try tinyModel())
        let tokens = scales(phases: Array(0..<32), steps: 16).flatMap { $0 }
        var generator = RandomGenerator(seed: 9)
        let batch = objective.corrupt(tokens, batch: 32, steps: 16, generator: &generator)
        var fractions: [Double] = []
        for example in 0..<32 {
            var dropped = 0
            for cell in example * 64..<(example + 1) * 64 {
                if batch.keep[cell] == 1 {
                    XCTAssertEqual(batch.corrupted[cell], tokens[cell], "kept cell \(cell) changed")
                } else {
                    dropped += 1
                    XCTAssertTrue((0..<8).contains(batch.corrupted[cell]))
                }
            }
            fractions.append(Double(dropped) / 64)
        }
        // With u ~ Uniform(0, 1) per example, 32 examples have both light and heavy masks.
        XCTAssertLessThan(fractions.min()!, 0.25)
        XCTAssertGreaterThan(fractions.max()!, 0.75)
    }

    func testSampledSecondStepKeepsKeptCells() throws {
        let objective = SunmaskObjective(model: try tinyModel())
        let tokens = scales(phases: [0, 3], steps: 16).flatMap { $0 }
        var generator = RandomGenerator(seed: 4)
        let batch = objective.corrupt(tokens, batch: 2, steps: 16, generator: &generator)
        let logits = Tensor(shape: [32, 2, 16])
        var noise = RandomGenerator(seed: 5)
        logits.fillNormal(standardDeviation: 3, using: &noise)
        let sampled = objective.sampleDroppedCells(logits: logits, batch: batch, steps: 16, generator: &generator)
        for cell in 0..<tokens.count where batch.keep[cell] == 1 {
            XCTAssertEqual(sampled[cell], tokens[cell])
        }
    }

    func testTinyRunLearnsScales() throws {
        let model = try tinyModel()
        let data = scales(phases: [0, 1, 2, 3], steps: 16)
        var config = TrainingConfig()
        config.batchSize = 8
        config.learningRate = 5e-3
        config.validateEvery = 0
        config.checkpointEvery = 0
        let trainer = try Trainer(model: model, config: config, examples: data, validationExamples: data, steps: 16)
        let before = trainer.validate()
        trainer.run(maxSteps: 200, seconds: nil) { _ in .proceed }
        let after = trainer.validate()
        // Uniform guessing costs ln 8 ≈ 2.08 nats per cell.
        XCTAssertGreaterThan(before.nll[1], 1.5)
        XCTAssertLessThan(after.nll[0], 0.1, "validation NLL at drop rate 0.25 after 200 steps: \(after.nll)")
        XCTAssertLessThan(after.nll[1], 0.1, "validation NLL at drop rate 0.5 after 200 steps: \(after.nll)")
    }

    func testResumeContinuesIdentically() throws {
        let data = scales(phases: [0, 1, 2, 3, 4, 5], steps: 16)
        var config = TrainingConfig()
        config.batchSize = 4
        config.learningRate = 1e-3
        config.validateEvery = 0
        config.checkpointEvery = 0

        let straight = try Trainer(model: try tinyModel(), config: config, examples: data, validationExamples: [], steps: 16)
        straight.run(maxSteps: 7, seconds: nil) { _ in .proceed }

        let first = try Trainer(model: try tinyModel(), config: config, examples: data, validationExamples: [], steps: 16)
        first.run(maxSteps: 3, seconds: nil) { _ in .proceed }
        // Copy weights and optimizer state into a fresh model, as a checkpoint load does.
        let resumedModel = try tinyModel(seed: 99)
        for (target, source) in zip(resumedModel.parameters, first.model.parameters) { target.value.copy(from: source.value) }
        let resumed = try Trainer(model: resumedModel, config: config, examples: data, validationExamples: [],
                                  steps: 16, state: first.state)
        resumed.optimizer.step = first.optimizer.step
        for (target, source) in zip(resumed.optimizer.firstMoments, first.optimizer.firstMoments) { target.copy(from: source) }
        for (target, source) in zip(resumed.optimizer.secondMoments, first.optimizer.secondMoments) { target.copy(from: source) }
        resumed.run(maxSteps: 7, seconds: nil) { _ in .proceed }

        XCTAssertEqual(resumed.state.step, 7)
        for (a, b) in zip(straight.model.parameters, resumed.model.parameters) {
            XCTAssertEqual(a.value.values, b.value.values, "parameter \(a.name) differs after resume")
        }
    }

    func testScheduleStartShiftsTheDecay() throws {
        var config = TrainingConfig()
        config.learningRate = 4e-4
        config.decayFactor = 0.5
        config.decayEvery = 10
        config.scheduleStart = 100
        // Before and at the start the rate is the schedule's first; decays count from the start.
        XCTAssertEqual(config.learningRate(atStep: 50), 4e-4)
        XCTAssertEqual(config.learningRate(atStep: 109), 4e-4)
        XCTAssertEqual(config.learningRate(atStep: 110), 2e-4)
        XCTAssertEqual(config.learningRate(atStep: 125), 1e-4)
    }

    func testConfigWithoutScheduleStartDecodesAsZero() throws {
        var config = TrainingConfig()
        config.scheduleStart = 7
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(config)) as! [String: Any]
        XCTAssertEqual(encoded["scheduleStart"] as? Int, 7)
        var older = encoded
        older.removeValue(forKey: "scheduleStart")
        let decoded = try JSONDecoder().decode(TrainingConfig.self,
                                               from: JSONSerialization.data(withJSONObject: older))
        var expected = config
        expected.scheduleStart = 0
        XCTAssertEqual(decoded, expected)
        XCTAssertEqual(try JSONDecoder().decode(TrainingConfig.self, from: JSONEncoder().encode(config)), config)
    }

    func testStopFromCallbackAndLearningRateDecay() throws {
        var config = TrainingConfig()
        config.batchSize = 2
        config.learningRate = 1e-3
        config.decayFactor = 0.5
        config.decayEvery = 2
        config.validateEvery = 0
        config.checkpointEvery = 3
        XCTAssertEqual(config.learningRate(atStep: 0), 1e-3)
        XCTAssertEqual(config.learningRate(atStep: 3), 5e-4)
        XCTAssertEqual(config.learningRate(atStep: 4), 2.5e-4)
        let trainer = try Trainer(model: try tinyModel(), config: config, examples: scales(phases: [0, 1], steps: 16),
                                  validationExamples: [], steps: 16)
        var checkpoints: [Int] = []
        let reason = trainer.run(maxSteps: 100, seconds: nil) { event in
            if case .checkpointDue(let step) = event {
                checkpoints.append(step)
                return step >= 6 ? .stop : .proceed
            }
            return .proceed
        }
        XCTAssertEqual(reason, .stoppedByCaller)
        XCTAssertEqual(checkpoints, [3, 6])
        XCTAssertEqual(trainer.state.step, 6)
    }

    func testBadDataIsRejected() throws {
        let model = try tinyModel()
        XCTAssertThrowsError(try Trainer(model: model, config: TrainingConfig(), examples: [], validationExamples: [], steps: 16)) {
            XCTAssertEqual($0 as? TrainingError, .noExamples)
        }
        XCTAssertThrowsError(try Trainer(model: model, config: TrainingConfig(), examples: [[0, 1]], validationExamples: [], steps: 15)) {
            XCTAssertEqual($0 as? TrainingError, .badLength(steps: 15, multiple: 2))
        }
        XCTAssertThrowsError(try Trainer(model: model, config: TrainingConfig(),
                                         examples: [[Int32](repeating: 9, count: 64)], validationExamples: [], steps: 16)) {
            XCTAssertEqual($0 as? TrainingError, .tokenOutOfRange(index: 0, vocabulary: 8))
        }
    }

    func testUnigramBaselineMatchesHandComputation() {
        // One voice-pair layout: V = 2, T = 2. Training voice 0 tokens: 0, 0; voice 1: 1, 1.
        // With add-one smoothing over K = 2: voice 0 p(0) = 3/4, p(1) = 1/4.
        let training: [[Int32]] = [[0, 0, 1, 1]]
        let validation: [[Int32]] = [[0, 1, 1, 1]]
        // Cells: v0 token 0 (3/4), v0 token 1 (1/4), v1 token 1 (3/4), v1 token 1 (3/4).
        let expected = -(log(0.75) + log(0.25) + log(0.75) + log(0.75)) / 4
        XCTAssertEqual(NLLBaselines.unigram(training: training, validation: validation, voices: 2, vocabulary: 2),
                       expected, accuracy: 1e-12)
        XCTAssertEqual(NLLBaselines.uniform(vocabulary: 58), log(58), accuracy: 1e-12)
    }
}
