import Foundation
import XCTest
@testable import SunmaskEngine

final class ModelCheckpointTests: XCTestCase {
    private func tinyModel(seed: UInt64) throws -> UNet {
        let config = UNetConfig(voices: 2, vocabularySize: 6, baseWidth: 8, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1], groups: 4)
        var generator = RandomGenerator(seed: seed)
        return try UNet(config: config, generator: &generator)
    }

    private func temporaryPath(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("sunmask-\(UUID().uuidString)-\(name)").path
    }

    func testModelRoundTripGivesSameLogits() throws {
        let model = try tinyModel(seed: 1)
        let path = temporaryPath("model.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelCheckpoint.save(model: model, to: path, metadata: ["vocabulary": "test"])
        let (loaded, checkpoint) = try ModelCheckpoint.loadModel(from: path)
        XCTAssertEqual(loaded.config, model.config)
        XCTAssertEqual(checkpoint.metadata["vocabulary"], "test")

        let tokens: [Int32] = (0..<16).map { Int32($0 % 6) }
        let keep: [UInt8] = (0..<16).map { UInt8($0 % 2) }
        let expected = try tokens.withUnsafeBufferPointer { t in
            try keep.withUnsafeBufferPointer { k in try UNetCellModel(model: model).logits(tokens: t, keep: k, batch: 1, steps: 8) }
        }
        let actual = try tokens.withUnsafeBufferPointer { t in
            try keep.withUnsafeBufferPointer { k in try UNetCellModel(model: loaded).logits(tokens: t, keep: k, batch: 1, steps: 8) }
        }
        XCTAssertEqual(actual.values, expected.values)
    }

    func testCellModelRejectsOddLength() throws {
        let adapter = UNetCellModel(model: try tinyModel(seed: 1))
        let tokens = [Int32](repeating: 0, count: 14), keep = [UInt8](repeating: 1, count: 14)
        XCTAssertThrowsError(try tokens.withUnsafeBufferPointer { t in
            try keep.withUnsafeBufferPointer { k in try adapter.logits(tokens: t, keep: k, batch: 1, steps: 7) }
        }) { error in
            XCTAssertTrue("\(error)".contains("7 steps"), "\(error)")
        }
    }

    func testTrainingCheckpointResumesIdentically() throws {
        let data: [[Int32]] = (0..<6).map { phase in (0..<16).map { Int32(($0 + phase) % 6) } }
        var config = TrainingConfig()
        config.batchSize = 3
        config.learningRate = 1e-3
        config.validateEvery = 0
        config.checkpointEvery = 0

        let straight = try Trainer(model: try tinyModel(seed: 2), config: config, examples: data,
                                   validationExamples: [], steps: 8)
        straight.run(maxSteps: 6, seconds: nil) { _ in .proceed }

        let first = try Trainer(model: try tinyModel(seed: 2), config: config, examples: data,
                                validationExamples: [], steps: 8)
        first.run(maxSteps: 2, seconds: nil) { _ in .proceed }
        let path = temporaryPath("train.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelCheckpoint.save(model: first.model, to: path,
                                 training: (first.config, first.state, first.optimizer))

        let (model, checkpoint) = try ModelCheckpoint.loadModel(from: path)
        let probe = Adam(parameters: model.parameters, learningRate: 1e-3)
        let (savedConfig, savedState) = try ModelCheckpoint.restoreTraining(from: checkpoint, model: model, optimizer: probe)
        XCTAssertEqual(savedConfig, config)
        XCTAssertEqual(savedState, first.state)
        let resumed = try Trainer(model: model, config: savedConfig, examples: data, validationExamples: [],
                                  steps: 8, state: savedState)
        _ = try ModelCheckpoint.restoreTraining(from: checkpoint, model: model, optimizer: resumed.optimizer)
        resumed.run(maxSteps: 6, seconds: nil) { _ in .proceed }
        for (a, b) in zip(straight.model.parameters, resumed.model.parameters) {
            XCTAssertEqual(a.value.values, b.value.values, "\(a.name) differs after resume from file")
        }
    }

    func testInferenceCheckpointHasNoTrainingState() throws {
        let model = try tinyModel(seed: 3)
        let path = temporaryPath("inference.safetensors")
        defer { try? FileManager.default.removeItem(atPath: path) }
        try ModelCheckpoint.save(model: model, to: path, storage: .float16)
        let (loaded, checkpoint) = try ModelCheckpoint.loadModel(from: path)
        let optimizer = Adam(parameters: loaded.parameters, learningRate: 1e-3)
        XCTAssertThrowsError(try ModelCheckpoint.restoreTraining(from: checkpoint, model: loaded, optimizer: optimizer)) { error in
            XCTAssertTrue("\(error)".contains("training_config"), "\(error)")
        }
    }
}
