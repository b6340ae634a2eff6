import Chorale
import Foundation
import SunmaskEngine
import XCTest

/// The model shipped as a resource of `sunmask` must be a real, trained model.
final class ShippedModelTests: XCTestCase {
    private var modelPath: String {
        repositoryRoot.appendingPathComponent("Sources/sunmask/Resources/default-model.safetensors").path
    }

    func testShippedModelHasDocumentedConfiguration() throws {
        let (model, checkpoint) = try ModelCheckpoint.loadModel(from: modelPath)
        let expected = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 64, multipliers: [1, 2, 2],
                                  residualBlocksPerLevel: 2, kernelSize: 3, attentionLevels: [2], groups: 16)
        XCTAssertEqual(model.config, expected)
        XCTAssertNotNil(checkpoint.metadata["vocabulary"])
        let size = try FileManager.default.attributesOfItem(atPath: modelPath)[.size] as? Int ?? .max
        XCTAssertLessThanOrEqual(size, 25 << 20, "the shipped model must stay under 25 MB")
    }

    /// On valid-split chunks, NLL per dropped cell at drop rate 0.5 must be far below the
    /// per-voice unigram baseline fitted on the train split.
    func testShippedModelBeatsUnigramOnValidation() throws {
        let dataset = try JSBData.load()
        let (model, _) = try ModelCheckpoint.loadModel(from: modelPath)
        func examples(_ grids: [SATBGrid]) throws -> [[Int32]] {
            try grids.flatMap { JSBDataset.chunks(of: $0, length: 128, skippingSilent: true) }
                .map { try $0.flatTokens() }
        }
        let validation = Array(try examples(dataset.valid).prefix(16))
        let training = try examples(dataset.train)
        XCTAssertEqual(validation.count, 16)
        let unigram = NLLBaselines.unigram(training: training, validation: validation, voices: 4,
                                           vocabulary: TokenVocabulary.size)
        let result = ValidationNLL.measure(model: model, examples: validation, steps: 128, dropRates: [0.5])
        XCTAssertLessThan(result.nll[0], 0.5 * unigram,
                          "model NLL \(result.nll[0]) at drop rate 0.5 vs unigram \(unigram)")
    }

    /// Harmonizing an example melody grades better than random alto, tenor and bass lines.
    func testHarmonizationGradesBetterThanRandomVoices() throws {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("shipped-\(UUID().uuidString).mid")
        defer { try? FileManager.default.removeItem(at: output) }
        let melody = repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path
        let result = try runSunmask(["harmonize", melody, "-o", output.path, "--preset", "preview", "--seed", "3"])
        XCTAssertEqual(result.status, 0, result.standardError)

        let harmonized = try MIDIImporter.importScore(contentsOf: output).score.grid
        let grader = try Grader.shipped()
        let modelGrade = grader.grade(harmonized).overall

        // Random voices: a uniformly random pitch in the voice's range, held for a quarter note.
        var generator = RandomGenerator(seed: 11)
        var randomGrades: [Double] = []
        for _ in 0..<5 {
            var rows = harmonized.pitches
            for voice in 1..<4 {
                let range = Voice(rawValue: voice)!.modelRange
                for start in stride(from: 0, to: harmonized.steps, by: 4) {
                    let pitch = generator.nextInt(in: range.lowerBound..<(range.upperBound + 1))
                    for step in start..<min(start + 4, harmonized.steps) { rows[voice][step] = pitch }
                }
            }
            randomGrades.append(grader.grade(try SATBGrid(pitches: rows)).overall)
        }
        let randomMedian = randomGrades.sorted()[2]
        XCTAssertLessThan(modelGrade, randomMedian, "model \(modelGrade) vs random voices \(randomGrades)")
    }
}

final class ExportModelCommandTests: XCTestCase {
    func testExportDropsOptimizerStateAndHalvesWeights() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("export-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 8, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1], groups: 4)
        var generator = RandomGenerator(seed: 3)
        let model = try UNet(config: config, generator: &generator)
        var trainingConfig = TrainingConfig()
        trainingConfig.batchSize = 1
        var state = TrainingState(seed: 1)
        state.step = 42
        let optimizer = Adam(parameters: model.parameters, learningRate: 1e-3)
        let input = folder.appendingPathComponent("train.safetensors").path
        let output = folder.appendingPathComponent("model.safetensors").path
        try ModelCheckpoint.save(model: model, to: input, training: (trainingConfig, state, optimizer))

        let result = try runSunmask(["export-model", input, output])
        XCTAssertEqual(result.status, 0, result.standardError)
        let exported = try Checkpoint.read(from: output)
        XCTAssertTrue(exported.extraTensors.isEmpty, "Adam's moments are dropped")
        XCTAssertEqual(exported.metadata["trained_steps"], "42")
        XCTAssertNil(exported.metadata["training_state"])
        let inputSize = try FileManager.default.attributesOfItem(atPath: input)[.size] as! Int
        let outputSize = try FileManager.default.attributesOfItem(atPath: output)[.size] as! Int
        XCTAssertLessThan(outputSize, inputSize / 4, "F16 weights without two F32 moment sets")
    }

    func testExportOfNonCheckpointIsOneErrorLine() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("garbage-\(UUID().uuidString).safetensors").path
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = path + ".out"
        let result = try runSunmask(["export-model", path, output])
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.hasPrefix("Error: "), result.standardError)
        XCTAssertEqual(result.standardError.filter { $0 == "\n" }.count, 1, result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }
}
