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
        func examples(_ grids: [SATBGrid]) -> [[Int32]] {
            grids.flatMap { JSBDataset.chunks(of: $0, length: 128, skippingSilent: true) }
                .compactMap { try? $0.flatTokens() }
        }
        let validation = Array(examples(dataset.valid).prefix(16))
        let training = examples(dataset.train)
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
