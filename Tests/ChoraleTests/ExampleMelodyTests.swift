import Foundation
import XCTest
import Chorale

final class ExampleMelodyTests: XCTestCase {
    func testMelodiesStayInSopranoRange() {
        for melody in Melody.examples {
            let pitches = melody.notes.map(\.pitch).filter { $0 != SATBGrid.rest }
            XCTAssertFalse(pitches.isEmpty, melody.title)
            XCTAssertTrue(pitches.allSatisfy { Voice.soprano.modelRange.contains($0) }, melody.title)
            XCTAssertTrue(pitches.allSatisfy { TokenVocabulary.pitchRange.contains($0) }, melody.title)
        }
    }

    func testBarsAddUp() throws {
        // Bar counts read from the printed tunes: Ode to Joy 16 bars, Ein feste Burg a quarter
        // pickup and 12 bars, Wachet auf 17 bars, all in 4/4.
        let expected: [(Melody, pickup: Int, bars: Int)] = [
            (.odeToJoy, 0, 16), (.einFesteBurg, 4, 12), (.wachetAuf, 0, 17),
        ]
        for (melody, pickup, bars) in expected {
            XCTAssertEqual(melody.timeSignature, .fourFour, melody.title)
            XCTAssertEqual(melody.pickupSteps, pickup, melody.title)
            XCTAssertEqual(melody.steps, pickup + bars * 16, melody.title)
            XCTAssertTrue(melody.notes.allSatisfy { $0.steps >= 1 }, melody.title)
            let layout = try BarLayout(timeSignature: melody.timeSignature, pickupSteps: melody.pickupSteps)
            XCTAssertEqual(layout.position(ofStep: melody.steps - 1), BarPosition(bar: bars, beat: 4, sixteenth: 4), melody.title)
        }
    }

    func testOdeToJoyOpening() throws {
        // B B C D | D C B A in G major: MIDI 71 71 72 74 74 72 71 69, quarter notes.
        let opening = Melody.odeToJoy.notes.prefix(8)
        XCTAssertEqual(opening.map(\.pitch), [71, 71, 72, 74, 74, 72, 71, 69])
        XCTAssertTrue(opening.allSatisfy { $0.steps == 4 })
    }

    func testScorePutsMelodyInSoprano() throws {
        for melody in Melody.examples {
            let score = try melody.score()
            XCTAssertEqual(score.grid.steps, melody.steps)
            XCTAssertEqual(score.pickupSteps, melody.pickupSteps)
            for voice in [Voice.alto, .tenor, .bass] {
                XCTAssertTrue(score.grid.pitches[voice.rawValue].allSatisfy { $0 == SATBGrid.rest })
            }
            // Each note's first step carries its pitch.
            var step = 0
            for note in melody.notes {
                XCTAssertEqual(score.grid[.soprano, step], note.pitch)
                step += note.steps
            }
        }
    }

    func testKeysOfExamples() throws {
        let keys = try Melody.examples.map { try XCTUnwrap(KeyEstimate.estimate(for: $0.score().grid)).key }
        XCTAssertEqual(keys, [Key(tonic: 7, mode: .major), Key(tonic: 2, mode: .major), Key(tonic: 3, mode: .major)])
    }

    func testInvalidMelodyPitchThrows() {
        let melody = Melody(title: "bad", source: "test", tempo: 60, notes: [.init(60, 4), .init(130, 4)])
        XCTAssertThrowsError(try melody.score()) {
            XCTAssertEqual($0 as? GridError, .pitchOutOfRange(voice: .soprano, step: 4, pitch: 130))
        }
    }
}
