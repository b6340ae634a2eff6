import XCTest
import Chorale
@testable import Playback

final class NoteScheduleTests: XCTestCase {
    func testHeldRunsBecomeOneNoteAndRestsVanish() throws {
        let score = try makeScore([
            .soprano: [(72, 4), (74, 2), (-1, 2), (72, 8)],
            .bass: [(48, 16)],
        ], steps: 16, tempo: 60)
        let schedule = try NoteSchedule(score: score)

        XCTAssertEqual(schedule.notes, [
            ScheduledNote(voice: .soprano, pitch: 72, onset: 0, duration: 4),
            ScheduledNote(voice: .bass, pitch: 48, onset: 0, duration: 16),
            ScheduledNote(voice: .soprano, pitch: 74, onset: 4, duration: 2),
            ScheduledNote(voice: .soprano, pitch: 72, onset: 8, duration: 8),
        ])
    }

    func testRegionCutsHeldNotesAtBothEnds() throws {
        let score = try makeScore([.alto: [(60, 6), (62, 6), (64, 4)]], steps: 16, tempo: 60)
        let schedule = try NoteSchedule(score: score, region: 3..<10)

        XCTAssertEqual(schedule.region, 3..<10)
        XCTAssertEqual(schedule.stepCount, 7)
        XCTAssertEqual(schedule.notes, [
            ScheduledNote(voice: .alto, pitch: 60, onset: 0, duration: 3),
            ScheduledNote(voice: .alto, pitch: 62, onset: 3, duration: 4),
        ])
    }

    func testStepLengthFollowsTempo() throws {
        let score = try makeScore([.tenor: [(55, 8)]], steps: 8, tempo: 90)
        let schedule = try NoteSchedule(score: score)

        // A 16th note at 90 quarter notes per minute: 60 / 90 / 4 seconds.
        XCTAssertEqual(schedule.secondsPerStep, 60.0 / 90.0 / 4.0, accuracy: 1e-12)
        XCTAssertEqual(schedule.duration, 8 * 60.0 / 90.0 / 4.0, accuracy: 1e-12)
    }

    func testInvalidRegionsAreRejected() throws {
        let score = try makeScore([.tenor: [(55, 8)]], steps: 8, tempo: 90)
        for region in [0..<0, 4..<9, 8..<8] {
            let error = assertPlaybackError(try NoteSchedule(score: score, region: region))
            XCTAssertEqual(error, .invalidRegion(from: region.lowerBound, to: region.upperBound, scoreSteps: 8))
        }
    }

    func testNonPositiveTempoIsRejected() throws {
        var score = try makeScore([.tenor: [(55, 8)]], steps: 8, tempo: 90)
        score.tempo = 0
        XCTAssertEqual(assertPlaybackError(try NoteSchedule(score: score)), .invalidTempo(0))
        score.tempo = .nan
        XCTAssertNotNil(assertPlaybackError(try NoteSchedule(score: score)))
    }

    func testNoteOffPrecedesNoteOnAtSameStep() throws {
        let score = try makeScore([.soprano: [(72, 2), (74, 2)]], steps: 4, tempo: 60)
        let events = try NoteSchedule(score: score).events()
        let velocity = Instrumentation.choir[.soprano].velocity

        XCTAssertEqual(events, [
            NoteEvent(step: 0, voice: .soprano, pitch: 72, velocity: velocity),
            NoteEvent(step: 2, voice: .soprano, pitch: 72, velocity: nil),
            NoteEvent(step: 2, voice: .soprano, pitch: 74, velocity: velocity),
            NoteEvent(step: 4, voice: .soprano, pitch: 74, velocity: nil),
        ])
    }
}
