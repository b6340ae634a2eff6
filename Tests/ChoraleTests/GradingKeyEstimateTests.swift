import XCTest
@testable import Chorale

final class GradingKeyEstimateTests: XCTestCase {
    /// Builds a one-voice grid (soprano) of quarter notes; the other voices rest.
    private func melody(_ pitches: [Int]) throws -> SATBGrid {
        let soprano = pitches.flatMap { [Int](repeating: $0, count: 4) }
        let rest = [Int](repeating: SATBGrid.rest, count: soprano.count)
        return try SATBGrid(pitches: [soprano, rest, rest, rest])
    }

    func testCMajorScaleAndCadence() throws {
        let scale = [60, 62, 64, 65, 67, 69, 71, 72, 67, 60]
        let key = try XCTUnwrap(GradingKeyEstimate.estimate(try melody(scale)))
        XCTAssertEqual(key.tonicPitchClass, 0)
        XCTAssertEqual(key.mode, .major)
        XCTAssertEqual(key.name, "C major")
    }

    func testAMinorCadenceWithLeadingTone() throws {
        // A harmonic-minor line ending V–i: A B C D E F G♯ A E G♯ A.
        let line = [69, 71, 72, 74, 76, 77, 80, 81, 76, 80, 81, 69]
        let key = try XCTUnwrap(GradingKeyEstimate.estimate(try melody(line)))
        XCTAssertEqual(key.tonicPitchClass, 9)
        XCTAssertEqual(key.mode, .minor)
        XCTAssertEqual(key.name, "a minor")
    }

    func testCorrelationMatchesHandComputedPearson() {
        // Weights equal to the C major profile itself correlate perfectly with C major.
        let key = GradingKeyEstimate.estimate(pitchClassWeights: GradingKeyEstimate.majorProfile)
        XCTAssertEqual(key?.tonicPitchClass, 0)
        XCTAssertEqual(key?.mode, .major)
        XCTAssertEqual(key?.correlation ?? 0, 1, accuracy: 1e-12)
    }

    func testSilenceHasNoKey() {
        XCTAssertNil(GradingKeyEstimate.estimate(pitchClassWeights: [Double](repeating: 0, count: 12)))
    }

    func testScaleDegreesUseDefaultSpelling() {
        let aMinor = GradingKeyEstimate(tonicPitchClass: 9, mode: .minor, correlation: 1)
        // G♯ in A minor: degree 7, raised.
        XCTAssertTrue(aMinor.scaleDegree(of: DefaultSpelledPitch(defaultSpellingOf: 68)) == (7, 1))
        // A♭ major is spelled on A♭, but MIDI 68 reads G♯: degree 7, raised (music21's reading).
        let aFlatMajor = GradingKeyEstimate(tonicPitchClass: 8, mode: .major, correlation: 1)
        XCTAssertEqual(aFlatMajor.name, "A- major")
        XCTAssertTrue(aFlatMajor.scaleDegree(of: DefaultSpelledPitch(defaultSpellingOf: 68)) == (7, 1))
        // E♭ in C major: degree 3, lowered.
        let cMajor = GradingKeyEstimate(tonicPitchClass: 0, mode: .major, correlation: 1)
        XCTAssertTrue(cMajor.scaleDegree(of: DefaultSpelledPitch(defaultSpellingOf: 63)) == (3, -1))
    }
}
