import XCTest
@testable import Chorale

/// Voice assignment and the import report, on files built byte by byte.
final class MIDIImportTests: XCTestCase {
    private let rests = [Int](repeating: -1, count: 8)

    /// Builds one track body with two half-note chords played on four channels (format 0 style).
    /// `channelPitches[c]` are the two pitches of channel c.
    private func fourChannelBody(_ channelPitches: [[Int]]) -> [UInt8] {
        var body: [UInt8] = []
        for chord in 0..<2 {
            for (channel, pitches) in channelPitches.enumerated() {
                body += noteOn(0, channel: channel, pitches[chord])
            }
            for (channel, pitches) in channelPitches.enumerated() {
                body += noteOff(channel == 0 ? 960 : 0, channel: channel, pitches[chord])
            }
        }
        return body + endOfTrack()
    }

    func testFormat0FourChannelsByAveragePitch() throws {
        // Channels in scrambled register order: bass, soprano, tenor, alto.
        let body = fourChannelBody([[48, 43], [72, 74], [55, 59], [64, 67]])
        let (score, report) = try MIDIImporter.importScore(midiFile(format: 0, tracks: [body]))
        XCTAssertEqual(score.grid.pitches, [
            row([(72, 8), (74, 8)]), row([(64, 8), (67, 8)]),
            row([(55, 8), (59, 8)]), row([(48, 8), (43, 8)]),
        ])
        XCTAssertEqual(report.assignmentRule, .averagePitch)
        XCTAssertEqual(report.voices.map(\.source), [
            "track 1 channel 2", "track 1 channel 4", "track 1 channel 3", "track 1 channel 1",
        ])
        XCTAssertEqual(report.voices.map(\.noteCount), [2, 2, 2, 2])
    }

    func testFourTracksByName() throws {
        // Names contradict the registers on purpose: the names win.
        let tracks = [
            melodyBody([(48, 960)], name: "Soprano"),
            melodyBody([(72, 960)], name: "B"),
            melodyBody([(64, 960)], name: "Tenor 1"),
            melodyBody([(55, 960)], name: "alto"),
        ]
        let (score, report) = try MIDIImporter.importScore(midiFile(tracks: tracks))
        XCTAssertEqual(score.grid.pitches, [row([(48, 8)]), row([(55, 8)]), row([(64, 8)]), row([(72, 8)])])
        XCTAssertEqual(report.assignmentRule, .trackNames)
    }

    func testFourUnnamedTracksByAveragePitch() throws {
        let conductor = meta(0, 0x51, [0x07, 0xA1, 0x20]) + endOfTrack()
        let tracks = [conductor,
                      melodyBody([(55, 960)], name: "Piano"), melodyBody([(72, 960)], name: "Voice"),
                      melodyBody([(48, 960)]), melodyBody([(64, 960)])]
        let (score, report) = try MIDIImporter.importScore(midiFile(tracks: tracks))
        XCTAssertEqual(score.grid.pitches, [row([(72, 8)]), row([(64, 8)]), row([(55, 8)]), row([(48, 8)])])
        XCTAssertEqual(report.assignmentRule, .averagePitch)
        XCTAssertEqual(report.voices[0].source, "track 3 \"Voice\" channel 1")
        XCTAssertEqual(score.tempo, 120)
    }

    func testSingleMelodyBecomesSoprano() throws {
        let melody = melodyBody([(67, 480), (-1, 240), (69, 240), (71, 960)])
        let (score, report) = try MIDIImporter.importScore(midiFile(tracks: [melody]))
        let rest16 = [Int](repeating: -1, count: 16)
        XCTAssertEqual(score.grid.pitches, [row([(67, 4), (-1, 2), (69, 2), (71, 8)]), rest16, rest16, rest16])
        XCTAssertEqual(report.assignmentRule, .melody)
        XCTAssertEqual(report.voices.map(\.noteCount), [3, 0, 0, 0])
    }

    func testChordsInOneTrackSplitByPitch() throws {
        // Chord 1 at tick 0; at 480 the soprano sustains while alto, tenor and bass move.
        var body = noteOn(0, 72) + noteOn(0, 64) + noteOn(0, 55) + noteOn(0, 48)
        body += noteOff(480, 64) + noteOff(0, 55) + noteOff(0, 48)
        body += noteOn(0, 65) + noteOn(0, 57) + noteOn(0, 50)
        body += noteOff(480, 72) + noteOff(0, 65) + noteOff(0, 57) + noteOff(0, 50) + endOfTrack()
        let (score, report) = try MIDIImporter.importScore(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches, [
            row([(72, 8)]), row([(64, 4), (65, 4)]), row([(55, 4), (57, 4)]), row([(48, 4), (50, 4)]),
        ])
        XCTAssertEqual(report.assignmentRule, .chordSplit)
        XCTAssertEqual(report.voices.map(\.noteCount), [1, 2, 2, 2])
    }

    func testThreeNoteChordsGoToSopranoAltoBass() throws {
        let body = noteOn(0, 72) + noteOn(0, 64) + noteOn(0, 48)
            + noteOff(960, 72) + noteOff(0, 64) + noteOff(0, 48) + endOfTrack()
        let (score, _) = try MIDIImporter.importScore(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches, [row([(72, 8)]), row([(64, 8)]), rests, row([(48, 8)])])
    }

    func testFiveNoteChordDropsInnerNote() throws {
        let pitches = [76, 72, 67, 60, 48]
        let body = pitches.flatMap { noteOn(0, $0) } + noteOff(960, 76) + pitches.dropFirst().flatMap { noteOff(0, $0) }
            + endOfTrack()
        let (score, report) = try MIDIImporter.importScore(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches, [row([(76, 8)]), row([(72, 8)]), row([(67, 8)]), row([(48, 8)])])
        XCTAssertEqual(report.ignoredChordNotes, 1)
    }

    func testTwoLinesGoToSopranoAndBass() throws {
        let tracks = [melodyBody([(48, 960)]), melodyBody([(72, 960)])]
        let (score, report) = try MIDIImporter.importScore(midiFile(tracks: tracks))
        XCTAssertEqual(score.grid.pitches, [row([(72, 8)]), rests, rests, row([(48, 8)])])
        XCTAssertEqual(report.assignmentRule, .averagePitch)
    }

    func testMoreThanFourLinesKeepsBusiest() throws {
        // Five unnamed tracks; the one with a single note is ignored.
        let tracks = [
            melodyBody([(72, 480), (74, 480)]), melodyBody([(64, 480), (65, 480)]),
            melodyBody([(80, 960)]),
            melodyBody([(55, 480), (57, 480)]), melodyBody([(48, 480), (50, 480)]),
        ]
        let (score, report) = try MIDIImporter.importScore(midiFile(tracks: tracks))
        XCTAssertEqual(score.grid.pitches[0], row([(72, 4), (74, 4)]))
        XCTAssertEqual(score.grid.pitches[3], row([(48, 4), (50, 4)]))
        XCTAssertEqual(report.ignoredLines, ["track 3 channel 1"])
    }

    func testTrackNameVoiceMatching() {
        XCTAssertEqual(MIDIVoiceAssignment.voice(forTrackName: "Soprano"), .soprano)
        XCTAssertEqual(MIDIVoiceAssignment.voice(forTrackName: "S."), .soprano)
        XCTAssertEqual(MIDIVoiceAssignment.voice(forTrackName: "Alto Voice"), .alto)
        XCTAssertEqual(MIDIVoiceAssignment.voice(forTrackName: "T"), .tenor)
        XCTAssertEqual(MIDIVoiceAssignment.voice(forTrackName: "Basso continuo"), .bass)
        // "A" as a word inside a title names no voice, and a name with two voices names none.
        XCTAssertNil(MIDIVoiceAssignment.voice(forTrackName: "A Mighty Fortress"))
        XCTAssertNil(MIDIVoiceAssignment.voice(forTrackName: "Soprano/Alto"))
        XCTAssertNil(MIDIVoiceAssignment.voice(forTrackName: "Piano"))
    }

    func testReportDescriptionListsVoicesAndShifts() throws {
        let bytes = midiFile(tracks: [melodyBody([(60, 160), (62, 160), (64, 160), (65, 480)])])
        let report = try MIDIImporter.importScore(bytes).report
        let text = report.description
        XCTAssertTrue(text.contains("soprano: track 1 channel 1, 4 notes"), text)
        XCTAssertTrue(text.contains("3 moved"), text)
        XCTAssertTrue(text.contains("largest shift: 40.0 ticks"), text)
    }

    func testImportIsDeterministic() throws {
        let body = noteOn(0, 72) + noteOn(13, 64) + noteOn(7, 55) + noteOn(101, 48)
            + noteOff(333, 64) + noteOff(17, 55) + noteOn(0, 65) + noteOn(50, 57)
            + noteOff(480, 72) + noteOff(3, 65) + noteOff(9, 57) + noteOff(2, 48) + endOfTrack()
        let bytes = midiFile(tracks: [body])
        let first = try MIDIImporter.importScore(bytes)
        for _ in 0..<5 {
            let again = try MIDIImporter.importScore(bytes)
            XCTAssertEqual(again.score, first.score)
            XCTAssertEqual(again.report, first.report)
        }
    }
}
