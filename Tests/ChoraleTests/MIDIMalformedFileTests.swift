import XCTest
@testable import Chorale

/// Malformed and unusual MIDI files built byte by byte, each with its expected outcome: a specific
/// error, or the exact grid. Ticks per quarter is 480 unless a test states otherwise, so one 16th
/// step is 120 ticks.
final class MIDIMalformedFileTests: XCTestCase {
    private let rests = [Int](repeating: -1, count: 8)

    private func importFile(_ bytes: [UInt8], options: MIDIImportOptions = MIDIImportOptions())
        throws -> (score: Score, report: MIDIImportReport) {
        try MIDIImporter.importScore(bytes, options: options)
    }

    private func assertThrows(_ bytes: [UInt8], _ expected: MIDIError,
                              file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try importFile(bytes), file: file, line: line) { error in
            XCTAssertEqual(error as? MIDIError, expected, file: file, line: line)
        }
    }

    /// Two quarter notes, 60 then 62, the outcome expected of several files below.
    private let twoQuarters = row([(60, 4), (62, 4)])

    // MARK: - Errors

    func testTruncatedHeaderRejected() {
        let bytes = Array("MThd".utf8) + be32(6) + [0x00, 0x01]
        assertThrows(bytes, .chunkLengthExceedsFile(chunk: "MThd", offset: 0, declared: 6, remaining: 2))
        assertThrows(Array("MTh".utf8), .truncated(part: "header", offset: 0))
    }

    func testChunkLengthPastEndRejected() {
        let bytes = headerChunk(format: 1, tracks: 1, division: 480)
            + Array("MTrk".utf8) + be32(100) + noteOn(0, 60) + noteOff(480, 60) + endOfTrack()
        // The track chunk header starts right after the 14-byte header; 13 event bytes follow it.
        assertThrows(bytes, .chunkLengthExceedsFile(chunk: "MTrk", offset: 14, declared: 100, remaining: 13))
    }

    func testTrackEndingInsideEventRejected() {
        // The note-off lacks its velocity byte; the chunk length matches the bytes present.
        let body = noteOn(0, 60) + [0x78, 0x80, 0x3C]
        let bytes = midiFile(tracks: [body])
        // 14 header bytes + 8 chunk-header bytes + 7 body bytes: the missing byte is at 29.
        assertThrows(bytes, .truncated(part: "track 1", offset: 29))
    }

    func testGarbageRejected() {
        let riff = Array("RIFF".utf8) + [0x24, 0, 0, 0] + Array("WAVE".utf8)
        assertThrows(riff, .notAMIDIFile(firstBytes: Array(riff.prefix(8))))
        assertThrows([], .notAMIDIFile(firstBytes: []))
    }

    func testFirstBytesPrintAsTwoHexDigits() {
        let description = MIDIError.notAMIDIFile(firstBytes: [0x02, 0x50, 0x0F, 0xFB]).description
        XCTAssertTrue(description.contains("(first bytes: 02 50 0F FB)"), description)
    }

    func testSMPTEDivisionRejected() {
        // 0xE7 is -25 in two's complement: 25 frames per second, 40 ticks per frame.
        let bytes = midiFile(division: 0xE728, tracks: [melodyBody([(60, 40)])])
        assertThrows(bytes, .smpteDivision(framesPerSecond: 25, ticksPerFrame: 40))
        XCTAssertTrue(MIDIError.smpteDivision(framesPerSecond: 25, ticksPerFrame: 40).description.contains("ticks per quarter"))
    }

    func testFormat2Rejected() {
        let bytes = midiFile(format: 2, tracks: [melodyBody([(60, 480)])])
        assertThrows(bytes, .unsupportedFormat(2))
        XCTAssertTrue(MIDIError.unsupportedFormat(2).description.contains("format 0 or 1"))
    }

    func testAbsurdDeltaTimeRejected() {
        let body = [0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 80] + endOfTrack()
        assertThrows(midiFile(tracks: [body]), .tooLong(part: "track 1", tick: 0x0FFF_FFFF, limitSteps: 4096))
    }

    func testPieceLongerThanLimitRejected() {
        // 4096 steps of 120 ticks end at tick 491 520; a note ending one step later passes it.
        let body = noteOn(0, 60) + noteOff(4097 * 120, 60) + endOfTrack()
        assertThrows(midiFile(tracks: [body]), .tooLong(part: "track 1", tick: 4097 * 120, limitSteps: 4096))
    }

    func testFiveByteDeltaRejected() {
        let body: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x00, 0x90, 60, 80]
        assertThrows(midiFile(tracks: [body]), .variableLengthQuantityTooLong(part: "track 1", offset: 22))
    }

    func testDataWithoutStatusRejected() {
        // A track may not start with running status: nothing came before it.
        let body: [UInt8] = [0x00, 0x3C, 0x50] + endOfTrack()
        assertThrows(midiFile(tracks: [body]), .missingStatusByte(part: "track 1", offset: 23, byte: 0x3C))
    }

    func testSystemCommonStatusRejected() {
        let body: [UInt8] = [0x00, 0xF2, 0x00, 0x00] + endOfTrack()
        assertThrows(midiFile(tracks: [body]), .invalidStatusByte(part: "track 1", offset: 23, byte: 0xF2))
    }

    func testFileWithoutNotesRejected() {
        let conductor = meta(0, 0x51, [0x07, 0xA1, 0x20]) + endOfTrack(1920)
        assertThrows(midiFile(tracks: [conductor]), .noNotes)
    }

    func testFileWithoutTracksRejected() {
        assertThrows(headerChunk(format: 1, tracks: 0, division: 480), .noTracks)
    }

    func testZeroTicksPerQuarterRejected() {
        assertThrows(midiFile(division: 0, tracks: [melodyBody([(60, 1)])]), .zeroTicksPerQuarter)
    }

    func testOversizedFileRejected() {
        var bytes = midiFile(tracks: [melodyBody([(60, 480)])])
        bytes += [UInt8](repeating: 0, count: MIDIFileReader.maxFileBytes + 1 - bytes.count)
        assertThrows(bytes, .fileTooLarge(bytes: MIDIFileReader.maxFileBytes + 1, limit: MIDIFileReader.maxFileBytes))
    }

    func testErrorDescriptionsAreOneLine() {
        let errors: [MIDIError] = [
            .fileTooLarge(bytes: 1, limit: 0), .notAMIDIFile(firstBytes: [1]), .truncated(part: "header", offset: 0),
            .chunkLengthExceedsFile(chunk: "MTrk", offset: 1, declared: 2, remaining: 1), .headerTooShort(length: 2),
            .unsupportedFormat(2), .unsupportedFormat(7), .smpteDivision(framesPerSecond: 30, ticksPerFrame: 4),
            .zeroTicksPerQuarter, .noTracks, .variableLengthQuantityTooLong(part: "track 1", offset: 3),
            .missingStatusByte(part: "track 1", offset: 3, byte: 4), .invalidStatusByte(part: "track 1", offset: 3, byte: 0xF4),
            .tooLong(part: "track 1", tick: 9, limitSteps: 8), .noNotes,
            .pitchOutOfRange(pitch: 90, voice: .alto, bar: 3, range: 30...86),
            .readFailed(path: "/x.mid", reason: "r"), .writeFailed(path: "/x.mid", reason: "r"),
            .unwritableScore(reason: "r"),
        ]
        for error in errors {
            XCTAssertFalse(error.description.contains("\n"), "\(error)")
            XCTAssertFalse(error.description.isEmpty)
        }
    }

    // MARK: - Event encodings

    func testRunningStatusContinuesAcrossMetaEvent() throws {
        let body = noteOn(0, 60)
            + [0x83, 0x60, 0x3C, 0x00]               // running status: note 60 velocity 0 at +480
            + meta(0, 0x01, Array("text".utf8))
            + [0x00, 0x3E, 0x50]                     // still running status 0x90: note 62 on
            + [0x83, 0x60, 0x3E, 0x00]
            + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches, [twoQuarters, rests, rests, rests])
        XCTAssertEqual(report.assignmentRule, .melody)
    }

    func testRunningStatusContinuesAcrossSysex() throws {
        let body = noteOn(0, 60)
            + [0x00, 0xF0, 0x03, 0x7E, 0x09, 0xF7]    // sysex between two running-status events
            + [0x83, 0x60, 0x3C, 0x00, 0x00, 0x3E, 0x50, 0x83, 0x60, 0x3E, 0x00]
            + endOfTrack()
        XCTAssertEqual(try importFile(midiFile(tracks: [body])).score.grid.pitches[0], twoQuarters)
    }

    func testVelocityZeroNoteOnEndsNote() throws {
        let body = noteOn(0, 60) + noteOn(480, 60, velocity: 0) + noteOn(0, 62) + noteOn(480, 62, velocity: 0) + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], twoQuarters)
        XCTAssertEqual(report.notesRead, 2)
    }

    func testOneDataByteMessagesKeepAlignment() throws {
        // Program change and channel pressure take one data byte; reading two would swallow the
        // next delta time and shift every later event.
        let body: [UInt8] = [0x00, 0xC0, 0x34, 0x00, 0xD0, 0x40, 0x00, 0x30]
            + noteOn(0, 60) + noteOff(480, 60)
            + [0x00, 0xC0, 0x13]
            + noteOn(0, 62) + noteOff(480, 62) + endOfTrack()
        XCTAssertEqual(try importFile(midiFile(tracks: [body])).score.grid.pitches[0], twoQuarters)
    }

    func testSysexAndEscapeSkippedByLength() throws {
        // The escaped bytes include 0xF3 and 0x90, which must not be read as events.
        let body = noteOn(0, 60) + [0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7]
            + noteOff(480, 60) + [0x00, 0xF7, 0x03, 0xF3, 0x90, 0x01]
            + noteOn(0, 62) + noteOff(480, 62) + endOfTrack()
        XCTAssertEqual(try importFile(midiFile(tracks: [body])).score.grid.pitches[0], twoQuarters)
    }

    func testUnknownChunkSkipped() throws {
        let bytes = headerChunk(format: 1, tracks: 1, division: 480)
            + Array("XFIH".utf8) + be32(5) + [1, 2, 3, 4, 5]
            + trackChunk(melodyBody([(60, 480), (62, 480)]))
        let (score, report) = try importFile(bytes)
        XCTAssertEqual(score.grid.pitches[0], twoQuarters)
        XCTAssertEqual(report.warnings, [.noTempo])
    }

    func testDataByteAbove127ClampedWithWarning() throws {
        let body: [UInt8] = [0x00, 0x90, 0x3C, 0xC8] + noteOff(960, 60) + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], row([(60, 8)]))
        // The velocity byte sits at 14 + 8 + 3.
        XCTAssertTrue(report.warnings.contains(.dataByteClamped(part: "track 1", offset: 25, byte: 0xC8)))
    }

    func testImpossibleKeySignatureIgnoredWithWarning() throws {
        let body = meta(0, 0x59, [0x09, 0x00]) + meta(0, 0x59, [0xFE, 0x02]) + meta(0, 0x59, [0xFD, 0x01])
            + melodyBody([(60, 480), (62, 480)])
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], twoQuarters)
        XCTAssertTrue(report.warnings.contains(.keySignatureIgnored(part: "track 1", sharps: 9, mode: 0)))
        XCTAssertTrue(report.warnings.contains(.keySignatureIgnored(part: "track 1", sharps: -2, mode: 2)))
        let file = try MIDIFileReader.read(midiFile(tracks: [body]))
        XCTAssertEqual(file.tracks[0].events.first?.kind, .keySignature(sharps: -3, minor: true))
    }

    func testRealTimeByteSkippedWithWarning() throws {
        let body = noteOn(0, 60) + [0x00, 0xF8] + noteOff(480, 60) + noteOn(0, 62) + noteOff(480, 62) + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], twoQuarters)
        XCTAssertTrue(report.warnings.contains(.realTimeByteSkipped(part: "track 1", offset: 27, byte: 0xF8)))
    }

    func testUnreleasedNoteEndsAtTrackEnd() throws {
        let body = noteOn(0, 60) + endOfTrack(960)
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], row([(60, 8)]))
        XCTAssertTrue(report.warnings.contains(.noteNeverReleased(part: "track 1", channel: 0, pitch: 60)))
    }

    func testMissingEndOfTrackWarned() throws {
        let body = noteOn(0, 60) + noteOff(480, 60) + noteOn(0, 62) + noteOff(480, 62)
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], twoQuarters)
        XCTAssertTrue(report.warnings.contains(.missingEndOfTrack(part: "track 1")))
    }

    // MARK: - Timing

    func testUnusualTicksPerQuarter() throws {
        // One tick per quarter: a 16th is a quarter of a tick, so each note lasts 4 steps.
        let one = midiFile(division: 1, tracks: [melodyBody([(60, 1), (62, 1)])])
        XCTAssertEqual(try importFile(one).score.grid.pitches[0], twoQuarters)
        // 1000 ticks per quarter: 250 per step.
        let thousand = midiFile(division: 1000, tracks: [melodyBody([(60, 1000), (62, 1000)])])
        XCTAssertEqual(try importFile(thousand).score.grid.pitches[0], twoQuarters)
    }

    func testTripletsQuantizedDeterministically() throws {
        // 8th-note triplets of 160 ticks: onsets at steps 0, 1.33, 2.67, ends at 1.33, 2.67, 4.
        let bytes = midiFile(tracks: [melodyBody([(60, 160), (62, 160), (64, 160), (65, 480)])])
        let (score, report) = try importFile(bytes)
        XCTAssertEqual(score.grid.pitches[0], [60, 62, 62, 64, 65, 65, 65, 65])
        XCTAssertEqual(report.notesMoved, 3)
        XCTAssertEqual(report.largestShiftTicks, 40)
        XCTAssertEqual(report.largestShiftSteps, 1.0 / 3.0, accuracy: 1e-12)
        XCTAssertEqual(report.barsWithMovedNotes, [1])
        XCTAssertEqual(try importFile(bytes).score, score)
    }

    func testThirtySecondsQuantized() throws {
        // 32nds of 60 ticks: 60 → [0,1); 62 → rounds to [1,1), lengthened to [1,2) but 64 also
        // starts on step 1 and wins; 64 → [1,2); 65 → [2,3) but 67 starts on step 2 and wins.
        let bytes = midiFile(tracks: [melodyBody([(60, 60), (62, 60), (64, 60), (65, 60), (67, 480)])])
        let (score, report) = try importFile(bytes)
        XCTAssertEqual(score.grid.pitches[0], [60, 64, 67, 67, 67, 67])
        XCTAssertEqual(report.notesDropped, 2)
        XCTAssertEqual(report.notesLengthened, 2)
        XCTAssertEqual(report.notesImported, 3)
    }

    func testLegatoOverlapCutAtNextOnset() throws {
        // 60 sounds 0…540 and 62 starts at 480: 60 would end at step 4.5 → 5, and is cut to 4.
        let body = noteOn(0, 60) + noteOn(480, 62) + noteOff(60, 60) + noteOff(420, 62) + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], twoQuarters)
        XCTAssertEqual(report.assignmentRule, .melody)
        XCTAssertEqual(report.notesShortened, 1)
    }

    func testSimultaneousNotesInOneVoiceKeepHigher() throws {
        let tracks = [
            melodyBody([(72, 960)], name: "Soprano"),
            noteOn(0, 64) + noteOn(0, 65) + noteOff(960, 64) + noteOff(0, 65) + endOfTrack(),
            melodyBody([(55, 960)], name: "Tenor"),
            melodyBody([(48, 960)], name: "Bass"),
        ]
        var named = tracks
        named[1] = trackName("Alto") + tracks[1]
        let (score, report) = try importFile(midiFile(tracks: named))
        XCTAssertEqual(score.grid.pitches, [row([(72, 8)]), row([(65, 8)]), row([(55, 8)]), row([(48, 8)])])
        XCTAssertEqual(report.notesDropped, 1)
        XCTAssertEqual(report.assignmentRule, .trackNames)
    }

    func testZeroLengthNoteGetsOneStep() throws {
        let body = noteOn(0, 60) + noteOff(0, 60) + noteOn(120, 62) + noteOff(360, 62) + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], [60, 62, 62, 62])
        XCTAssertEqual(report.notesLengthened, 1)
        XCTAssertEqual(report.notesDropped, 0)
    }

    func testZeroLengthNoteBeforeOnsetDropped() throws {
        // Its one step would overwrite the onset of 62, so the zero-length note is dropped.
        let body = noteOn(0, 64) + noteOff(0, 64) + noteOn(0, 62) + noteOff(480, 62) + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [body]))
        XCTAssertEqual(score.grid.pitches[0], [62, 62, 62, 62])
        XCTAssertEqual(report.notesDropped, 1)
    }

    func testPickupFromFirstOnset() throws {
        // 3/4, first note on beat 3 of bar 1: the two silent beats go, the pickup is one beat.
        let conductor = meta(0, 0x58, [3, 2, 24, 8]) + endOfTrack()
        let melody = melodyBody([(-1, 960), (67, 480), (72, 1440)])
        let (score, report) = try importFile(midiFile(tracks: [conductor, melody]))
        XCTAssertEqual(score.grid.pitches[0], row([(67, 4), (72, 12)]))
        XCTAssertEqual(score.timeSignature, TimeSignature(beats: 3, beatUnit: 4))
        XCTAssertEqual(score.pickupSteps, 4)
        XCTAssertEqual(report.trimmedLeadingSteps, 8)
    }

    func testPickupWrittenAsShortFirstBar() throws {
        // Notation programs write a 1/4 bar, then 3/4 where the first full bar starts.
        let conductor = meta(0, 0x58, [1, 2, 24, 8]) + meta(480, 0x58, [3, 2, 24, 8]) + endOfTrack()
        let melody = melodyBody([(67, 480), (72, 1440)])
        let (score, report) = try importFile(midiFile(tracks: [conductor, melody]))
        XCTAssertEqual(score.grid.pitches[0], row([(67, 4), (72, 12)]))
        XCTAssertEqual(score.timeSignature, TimeSignature(beats: 3, beatUnit: 4))
        XCTAssertEqual(score.pickupSteps, 4)
        XCTAssertEqual(report.trimmedLeadingSteps, 0)
        XCTAssertFalse(report.warnings.contains(.laterTimeSignaturesIgnored(count: 1)))
    }

    func testTempoAndMeterReachScore() throws {
        // 0x0927C0 = 600 000 µs per quarter = 100 per minute; a later change is reported.
        let conductor = meta(0, 0x51, [0x09, 0x27, 0xC0]) + meta(0, 0x58, [6, 3, 12, 8])
            + meta(960, 0x51, [0x07, 0xA1, 0x20]) + endOfTrack()
        let (score, report) = try importFile(midiFile(tracks: [conductor, melodyBody([(60, 1440)])]))
        XCTAssertEqual(score.tempo, 100)
        XCTAssertEqual(score.timeSignature, TimeSignature(beats: 6, beatUnit: 8))
        XCTAssertEqual(report.warnings, [.laterTempoChangesIgnored(count: 1)])
    }

    // MARK: - Pitch range

    func testOutOfRangePitchTransposedByOctave() throws {
        let bytes = midiFile(tracks: [melodyBody([(60, 1920), (90, 480), (20, 480)])])
        let (score, report) = try importFile(bytes)
        XCTAssertEqual(score.grid.pitches[0], row([(60, 16), (78, 4), (32, 4)]))
        XCTAssertEqual(report.transposedNotes, [
            .init(voice: .soprano, bar: 2, originalPitch: 90, importedPitch: 78),
            .init(voice: .soprano, bar: 2, originalPitch: 20, importedPitch: 32),
        ])
    }

    func testOutOfRangePitchRejectedWhenAsked() {
        let bytes = midiFile(tracks: [melodyBody([(60, 1920), (90, 480)])])
        let options = MIDIImportOptions(outOfRangePitches: .reject)
        XCTAssertThrowsError(try importFile(bytes, options: options)) { error in
            XCTAssertEqual(error as? MIDIError, .pitchOutOfRange(pitch: 90, voice: .soprano, bar: 2, range: 30...86))
            XCTAssertTrue("\(error)".contains("90"))
            XCTAssertTrue("\(error)".contains("soprano"))
            XCTAssertTrue("\(error)".contains("bar 2"))
        }
    }
}

/// Random corruptions of a valid file: each must import or throw a `MIDIError`, never crash or hang.
final class MIDIFuzzTests: XCTestCase {
    func testCorruptedFilesThrowOrImport() throws {
        var generator = SeededGenerator(seed: 99)
        let score = Score(grid: try SATBGrid(pitches: [row([(72, 4), (74, 4)]), row([(64, 8)]),
                                                       row([(55, 4), (-1, 4)]), row([(48, 8)])]),
                          timeSignature: TimeSignature(beats: 3, beatUnit: 4), pickupSteps: 4, tempo: 90)
        let original = try MIDIFileWriter.data(for: score)
        var imported = 0
        for _ in 0..<3000 {
            var bytes = original
            switch Int.random(in: 0..<3, using: &generator) {
            case 0:
                for _ in 0..<Int.random(in: 1...4, using: &generator) {
                    bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
                }
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &generator)))
            default:
                let index = Int.random(in: 14..<bytes.count, using: &generator)
                bytes.insert(UInt8.random(in: 0...255, using: &generator), at: index)
            }
            do {
                _ = try MIDIImporter.importScore(bytes)
                imported += 1
            } catch is MIDIError {
                continue
            }
        }
        // Some corruptions only touch a velocity or a name and still import.
        XCTAssertGreaterThan(imported, 0)
    }
}
