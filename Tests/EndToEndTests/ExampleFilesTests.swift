import Chorale
import Foundation
import XCTest

final class ExampleFilesTests: XCTestCase {
    private var examples: URL { repositoryRoot.appendingPathComponent("Examples") }

    func testCommittedExamplesMatchGenerator() throws {
        let dataPath = try JSBData.path()
        let folder = try makeTemporaryDirectory(self)
        let result = try runSunmask(["write-examples", folder.path, "--jsb-data", dataPath])
        XCTAssertEqual(result.status, 0, result.standardError)

        let generated = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertEqual(generated, ["chorale-jsb-test-0.mid", "ein-feste-burg.mid", "harmonize-ode-to-joy.session.json",
                                   "ode-to-joy.mid", "wachet-auf.mid"])
        for name in generated {
            let fresh = try Data(contentsOf: folder.appendingPathComponent(name))
            let committed = try Data(contentsOf: examples.appendingPathComponent(name))
            XCTAssertEqual(fresh, committed, "Examples/\(name) differs from what `sunmask write-examples` writes; regenerate it with `make examples`")
        }
        // Every MIDI and session file in Examples/ comes from the generator.
        let committed = try FileManager.default.contentsOfDirectory(atPath: examples.path)
            .filter { $0.hasSuffix(".mid") || $0.hasSuffix(".json") }
        XCTAssertEqual(committed.sorted(), generated)
    }

    func testMelodyExamplesImportAsSoprano() throws {
        let files: [(String, Melody)] = [
            ("ode-to-joy.mid", .odeToJoy), ("ein-feste-burg.mid", .einFesteBurg), ("wachet-auf.mid", .wachetAuf),
        ]
        for (name, melody) in files {
            let (score, report) = try MIDIImporter.importScore(contentsOf: examples.appendingPathComponent(name))
            XCTAssertEqual(report.assignmentRule, .trackNames, name)
            XCTAssertEqual(report.voices.map(\.noteCount).dropFirst(), [0, 0, 0], name)
            XCTAssertEqual(report.notesMoved, 0, name)
            XCTAssertEqual(score.pickupSteps, melody.pickupSteps, name)
            XCTAssertEqual(score.tempo, melody.tempo, name)
            // The grid merges repeated pitches, so compare with the notes laid out step by step.
            let soprano = melody.notes.flatMap { Array(repeating: $0.pitch, count: $0.steps) }
            XCTAssertEqual(score.grid.pitches[0], soprano, name)
            for voice in 1..<4 {
                XCTAssertEqual(score.grid.pitches[voice], Array(repeating: SATBGrid.rest, count: soprano.count), name)
            }
        }
    }

    func testChoraleExampleImportsFourVoices() throws {
        let (score, report) = try MIDIImporter.importScore(contentsOf: examples.appendingPathComponent("chorale-jsb-test-0.mid"))
        XCTAssertEqual(report.assignmentRule, .trackNames)
        XCTAssertEqual(report.voices.map(\.source), [
            "track 2 \"Soprano\" channel 1", "track 3 \"Alto\" channel 2",
            "track 4 \"Tenor\" channel 3", "track 5 \"Bass\" channel 4",
        ])
        for voice in Voice.allCases {
            XCTAssertGreaterThan(report.voices[voice.rawValue].noteCount, 10, "\(voice)")
        }
        let chorale = try JSBData.load().test[0]
        XCTAssertEqual(score.grid, chorale)
    }

    func testHarmonizeSessionKeepsSopranoOnly() throws {
        let session = try SessionFile.read(from: examples.appendingPathComponent("harmonize-ode-to-joy.session.json"))
        let steps = Melody.odeToJoy.steps
        XCTAssertEqual(session.score.grid.steps, steps)
        XCTAssertEqual(session.keep.rows, [Array(repeating: 1, count: steps)] + Array(repeating: Array(repeating: 0, count: steps), count: 3))
        XCTAssertEqual(session.score.grid.pitches[0], Melody.odeToJoy.notes.flatMap { Array(repeating: $0.pitch, count: $0.steps) })
        XCTAssertEqual(session.score.tempo, 100)
    }
}
