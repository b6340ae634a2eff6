import XCTest
import Chorale

final class PitchTests: XCTestCase {
    func testMiddleCIsC4() throws {
        XCTAssertEqual(try Pitch(midi: 60).name, "C4")
        XCTAssertEqual(try Pitch(name: "C4").midi, 60)
    }

    func testNamesAcrossOctaves() throws {
        XCTAssertEqual(try Pitch(midi: 0).name, "C-1")
        XCTAssertEqual(try Pitch(midi: 69).name, "A4")
        XCTAssertEqual(try Pitch(midi: 59).name, "B3")
        XCTAssertEqual(try Pitch(midi: 61).name, "C#4")
        XCTAssertEqual(try Pitch(midi: 61).name(preferringFlats: true), "Db4")
        XCTAssertEqual(try Pitch(midi: 127).name, "G9")
    }

    func testNameParsingRoundTripsEveryPitch() throws {
        for midi in 0...127 {
            let pitch = try Pitch(midi: midi)
            XCTAssertEqual(try Pitch(name: pitch.name).midi, midi)
            XCTAssertEqual(try Pitch(name: pitch.name(preferringFlats: true)).midi, midi)
        }
    }

    func testEnharmonicNamesCrossOctaveBoundary() throws {
        XCTAssertEqual(try Pitch(name: "Cb4").midi, 59)
        XCTAssertEqual(try Pitch(name: "B#3").midi, 60)
    }

    func testInvalidNamesThrow() {
        for name in ["", "H4", "C", "C#", "4", "Cx4", "G10"] {
            XCTAssertThrowsError(try Pitch(name: name), name) { error in
                XCTAssertEqual(error as? PitchError, .invalidName(name))
            }
        }
    }

    func testOutOfMIDIRangeThrows() {
        XCTAssertThrowsError(try Pitch(midi: 128)) { XCTAssertEqual($0 as? PitchError, .outOfMIDIRange(128)) }
        XCTAssertThrowsError(try Pitch(midi: 127).transposed(by: 1))
        XCTAssertEqual(try Pitch(midi: 60).transposed(by: -12).name, "C3")
    }
}
