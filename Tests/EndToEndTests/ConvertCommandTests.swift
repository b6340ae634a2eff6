import Chorale
import Foundation
import XCTest

final class ConvertCommandTests: XCTestCase {
    func testJSBToMIDIToMIDIKeepsGrid() throws {
        let dataPath = try JSBData.path()
        let expected = try JSBData.load().test[3]
        let folder = try makeTemporaryDirectory(self)
        let first = folder.appendingPathComponent("first.mid").path
        let second = folder.appendingPathComponent("second.midi").path

        let toMIDI = try runSunmask(["convert", "jsb:test:3", first, "--jsb-data", dataPath])
        XCTAssertEqual(toMIDI.status, 0, toMIDI.standardError)
        XCTAssertEqual(toMIDI.standardOutput,
                       "read jsb:test:3: \(expected.steps) steps, \((expected.steps + 15) / 16) bars of 4/4, tempo 80\nwrote \(first) (MIDI)\n")

        let again = try runSunmask(["convert", first, second])
        XCTAssertEqual(again.status, 0, again.standardError)
        XCTAssertEqual(again.standardError, "")
        // The report of a file this program wrote: four named tracks, nothing moved.
        // A note starts at every sounding cell whose pitch differs from the cell before it.
        var noteCount = 0
        for row in expected.pitches {
            for (step, pitch) in row.enumerated() where pitch != SATBGrid.rest && (step == 0 || row[step - 1] != pitch) {
                noteCount += 1
            }
        }
        XCTAssertTrue(again.standardOutput.contains("voices by track name"), again.standardOutput)
        XCTAssertTrue(again.standardOutput.contains("  bass: track 5 \"Bass\" channel 4"), again.standardOutput)
        XCTAssertTrue(again.standardOutput.contains("notes: \(noteCount) read, \(noteCount) imported, 0 moved by quantization"),
                      again.standardOutput)

        for path in [first, second] {
            let imported = try MIDIImporter.importScore(contentsOf: URL(fileURLWithPath: path)).score
            XCTAssertEqual(imported.grid, expected, path)
        }
    }

    func testJSBToMusicXMLParses() throws {
        let dataPath = try JSBData.path()
        let chorale = try JSBData.load().test[3]
        let folder = try makeTemporaryDirectory(self)
        let output = folder.appendingPathComponent("chorale.musicxml")

        let result = try runSunmask(["convert", "jsb:test:3", output.path, "--jsb-data", dataPath])
        XCTAssertEqual(result.status, 0, result.standardError)
        let parsed = try MusicXMLMeasures.parse(output)
        XCTAssertEqual(parsed.parts.count, 4)
        let bars = (chorale.steps + 15) / 16
        for part in parsed.parts {
            XCTAssertEqual(part.count, bars)
            for measure in part {
                // divisions = 4 per quarter note, so a 4/4 bar lasts 16 in every voice.
                XCTAssertEqual(Array(measure.durationByVoice.values), [16], "measure \(measure.number)")
            }
        }
    }

    func testTwoStavesWritesOnePart() throws {
        let folder = try makeTemporaryDirectory(self)
        let output = folder.appendingPathComponent("melody.xml")
        let session = folder.appendingPathComponent("in.json")
        try SessionFile.write(Session(score: try Melody.odeToJoy.score(), keep: KeepMask(steps: 256, keepingAll: true)),
                              to: session)

        let result = try runSunmask(["convert", session.path, output.path, "--two-staves"])
        XCTAssertEqual(result.status, 0, result.standardError)
        let parsed = try MusicXMLMeasures.parse(output)
        XCTAssertEqual(parsed.parts.count, 1)
        XCTAssertEqual(parsed.staffCount, 2)
        XCTAssertEqual(parsed.parts[0].count, 16)
        for measure in parsed.parts[0] {
            XCTAssertEqual(measure.durationByVoice.count, 4, "measure \(measure.number)")
            XCTAssertTrue(measure.durationByVoice.values.allSatisfy { $0 == 16 }, "measure \(measure.number)")
        }
    }

    func testSessionToMIDI() throws {
        let folder = try makeTemporaryDirectory(self)
        // Two bars of 3/4 after a quarter-note pickup, with rests in the alto and a held bass.
        let soprano = [67, 67, 67, 67] + [72, 72, 72, 72, 71, 71, 69, 69, 67, 67, 67, 67] + Array(repeating: 67, count: 12)
        let alto = [-1, -1, -1, -1] + [64, 64, 64, 64, -1, -1, -1, -1, 62, 62, 62, 62] + Array(repeating: 62, count: 12)
        let tenor = [59, 59, 59, 59] + Array(repeating: 55, count: 12) + Array(repeating: 59, count: 12)
        let bass = [43, 43, 43, 43] + Array(repeating: 48, count: 24)
        let score = Score(grid: try SATBGrid(pitches: [soprano, alto, tenor, bass]),
                          timeSignature: TimeSignature(beats: 3, beatUnit: 4), pickupSteps: 4, tempo: 66)
        var keep = KeepMask(steps: score.grid.steps, keepingAll: true)
        keep.set(false, voices: [.alto], steps: 4..<16)
        let input = folder.appendingPathComponent("piece.session.json")
        try SessionFile.write(Session(score: score, keep: keep), to: input)
        let output = folder.appendingPathComponent("piece.mid")

        let result = try runSunmask(["convert", input.path, output.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput,
                       "read \(input.path): 28 steps, 3 bars of 3/4, pickup 4 16ths, tempo 66\nwrote \(output.path) (MIDI)\n")
        let imported = try MIDIImporter.importScore(contentsOf: output).score
        XCTAssertEqual(imported, score)
    }

    func testSessionToSessionKeepsMask() throws {
        let folder = try makeTemporaryDirectory(self)
        let score = try Melody.wachetAuf.score()
        var keep = KeepMask(steps: score.grid.steps, keepingAll: false)
        keep.set(true, voices: [.soprano, .bass], steps: 0..<32)
        let candidate = try score.grid.transposed(by: 2)
        let input = folder.appendingPathComponent("in.json")
        try SessionFile.write(Session(score: score, keep: keep, candidates: [candidate]), to: input)
        let output = folder.appendingPathComponent("out.json")

        let result = try runSunmask(["convert", input.path, output.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        let session = try SessionFile.read(from: output)
        XCTAssertEqual(session.score, score)
        XCTAssertEqual(session.keep, keep)
        XCTAssertEqual(session.candidates, [candidate])
    }

    func testMIDIToSessionKeepsEveryCell() throws {
        let folder = try makeTemporaryDirectory(self)
        let input = folder.appendingPathComponent("melody.mid")
        // C4 quarter, D4 quarter at 96 ticks per quarter.
        try Data(formatZeroMIDIFile(ticksPerQuarter: 96, events: [
            (0, [0x90, 60, 80]), (96, [0x80, 60, 0]), (0, [0x90, 62, 80]), (96, [0x80, 62, 0]),
        ])).write(to: input)
        let output = folder.appendingPathComponent("melody.json")

        let result = try runSunmask(["convert", input.path, output.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("one monophonic line → soprano melody"), result.standardOutput)
        let session = try SessionFile.read(from: output)
        XCTAssertEqual(session.score.grid.pitches[0], [60, 60, 60, 60, 62, 62, 62, 62])
        XCTAssertEqual(session.keep.keptCount, 4 * 8)
    }

    func testReportShowsQuantizedNote() throws {
        let folder = try makeTemporaryDirectory(self)
        let input = folder.appendingPathComponent("late.mid")
        // 120 ticks per quarter (30 per 16th). The second note starts 7 ticks late, at tick 127.
        try Data(formatZeroMIDIFile(ticksPerQuarter: 120, events: [
            (0, [0x90, 67, 80]), (120, [0x80, 67, 0]), (7, [0x90, 69, 80]), (113, [0x80, 69, 0]),
        ])).write(to: input)

        let result = try runSunmask(["convert", input.path, folder.appendingPathComponent("out.mid").path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("notes: 2 read, 2 imported, 1 moved by quantization"), result.standardOutput)
        // 7 ticks of 30 per 16th = 0.23 16ths, in bar 1.
        XCTAssertTrue(result.standardOutput.contains("largest shift: 7.0 ticks (0.23 16ths); bars with moved notes: 1"),
                      result.standardOutput)
    }

    func testOutOfRangeNoteMovedOrRejected() throws {
        let folder = try makeTemporaryDirectory(self)
        let input = folder.appendingPathComponent("high.mid")
        // MIDI 100 is above the model's range 30…86; two octaves down it is 76.
        try Data(formatZeroMIDIFile(ticksPerQuarter: 96, events: [
            (0, [0x90, 72, 80]), (96, [0x80, 72, 0]), (0, [0x90, 100, 80]), (96, [0x80, 100, 0]),
        ])).write(to: input)
        let output = folder.appendingPathComponent("out.json")

        let moved = try runSunmask(["convert", input.path, output.path, "--transpose-octaves"])
        XCTAssertEqual(moved.status, 0, moved.standardError)
        XCTAssertTrue(moved.standardOutput.contains("out of range: soprano bar 1 pitch 100 → 76"), moved.standardOutput)
        XCTAssertEqual(try SessionFile.read(from: output).score.grid.pitches[0], [72, 72, 72, 72, 76, 76, 76, 76])

        let rejected = try runSunmask(["convert", input.path, folder.appendingPathComponent("rejected.json").path,
                                       "--reject-out-of-range"])
        XCTAssertEqual(rejected.status, 1)
        XCTAssertEqual(rejected.standardError,
                       "Error: \(input.path): MIDI note 100 in the soprano in bar 1 is outside the model's range 30…86; transpose the file or import with octave transposition\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("rejected.json").path))
    }

    func testTruncatedMIDIIsOneErrorLine() throws {
        let folder = try makeTemporaryDirectory(self)
        let whole = formatZeroMIDIFile(ticksPerQuarter: 96, events: [(0, [0x90, 60, 80]), (96, [0x80, 60, 0])])
        let input = folder.appendingPathComponent("truncated.mid")
        // Cut inside the track: the chunk declares more bytes than remain.
        try Data(whole.prefix(whole.count - 5)).write(to: input)
        let output = folder.appendingPathComponent("out.mid")

        let result = try runSunmask(["convert", input.path, output.path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardOutput, "")
        XCTAssertEqual(result.standardError.filter { $0 == "\n" }.count, 1, result.standardError)
        XCTAssertTrue(result.standardError.hasPrefix("Error: \(input.path): MIDI chunk \"MTrk\" at byte 14 declares"),
                      result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
    }

    func testGarbageMIDIIsOneErrorLine() throws {
        let folder = try makeTemporaryDirectory(self)
        let input = folder.appendingPathComponent("garbage.mid")
        try Data("not a midi file\n".utf8).write(to: input)

        let result = try runSunmask(["convert", input.path, folder.appendingPathComponent("out.musicxml").path])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError,
                       "Error: \(input.path): file does not start with a MIDI header chunk \"MThd\" (first bytes: 6E 6F 74 20 61 20 6D 69); pass a Standard MIDI File (.mid)\n")
    }

    func testMusicXMLInputIsNamedAsUnsupported() throws {
        let folder = try makeTemporaryDirectory(self)
        let input = folder.appendingPathComponent("score.musicxml")
        try Data("<?xml version=\"1.0\"?>\n<score-partwise/>\n".utf8).write(to: input)
        let output = folder.appendingPathComponent("out.mid").path

        let result = try runSunmask(["convert", input.path, output])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError,
                       "Error: \(input.path): MusicXML is written but not read; export MIDI from the notation program and pass that\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))
    }

    func testUnknownExtensionIsUsageError() throws {
        let result = try runSunmask(["convert", "jsb:test:0", "out.wav"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.standardOutput, "")
        XCTAssertEqual(result.standardError, """
            Error: cannot choose an output format for 'out.wav' (extension '.wav') in OUT; use one of .mid, .midi, .musicxml, .xml, .json
            Usage: sunmask convert IN OUT [options]
              See 'sunmask convert --help'.

            """)
    }

    func testMissingInputFile() throws {
        let folder = try makeTemporaryDirectory(self)
        let missingMIDI = folder.appendingPathComponent("missing.mid").path
        let midi = try runSunmask(["convert", missingMIDI, folder.appendingPathComponent("out.mid").path])
        XCTAssertEqual(midi.status, 1)
        XCTAssertEqual(midi.standardError, "Error: cannot read MIDI file \(missingMIDI): file not found or not accessible\n")

        let missingSession = folder.appendingPathComponent("missing.json").path
        let session = try runSunmask(["convert", missingSession, folder.appendingPathComponent("out.mid").path])
        XCTAssertEqual(session.status, 1)
        XCTAssertTrue(session.standardError.hasPrefix("Error: session \(missingSession): cannot read the file"),
                      session.standardError)
        XCTAssertEqual(session.standardError.filter { $0 == "\n" }.count, 1)
    }

    func testMissingJSBDataNamesPathTried() throws {
        let result = try runSunmask(["convert", "jsb:test:0", "out.mid", "--jsb-data", "/nonexistent/jsb.json"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError,
                       "Error: JSB data set not found (tried /nonexistent/jsb.json); pass --jsb-data PATH or set SUNMASK_JSB_PATH to Jsb16thSeparated.json\n")
    }

    func testBadArgumentsAreUsageErrors() throws {
        let cases: [([String], String)] = [
            (["convert", "only-one.mid"], "Error: missing argument OUT"),
            (["convert", "jsb:test:x", "out.mid"], "Error: JSB reference \"jsb:test:x\" has index \"x\"; expected an integer ≥ 0"),
            (["convert", "a.mid", "b.mid", "--two-staves"], "Error: --two-staves applies to MusicXML output only; OUT 'b.mid' is MIDI"),
            (["convert", "a.mid", "b.mid", "--transpose-octaves", "--reject-out-of-range"],
             "Error: --transpose-octaves and --reject-out-of-range exclude each other; give at most one"),
        ]
        for (arguments, firstLine) in cases {
            let result = try runSunmask(arguments)
            XCTAssertEqual(result.status, 64, arguments.joined(separator: " "))
            XCTAssertEqual(result.standardError.split(separator: "\n").first.map(String.init), firstLine)
        }
    }
}
