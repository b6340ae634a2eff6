import XCTest
import Chorale
@testable import Playback

final class InstrumentationTests: XCTestCase {
    func testVoiceOohsNumbering() throws {
        XCTAssertEqual(GMProgram.voiceOohs.number, 53)
        XCTAssertEqual(GMProgram.voiceOohs.oneBased, 54)
        XCTAssertEqual(GMProgram.voiceOohs.name, "Voice Oohs")
        XCTAssertEqual(try GMProgram(oneBased: 54), .voiceOohs)
        XCTAssertEqual(try GMProgram(53), .voiceOohs)
    }

    func testProgramNamesMatchTheirNumbers() {
        XCTAssertEqual(GMProgram.names.count, 128)
        XCTAssertEqual(GMProgram.names[0], "Acoustic Grand Piano")
        XCTAssertEqual(GMProgram.churchOrgan.name, "Church Organ")
        XCTAssertEqual(GMProgram.violin.name, "Violin")
        XCTAssertEqual(GMProgram.viola.name, "Viola")
        XCTAssertEqual(GMProgram.cello.name, "Cello")
        XCTAssertEqual(GMProgram.flute.name, "Flute")
        XCTAssertEqual(GMProgram.oboe.name, "Oboe")
        XCTAssertEqual(GMProgram.clarinet.name, "Clarinet")
        XCTAssertEqual(GMProgram.bassoon.name, "Bassoon")
        XCTAssertEqual(GMProgram.names[127], "Gunshot")
    }

    func testProgramOutOfRangeThrows() {
        XCTAssertEqual(assertPlaybackError(try GMProgram(128)),
                       .valueOutOfRange(name: "General MIDI program (zero-based)", value: 128, range: 0...127))
        XCTAssertNotNil(assertPlaybackError(try GMProgram(oneBased: 0)))
        XCTAssertNotNil(assertPlaybackError(try GMProgram(-1)))
    }

    func testVoiceSoundRangesAreChecked() {
        XCTAssertNotNil(assertPlaybackError(try VoiceSound(program: .flute, volume: 128)))
        XCTAssertNotNil(assertPlaybackError(try VoiceSound(program: .flute, pan: -1)))
        XCTAssertNotNil(assertPlaybackError(try VoiceSound(program: .flute, velocity: 0)))
    }

    func testPresetPrograms() throws {
        XCTAssertEqual(Voice.allCases.map { Instrumentation.choir[$0].program }, Array(repeating: .voiceOohs, count: 4))
        XCTAssertEqual(Voice.allCases.map { Instrumentation.organ[$0].program }, Array(repeating: .churchOrgan, count: 4))
        XCTAssertEqual(Voice.allCases.map { Instrumentation.stringQuartet[$0].program.number }, [40, 40, 41, 42])
        XCTAssertEqual(Voice.allCases.map { Instrumentation.woodwindQuartet[$0].program.number }, [73, 68, 71, 70])
        XCTAssertEqual(try Instrumentation.preset(named: "Strings"), .stringQuartet)
        XCTAssertNotNil(assertPlaybackError(try Instrumentation.preset(named: "kazoo")))
    }

    func testOneVoiceCanBeChanged() throws {
        var instrumentation = Instrumentation.choir
        instrumentation[.bass] = try VoiceSound(program: .cello, volume: 80, pan: 100, velocity: 70)
        XCTAssertEqual(instrumentation[.bass].program, .cello)
        XCTAssertEqual(instrumentation[.soprano].program, .voiceOohs)
    }
}
