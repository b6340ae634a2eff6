import XCTest
import Chorale

final class KeyTests: XCTestCase {
    func testFifthsForAllMajorAndMinorKeys() {
        // Circle of fifths written out by hand: C G D A E B Gb Db Ab Eb Bb F.
        let majorFifths = [0: 0, 7: 1, 2: 2, 9: 3, 4: 4, 11: 5, 6: -6, 1: -5, 8: -4, 3: -3, 10: -2, 5: -1]
        for (tonic, fifths) in majorFifths {
            XCTAssertEqual(Key(tonic: tonic, mode: .major).fifths, fifths, "major tonic \(tonic)")
        }
        // Relative minors: A E B F# C# G# Eb Bb F C G D.
        let minorFifths = [9: 0, 4: 1, 11: 2, 6: 3, 1: 4, 8: 5, 3: -6, 10: -5, 5: -4, 0: -3, 7: -2, 2: -1]
        for (tonic, fifths) in minorFifths {
            XCTAssertEqual(Key(tonic: tonic, mode: .minor).fifths, fifths, "minor tonic \(tonic)")
        }
    }

    func testKeyNames() {
        XCTAssertEqual(Key(tonic: 2, mode: .major).description, "D major")
        XCTAssertEqual(Key(tonic: 6, mode: .minor).description, "F# minor")
        XCTAssertEqual(Key(tonic: 6, mode: .major).description, "Gb major")
        XCTAssertEqual(Key(tonic: 3, mode: .minor).description, "Eb minor")
        XCTAssertEqual(Key(tonic: 10, mode: .major).description, "Bb major")
    }

    func testSpellingFollowsKey() {
        let dMajor = Key(tonic: 2, mode: .major)
        XCTAssertEqual(dMajor.spelling(of: 66).description, "F#4")
        XCTAssertEqual(dMajor.spelling(of: 61).description, "C#4")
        XCTAssertEqual(dMajor.spelling(of: 68).description, "G#4")   // raised 4th
        let fMajor = Key(tonic: 5, mode: .major)
        XCTAssertEqual(fMajor.spelling(of: 70).description, "Bb4")
        XCTAssertEqual(fMajor.spelling(of: 63).description, "Eb4")   // lowered 7th
        let aMinor = Key(tonic: 9, mode: .minor)
        XCTAssertEqual(aMinor.spelling(of: 68).description, "G#4")   // leading tone
        XCTAssertEqual(aMinor.spelling(of: 66).description, "F#4")   // raised 6th
        XCTAssertEqual(aMinor.spelling(of: 70).description, "Bb4")   // Neapolitan
        let ebMinor = Key(tonic: 3, mode: .minor)
        XCTAssertEqual(ebMinor.spelling(of: 71).description, "Cb5")
        XCTAssertEqual(ebMinor.spelling(of: 62).description, "D4")    // leading tone, natural
        let cSharpMinor = Key(tonic: 1, mode: .minor)
        XCTAssertEqual(cSharpMinor.spelling(of: 60).description, "B#3")
    }

    func testSpellingSoundsTheSamePitch() {
        for tonic in 0..<12 {
            for mode in [Key.Mode.major, .minor] {
                let key = Key(tonic: tonic, mode: mode)
                for midi in 24...100 {
                    let spelled = key.spelling(of: midi)
                    XCTAssertEqual(spelled.midi, midi, "\(key) \(midi)")
                    XCTAssertTrue((-2...2).contains(spelled.alter), "\(key) \(midi) alter \(spelled.alter)")
                }
                // The seven scale notes use seven different letters.
                let steps = mode == .major ? [0, 2, 4, 5, 7, 9, 11] : [0, 2, 3, 5, 7, 8, 10]
                let letters = Set(steps.map { key.spelling(of: 60 + tonic + $0).letter })
                XCTAssertEqual(letters.count, 7, "\(key)")
            }
        }
    }

    func testEstimateFindsScaleKeys() throws {
        // Tonic triad notes weighted twice: the major and harmonic-minor scales of the tonic.
        func durations(tonic: Int, scale: [Int]) -> [Double] {
            var weights = Array(repeating: 0.0, count: 12)
            for (index, step) in scale.enumerated() {
                weights[(tonic + step) % 12] += [0, 2, 4].contains(index) ? 2 : 1
            }
            return weights
        }
        for tonic in 0..<12 {
            let major = try XCTUnwrap(KeyEstimate.estimate(pitchClassDurations: durations(tonic: tonic, scale: [0, 2, 4, 5, 7, 9, 11])))
            XCTAssertEqual(major.key, Key(tonic: tonic, mode: .major))
            let minor = try XCTUnwrap(KeyEstimate.estimate(pitchClassDurations: durations(tonic: tonic, scale: [0, 2, 3, 5, 7, 8, 11])))
            XCTAssertEqual(minor.key, Key(tonic: tonic, mode: .minor))
        }
    }

    func testEstimateCorrelationMatchesHandComputed() throws {
        // Durations equal to the C major profile itself correlate perfectly with C major.
        let estimate = try XCTUnwrap(KeyEstimate.estimate(pitchClassDurations: KeyEstimate.majorProfile))
        XCTAssertEqual(estimate.key, Key(tonic: 0, mode: .major))
        XCTAssertEqual(estimate.correlation, 1, accuracy: 1e-12)
    }

    func testEstimateOfSilenceIsNil() {
        XCTAssertNil(KeyEstimate.estimate(for: SATBGrid(steps: 8)))
        XCTAssertNil(KeyEstimate.estimate(pitchClassDurations: Array(repeating: 3, count: 12)))
    }

    func testEstimateFollowsTransposition() throws {
        let dataset = try JSBTestData.load()
        for chorale in dataset.test.prefix(10) {
            let base = try XCTUnwrap(KeyEstimate.estimate(for: chorale))
            for offset in [-5, 3] {
                let moved = try XCTUnwrap(KeyEstimate.estimate(for: chorale.transposed(by: offset)))
                XCTAssertEqual(moved.key, Key(tonic: (base.key.tonic + offset + 12) % 12, mode: base.key.mode))
                XCTAssertEqual(moved.correlation, base.correlation, accuracy: 1e-12)
            }
        }
    }
}
