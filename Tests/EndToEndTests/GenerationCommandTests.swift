import Chorale
import Foundation
import SunmaskEngine
import XCTest

/// `harmonize`, `infill` and `sample` on the built binary with a tiny randomly initialized model:
/// the commands must work with any checkpoint, so the tests check the kept-cell guarantee and the
/// errors, not the music.
final class GenerationCommandTests: XCTestCase {
    private var folder: URL!
    private var modelPath: String!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sunmask-generation-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        // Two levels, so lengths must be even: an odd melody exercises the padding.
        let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 8, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1], groups: 4)
        var generator = RandomGenerator(seed: 7)
        let model = try UNet(config: config, generator: &generator)
        modelPath = folder.appendingPathComponent("tiny.safetensors").path
        try ModelCheckpoint.save(model: model, to: modelPath)
    }

    override func tearDownWithError() throws {
        try FileManager.default.removeItem(at: folder)
    }

    private func path(_ name: String) -> String { folder.appendingPathComponent(name).path }

    /// Writes `soprano` (one pitch or -1 per step) as a single-track melody file.
    private func writeMelody(_ soprano: [Int], name: String) throws -> String {
        let rest = Array(repeating: SATBGrid.rest, count: soprano.count)
        let score = Score(grid: try SATBGrid(pitches: [soprano, rest, rest, rest]))
        let file = path(name)
        try MIDIFileWriter.write(score, to: URL(fileURLWithPath: file))
        return file
    }

    private func importGrid(_ file: String) throws -> SATBGrid {
        try MIDIImporter.importScore(contentsOf: URL(fileURLWithPath: file)).score.grid
    }

    private let fast = ["--steps", "6", "--threads", "1"]

    func testHarmonizeThenInfillKeepsGivenCells() throws {
        let soprano = [67, 67, 67, 67, 69, 69, 71, 71, 72, 72, 72, 72, 71, 71, 69, 69,
                       67, 67, 67, 67, 66, 66, 66, 66, 67, 67, 67, 67, 67, 67, 67, 67]
        let melody = try writeMelody(soprano, name: "melody.mid")
        let harmonized = path("out.mid")
        let first = try runSunmask(["harmonize", melody, "-o", harmonized, "--model", modelPath] + fast)
        XCTAssertEqual(first.status, 0, first.standardError)
        XCTAssertTrue(first.standardOutput.contains("read \(melody): 32 steps"), first.standardOutput)

        let out = try importGrid(harmonized)
        XCTAssertEqual(out.steps, soprano.count)
        XCTAssertEqual(out.pitches[0], soprano)
        for voice in [Voice.alto, .tenor, .bass] {
            XCTAssertTrue(out.pitches[voice.rawValue].allSatisfy { $0 == SATBGrid.rest || TokenVocabulary.pitchRange.contains($0) },
                          "\(voice) has a pitch outside the vocabulary")
        }

        let infilled = path("out2.mid")
        let second = try runSunmask(["infill", harmonized, "--regenerate", "A:0-16,T:8-24,B:1:3-2:2", "-o", infilled,
                                     "--model", modelPath, "--seed", "5"] + fast)
        XCTAssertEqual(second.status, 0, second.standardError)
        let out2 = try importGrid(infilled)
        XCTAssertEqual(out2.steps, out.steps)
        // B:1:3-2:2 is bar 1 beat 3 up to bar 2 beat 2 in 4/4: steps 8..<20.
        let regenerated: [Voice: Range<Int>] = [.alto: 0..<16, .tenor: 8..<24, .bass: 8..<20]
        for voice in Voice.allCases {
            for step in 0..<out.steps where !(regenerated[voice]?.contains(step) ?? false) {
                XCTAssertEqual(out2[voice, step], out[voice, step], "\(voice) step \(step) changed")
            }
        }
    }

    func testHarmonizeOddLengthMelody() throws {
        let soprano = [72, 72, 72, 74, 74, 76, 76, 76, 74, 74, 72, 72, 71, 71, 72, 72, 72]
        let melody = try writeMelody(soprano, name: "odd.mid")
        let output = path("odd-out.mid")
        let result = try runSunmask(["harmonize", melody, "-o", output, "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 0, result.standardError)
        let grid = try importGrid(output)
        XCTAssertEqual(grid.steps, 17)
        XCTAssertEqual(grid.pitches[0], soprano)
    }

    func testHarmonizeKeepsChosenVoicesAndWritesBestM() throws {
        let rows = [Array(repeating: 72, count: 16), Array(repeating: 64, count: 16),
                    Array(repeating: 55, count: 16), Array(repeating: 48, count: 16)]
        let input = path("chorale.mid")
        try MIDIFileWriter.write(Score(grid: try SATBGrid(pitches: rows)), to: URL(fileURLWithPath: input))
        let result = try runSunmask(["harmonize", input, "-o", path("best.mid"), "--keep", "S,B", "--model", modelPath,
                                     "--candidates", "3", "--best", "2"] + fast)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("best.mid")))
        for name in ["best-1.mid", "best-2.mid"] {
            let grid = try importGrid(path(name))
            XCTAssertEqual(grid.pitches[0], rows[0], name)
            XCTAssertEqual(grid.pitches[3], rows[3], name)
        }
    }

    func testSampleWritesNumberedFiles() throws {
        let directory = path("samples")
        let result = try runSunmask(["sample", "-n", "2", "-o", directory, "--length", "16", "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 0, result.standardError)
        for name in ["sample-001.mid", "sample-002.mid"] {
            let file = (directory as NSString).appendingPathComponent(name)
            XCTAssertTrue(FileManager.default.fileExists(atPath: file), name)
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: (directory as NSString).appendingPathComponent("sample-003.mid")))
    }

    func testBadRegionSpecsAreUsageErrors() throws {
        let melody = try writeMelody(Array(repeating: 67, count: 32), name: "plain.mid")
        let cases: [(spec: String, message: String)] = [
            ("X:0-16", "region \"X:0-16\" names unknown voice \"X\"; use S, A, T or B"),
            ("A:16-8", "region \"A:16-8\" runs from step 16 to step 8, which is empty; END must be after START"),
            ("A:0-40", "region \"A:0-40\" ends at step 40, past the end of the piece at step 32; use an END of at most 32"),
            ("A0-16", "region \"A0-16\" is malformed"),
            ("A:1:5-2:1", "bar position 1:5:1 does not exist in 4/4"),
            ("T:x-4", "region \"T:x-4\" has invalid step \"x\""),
        ]
        for (spec, message) in cases {
            let result = try runSunmask(["infill", melody, "--regenerate", spec, "-o", path("never.mid"),
                                         "--model", modelPath] + fast)
            XCTAssertEqual(result.status, 64, spec)
            XCTAssertTrue(result.standardError.contains(message), "\(spec): \(result.standardError)")
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("never.mid")))
    }

    func testMissingModelIsClearError() throws {
        let melody = try writeMelody(Array(repeating: 67, count: 16), name: "m.mid")
        let result = try runSunmask(["harmonize", melody, "-o", path("x.mid")] + fast,
                                    environment: ["SUNMASK_MODEL": ""])
        // An empty SUNMASK_MODEL falls back to the shipped model; a binary without one is
        // covered by the relocation tests.
        XCTAssertEqual(result.status, 0, result.standardError)

        let missing = try runSunmask(["harmonize", melody, "-o", path("x.mid"), "--model", path("nope.safetensors")] + fast)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.contains(path("nope.safetensors")), missing.standardError)

        // sample removes the folder it created when the model fails to load.
        let folder = path("new-folder")
        let sample = try runSunmask(["sample", "-n", "1", "-o", folder, "--model", path("nope.safetensors")] + fast)
        XCTAssertEqual(sample.status, 1)
        XCTAssertTrue(sample.standardError.contains(path("nope.safetensors")), sample.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder))
    }

    func testModelFromEnvironment() throws {
        let melody = try writeMelody(Array(repeating: 67, count: 16), name: "env.mid")
        let result = try runSunmask(["harmonize", melody, "-o", path("env-out.mid")] + fast,
                                    environment: ["SUNMASK_MODEL": modelPath])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("model \(modelPath!);"), result.standardOutput)
        XCTAssertEqual(try importGrid(path("env-out.mid")).pitches[0], Array(repeating: 67, count: 16))
    }

    func testKeptNoteOutOfRangeNamesVoiceBarAndPitch() throws {
        // Bar 2 (steps 16…31) holds MIDI 100, above the vocabulary's 86.
        let soprano = Array(repeating: 72, count: 16) + Array(repeating: 100, count: 16)
        let melody = try writeMelody(soprano, name: "high.mid")
        let result = try runSunmask(["harmonize", melody, "-o", path("high-out.mid"), "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError,
                       "Error: kept soprano note 100 in bar 2 (step 16) is outside the model range MIDI 30…86; "
                       + "transpose the piece or regenerate that note\n")
    }

    func testSamplingFlagErrors() throws {
        let melody = try writeMelody(Array(repeating: 67, count: 16), name: "f.mid")
        let cases: [(arguments: [String], message: String)] = [
            (["--acceptance", "sometimes"], "invalid value 'sometimes' for '--acceptance'"),
            (["--candidates", "2", "--best", "3"], "--best 3 is more than --candidates 2"),
            (["--keep", "S,A,T,B"], "invalid value 'S,A,T,B' for '--keep'"),
            (["--typical", "--no-typical"], "--typical and --no-typical exclude each other"),
            (["--alpha-min", "0.5", "--alpha-max", "0.2"], "--alpha-min 0.5 is above --alpha-max 0.2"),
            (["--window", "64"], "--window and --hop apply to windowed sampling; add --windowed"),
        ]
        for (arguments, message) in cases {
            let result = try runSunmask(["harmonize", melody, "-o", path("f-out.mid"), "--model", modelPath] + arguments)
            XCTAssertEqual(result.status, 64, arguments.joined(separator: " "))
            XCTAssertTrue(result.standardError.contains(message), "\(arguments): \(result.standardError)")
        }
    }

    func testBestCandidatesRankedByGrade() throws {
        let soprano = [67, 67, 69, 69, 71, 71, 72, 72, 71, 71, 69, 69, 67, 67, 67, 67]
        let melody = try writeMelody(soprano + soprano, name: "ranked.mid")
        let result = try runSunmask(["harmonize", melody, "-o", path("ranked.mid"), "--candidates", "4", "--best", "4",
                                     "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("best 4 by overall grade"), result.standardOutput)

        let grader = try Grader.shipped()
        let grades = try (1...4).map { grader.grade(try importGrid(path("ranked-\($0).mid"))).overall }
        XCTAssertEqual(grades, grades.sorted(), "outputs are not ordered by overall grade, best first")
    }

    func testHarmonizeReadsSessionFile() throws {
        let soprano = [67, 67, 69, 69, 71, 71, 72, 72, 71, 71, 69, 69, 67, 67, 67, 67]
        let rest = Array(repeating: SATBGrid.rest, count: soprano.count)
        let score = Score(grid: try SATBGrid(pitches: [soprano, rest, rest, rest]))
        let session = path("melody.session.json")
        try SessionFile.write(Session(score: score, keep: KeepMask(steps: soprano.count, keepingAll: true)),
                              to: URL(fileURLWithPath: session))

        let result = try runSunmask(["harmonize", session, "-o", path("from-session.mid"), "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try importGrid(path("from-session.mid")).pitches[0], soprano)
    }

    func testInfillTakesJSBDataOption() throws {
        let data = try JSBData.path()
        // An empty variable counts as unset, so only --jsb-data can name the data set here.
        let result = try runSunmask(["infill", "jsb:test:0", "-r", "A:0-16", "-o", path("jsb.mid"),
                                     "--jsb-data", data, "--model", modelPath] + fast,
                                    environment: ["SUNMASK_JSB_PATH": ""], currentDirectory: folder)
        XCTAssertEqual(result.status, 0, result.standardError)
        let chorale = try JSBReference(parsing: "jsb:test:0").chorale(in: try JSBData.load())
        XCTAssertEqual(try importGrid(path("jsb.mid")).pitches[3], chorale.pitches[3])
    }

    func testCorruptMIDIErrorNamesFile() throws {
        let garbage = path("garbage.mid")
        try Data([0x02, 0x50, 0x53, 0xFB, 0xB2, 0x81, 0x01, 0x1F]).write(to: URL(fileURLWithPath: garbage))
        let result = try runSunmask(["harmonize", garbage, "-o", path("g-out.mid"), "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.hasPrefix("Error: \(garbage): file does not start"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("g-out.mid")))
    }

    func testOutputMustBeMIDIFile() throws {
        let melody = try writeMelody(Array(repeating: 67, count: 16), name: "o.mid")
        let result = try runSunmask(["harmonize", melody, "-o", path("out.json"), "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.standardError.contains("invalid value '\(path("out.json"))' for '--output'"), result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path("out.json")))
    }

    func testMissingOutputFolderFailsBeforeSampling() throws {
        let melody = try writeMelody(Array(repeating: 67, count: 16), name: "d.mid")
        let target = path("missing/out.mid")
        let result = try runSunmask(["infill", melody, "-r", "A:0-8", "-o", target, "--model", modelPath] + fast)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError,
                       "Error: output folder \(path("missing")) does not exist; create it or choose another -o path\n")
        XCTAssertFalse(result.standardOutput.contains("model "), "sampled before failing: \(result.standardOutput)")
    }
}
