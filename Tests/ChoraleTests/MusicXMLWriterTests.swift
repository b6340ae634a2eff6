import Foundation
import XCTest
import Chorale

final class MusicXMLWriterTests: XCTestCase {
    /// A grid with held notes across barlines, rests, a dotted and an odd duration, and a last bar
    /// that the writer must complete with rests (38 steps in 4/4).
    private func sampleGrid() throws -> SATBGrid {
        var rows = Array(repeating: [Int](), count: 4)
        rows[0] = Array(repeating: 72, count: 6) + Array(repeating: 74, count: 14) + Array(repeating: -1, count: 3)
            + Array(repeating: 76, count: 15)
        rows[1] = Array(repeating: 67, count: 20) + Array(repeating: 66, count: 5) + Array(repeating: 67, count: 13)
        rows[2] = Array(repeating: 64, count: 1) + Array(repeating: 63, count: 3) + Array(repeating: -1, count: 34)
        rows[3] = (0..<38).map { 48 + ($0 / 2) % 5 }
        return try SATBGrid(pitches: rows)
    }

    private func export(_ score: Score, layout: MusicXMLWriter.Layout = .fourParts, key: Key? = nil) throws -> ParsedMusicXML {
        let text = try MusicXMLWriter(layout: layout, key: key, title: "Test & <check>").document(for: score)
        return try ParsedMusicXML(data: Data(text.utf8))
    }

    /// Checks measure lengths, ties and the re-derived grid for one export.
    private func assertConsistent(_ parsed: ParsedMusicXML, score: Score, layout: MusicXMLWriter.Layout,
                                  file: StaticString = #filePath, line: UInt = #line) throws {
        let bar = score.timeSignature.stepsPerBar
        let steps = score.grid.steps
        let barCount = Int((Double(max(steps - score.pickupSteps, 1)) / Double(bar)).rounded(.up))
        let expectedMeasures = barCount + (score.pickupSteps > 0 ? 1 : 0)
        let paddedSteps = score.pickupSteps + barCount * bar

        for part in parsed.parts {
            XCTAssertEqual(part.measures.count, expectedMeasures, "measures in \(part.id)", file: file, line: line)
            for (index, measure) in part.measures.enumerated() {
                let expected = (score.pickupSteps > 0 && index == 0) ? score.pickupSteps : bar
                XCTAssertEqual(measure.implicit, score.pickupSteps > 0 && index == 0, file: file, line: line)
                for (voice, total) in measure.durationByVoice {
                    XCTAssertEqual(total, expected, "\(part.id) measure \(measure.number) voice \(voice)", file: file, line: line)
                }
                XCTAssertTrue(measure.backups.allSatisfy { $0 == expected }, file: file, line: line)
            }
        }

        for voice in Voice.allCases {
            let (part, number) = layout == .fourParts ? (voice.rawValue, 1) : (0, voice.rawValue + 1)
            let cells = parsed.cells(part: part, voice: number)
            let expected = score.grid.pitches[voice.rawValue] + Array(repeating: -1, count: paddedSteps - steps)
            XCTAssertEqual(cells, expected, "\(voice) cells", file: file, line: line)

            // Ties: a tie start is always followed by a tie stop on the same pitch, and each
            // onset (a pitched note without a tie stop) is one held note of the grid.
            let notes = parsed.notes(part: part, voice: number)
            for (index, note) in notes.enumerated() {
                XCTAssertEqual(note.tieStart, note.tiedStart, file: file, line: line)
                XCTAssertEqual(note.tieStop, note.tiedStop, file: file, line: line)
                if note.tieStart {
                    XCTAssertLessThan(index + 1, notes.count, "\(voice) tie at note \(index)", file: file, line: line)
                    if index + 1 < notes.count {
                        XCTAssertTrue(notes[index + 1].tieStop, "\(voice) tie at note \(index)", file: file, line: line)
                        XCTAssertEqual(notes[index + 1].midi, note.midi, "\(voice) tie at note \(index)", file: file, line: line)
                    }
                }
                if note.tieStop {
                    XCTAssertGreaterThan(index, 0, "\(voice) tie stop at note \(index)", file: file, line: line)
                    if index > 0 {
                        XCTAssertTrue(notes[index - 1].tieStart, "\(voice) tie stop at note \(index)", file: file, line: line)
                    }
                }
            }
            let onsets = notes.filter { !$0.isRest && !$0.tieStop }.count
            XCTAssertEqual(onsets, score.grid.notes(of: voice).count, "\(voice) onsets", file: file, line: line)
        }
    }

    func testFourPartsRoundTrip() throws {
        let score = Score(grid: try sampleGrid())
        let parsed = try export(score)
        XCTAssertEqual(parsed.partNames, ["Soprano", "Alto", "Tenor", "Bass"])
        XCTAssertEqual(parsed.divisions, [4, 4, 4, 4])
        XCTAssertEqual(parsed.beats, [4, 4, 4, 4])
        XCTAssertEqual(parsed.beatTypes, [4, 4, 4, 4])
        XCTAssertEqual(parsed.parts[0].measures.map(\.number), ["1", "2", "3"])
        try assertConsistent(parsed, score: score, layout: .fourParts)
    }

    func testTwoStavesRoundTrip() throws {
        let score = Score(grid: try sampleGrid())
        let parsed = try export(score, layout: .twoStaves)
        XCTAssertEqual(parsed.parts.count, 1)
        XCTAssertEqual(Set(parsed.parts[0].measures[0].durationByVoice.keys), [1, 2, 3, 4])
        try assertConsistent(parsed, score: score, layout: .twoStaves)
    }

    func testTieAcrossBarline() throws {
        // Soprano G4 from step 12 to step 20 crosses the barline at 16: quarter tied to quarter.
        var grid = SATBGrid(steps: 32)
        for step in 12..<20 { grid[.soprano, step] = 67 }
        let parsed = try export(Score(grid: grid), key: Key(tonic: 0, mode: .major))
        let notes = parsed.notes(part: 0, voice: 1).filter { !$0.isRest }
        XCTAssertEqual(notes.count, 2)
        XCTAssertEqual(notes.map(\.duration), [4, 4])
        XCTAssertTrue(notes[0].tieStart)
        XCTAssertFalse(notes[0].tieStop)
        XCTAssertTrue(notes[1].tieStop)
        XCTAssertFalse(notes[1].tieStart)
        XCTAssertEqual(notes.map(\.midi), [67, 67])
        try assertConsistent(parsed, score: Score(grid: grid), layout: .fourParts)
    }

    func testPickupIsImplicitMeasureZero() throws {
        var grid = SATBGrid(steps: 4 + 32)
        for step in 0..<grid.steps {
            grid[.soprano, step] = 67 + (step / 4) % 3
            grid[.bass, step] = 43
        }
        let score = Score(grid: grid, pickupSteps: 4)
        let parsed = try export(score)
        let first = parsed.parts[0].measures[0]
        XCTAssertEqual(first.number, "0")
        XCTAssertTrue(first.implicit)
        XCTAssertEqual(first.durationByVoice[1], 4)
        XCTAssertEqual(parsed.parts[0].measures.map(\.number), ["0", "1", "2"])
        try assertConsistent(parsed, score: score, layout: .fourParts)
    }

    func testThreeFourMeter() throws {
        var grid = SATBGrid(steps: 30)
        for step in 0..<30 { grid[.alto, step] = 62 + step / 7 }
        let score = Score(grid: grid, timeSignature: TimeSignature(beats: 3, beatUnit: 4), pickupSteps: 2)
        let parsed = try export(score, layout: .twoStaves)
        XCTAssertEqual(parsed.beats, [3])
        XCTAssertEqual(parsed.beatTypes, [4])
        try assertConsistent(parsed, score: score, layout: .twoStaves)
    }

    func testRandomGridsRoundTrip() throws {
        var generator = SplitMix64(seed: 3)
        for trial in 0..<40 {
            let steps = Int.random(in: 1...70, using: &generator)
            var grid = SATBGrid(steps: steps)
            for voice in Voice.allCases {
                var step = 0
                while step < steps {
                    let length = Int.random(in: 1...12, using: &generator)
                    let pitch = Int.random(in: 0..<5, using: &generator) == 0 ? -1 : voice.modelRange.randomElement(using: &generator)!
                    for s in step..<min(step + length, steps) { grid[voice, s] = pitch }
                    step += length
                }
            }
            let meters = [TimeSignature.fourFour, TimeSignature(beats: 3, beatUnit: 4), TimeSignature(beats: 3, beatUnit: 2)]
            let meter = meters[trial % 3]
            let pickup = Int.random(in: 0..<meter.stepsPerBar, using: &generator)
            let score = Score(grid: grid, timeSignature: meter, pickupSteps: pickup)
            let layout: MusicXMLWriter.Layout = trial % 2 == 0 ? .fourParts : .twoStaves
            let parsed = try export(score, layout: layout)
            try assertConsistent(parsed, score: score, layout: layout)
        }
    }

    func testEmptyGridIsOneRestBar() throws {
        let parsed = try export(Score(grid: SATBGrid(steps: 0)))
        XCTAssertEqual(parsed.parts.map(\.measures.count), [1, 1, 1, 1])
        XCTAssertEqual(parsed.parts[0].measures[0].durationByVoice[1], 16)
        XCTAssertEqual(parsed.fifths, [0, 0, 0, 0])
    }

    func testKeySignatureFromEstimate() throws {
        // A D major scale and triad: two sharps; F# and C# are spelled as sharps.
        var grid = SATBGrid(steps: 16)
        let scale = [62, 64, 66, 67, 69, 71, 73, 74]
        for step in 0..<16 {
            grid[.soprano, step] = scale[step / 2]
            grid[.alto, step] = 66
            grid[.tenor, step] = 57
            grid[.bass, step] = 50
        }
        let parsed = try export(Score(grid: grid))
        XCTAssertEqual(parsed.fifths.first, 2)
        XCTAssertEqual(parsed.modes.first, "major")
        let soprano = parsed.notes(part: 0, voice: 1)
        XCTAssertEqual(soprano.map(\.step), ["D", "E", "F", "G", "A", "B", "C", "D"])
        XCTAssertEqual(soprano.map(\.alter), [0, 0, 1, 0, 0, 0, 1, 0])
    }

    func testInvalidMeterThrows() {
        let score = Score(grid: SATBGrid(steps: 8), timeSignature: TimeSignature(beats: 4, beatUnit: 5))
        XCTAssertThrowsError(try MusicXMLWriter().document(for: score)) {
            XCTAssertEqual($0 as? BarPositionError, .unsupportedTimeSignature(beats: 4, beatUnit: 5))
        }
    }

    func testWriteIsAtomicAndReportsBadPath() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("musicxml-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("out.musicxml")
        let score = Score(grid: try sampleGrid())
        try MusicXMLWriter().write(score, to: url)
        try MusicXMLWriter().write(score, to: url)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["out.musicxml"])
        XCTAssertEqual(try String(contentsOf: url, encoding: .utf8), try MusicXMLWriter().document(for: score))

        let missing = directory.appendingPathComponent("no/such/dir/out.musicxml")
        XCTAssertThrowsError(try MusicXMLWriter().write(score, to: missing)) { error in
            guard case .writeFailed(let path, _) = error as? MusicXMLError else {
                return XCTFail("expected writeFailed, got \(error)")
            }
            XCTAssertEqual(path, missing.path)
        }
    }
}
