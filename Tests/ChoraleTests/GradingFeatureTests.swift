import XCTest
@testable import Chorale

/// Each feature's counts on hand-built grids, checked against counts worked out by hand.
final class GradingFeatureTests: XCTestCase {
    private let r = SATBGrid.rest

    /// Builds a grid whose voices are given as lists of (pitch, steps); missing voices rest throughout.
    private func grid(_ voices: [[(Int, Int)]]) throws -> SATBGrid {
        var rows = voices.map { $0.flatMap { [Int](repeating: $0.0, count: $0.1) } }
        let length = rows.map(\.count).max() ?? 0
        while rows.count < 4 { rows.append([Int](repeating: r, count: length)) }
        return try SATBGrid(pitches: rows)
    }

    func testOneParallelFifth() throws {
        // Soprano G4→A4 over bass C4→D4: a fifth moving to a fifth, both up.
        let g = try grid([[(67, 4), (69, 4)], [(r, 8)], [(r, 8)], [(60, 4), (62, 4)]])
        let counts = ParallelMotion.errorCounts(g)
        XCTAssertEqual(counts["fifth"], 1)
        XCTAssertEqual(counts["octave"], 0)
        XCTAssertEqual(ChoraleHistograms(g).noteCount, 4)
    }

    func testFifthIntoDiminishedSixthIsNotParallel() throws {
        // F♯4/C♯5 → G♯4/E♭5: seven semitones both times, but G♯–E♭ is a diminished sixth.
        let g = try grid([[(73, 4), (75, 4)], [(66, 4), (68, 4)]])
        XCTAssertEqual(ParallelMotion.errorCounts(g)["fifth"], 0)
    }

    func testParallelDoubleOctaveAndContraryFifths() throws {
        // Soprano C5→D5 over tenor C3→D3: two octaves apart both times, so one octave error.
        let octaves = try grid([[(72, 4), (74, 4)], [(r, 8)], [(48, 4), (50, 4)]])
        XCTAssertEqual(ParallelMotion.errorCounts(octaves)["octave"], 1)
        // G4→G5 over C4→C3: contrary motion from a fifth to a fifth plus two octaves.
        let contrary = try grid([[(67, 4), (79, 4)], [(r, 8)], [(r, 8)], [(60, 4), (48, 4)]])
        XCTAssertEqual(ParallelMotion.errorCounts(contrary)["fifth"], 1)
    }

    func testHeldBottomVoiceIsNotChecked() throws {
        // The bass sustains while the soprano moves: oblique motion, nothing to check.
        let g = try grid([[(67, 4), (69, 4)], [(r, 8)], [(r, 8)], [(60, 8)]])
        XCTAssertEqual(ParallelMotion.errorCounts(g)["fifth"], 0)
    }

    func testRhythmCountsNotesAndRestsByLength() throws {
        // Soprano: 4 + 2 + rest 2; three silent voices are one 8-step rest each.
        let g = try grid([[(60, 4), (62, 2), (r, 2)]])
        XCTAssertEqual(ChoraleHistograms(g).counts[.rhythm], ["4": 1, "2": 2, "8": 3])
    }

    func testIntervalsBreakAtRestsAndDropTheFirst() throws {
        // C D E | rest | F G E: C–D dropped, D–E M2, F–G M2, G–E m-3.
        let g = try grid([[(60, 1), (62, 1), (64, 1), (r, 1), (65, 1), (67, 1), (64, 1)]])
        XCTAssertEqual(ChoraleHistograms(g).counts[.sopranoInterval], ["M2": 2, "m-3": 1])
        XCTAssertEqual(ChoraleHistograms(g).counts[.altoInterval], [:])
    }

    func testScaleDegreesCountSteps() throws {
        // C C E♭ rest in C major: degree 1 twice, lowered 3 once, and 1 + 3 × 4 rest steps.
        let g = try grid([[(60, 2), (63, 1), (r, 1)]])
        let cMajor = GradingKeyEstimate(tonicPitchClass: 0, mode: .major, correlation: 1)
        XCTAssertEqual(ChoraleHistograms.scaleDegreeCounts(g, key: cMajor), ["1": 2, "3b": 1, "rest": 13])
    }

    func testChordQualitiesMatchMusic21Names() {
        // Expected names as music21 5.7.2 and 10.5 print them for these chords.
        XCTAssertEqual(ChordQuality.classify([60, 64, 67]), "major")
        XCTAssertEqual(ChordQuality.classify([60, 63, 67]), "minor")
        XCTAssertEqual(ChordQuality.classify([55, 59, 62, 65]), "dominant-seventh")
        XCTAssertEqual(ChordQuality.classify([59, 62, 65, 68]), "diminished-seventh")
        XCTAssertEqual(ChordQuality.classify([60, 67]), "power")
        XCTAssertEqual(ChordQuality.classify([60]), "pedal")
        XCTAssertEqual(ChordQuality.classify([60, 64]), "unidentifiable")
        XCTAssertEqual(ChordQuality.classify([60, 62]), "unidentifiable")
        // C D G with C in the bass is a suspended second; over G (G C D) it reads as a suspended fourth.
        XCTAssertEqual(ChordQuality.classify([60, 62, 67]), "suspended-second")
        XCTAssertEqual(ChordQuality.classify([55, 60, 62]), "suspended-fourth")
    }

    func testSonoritiesStartWhereAnyVoiceChanges() throws {
        // Step 0: C major triad; step 2: the soprano moves to A (A minor over C: C E A → minor);
        // steps 4…: everyone rests, which forms no sonority.
        let g = try grid([[(67, 2), (69, 2), (r, 2)], [(64, 4), (r, 2)], [(60, 4), (r, 2)]])
        XCTAssertEqual(ChoraleHistograms.chordQualityCounts(g), ["major": 1, "minor": 1])
    }

    func testRepeatedSequenceKeepsMaximalRepeat() throws {
        // C C D D C C D D: tokens C _ D _ C _ D _. "C _ D _" occurs twice; its shorter pieces
        // occur as often and are dropped. Histogram: length 4 → 2 occurrences.
        let line: [(Int, Int)] = [(60, 2), (62, 2), (60, 2), (62, 2)]
        let one = try grid([line])
        XCTAssertEqual(RepeatedSequences.histogram(one), [4: 2])
        // The same line in two voices is one sequence, counted once.
        let two = try grid([line, line])
        XCTAssertEqual(RepeatedSequences.histogram(two), [4: 2])
    }

    func testRepeatedSequenceCountsOverlaps() throws {
        // C D C D C as single steps: "C D C" occurs at 0 and 2 (overlapping). "C D" and "D C"
        // also occur twice each and sit inside "C D C", so they are dropped.
        let overlapping = try grid([[(60, 1), (62, 1), (60, 1), (62, 1), (60, 1)]])
        XCTAssertEqual(RepeatedSequences.histogram(overlapping), [3: 2])
        // C D C D C D E C D: "C D" occurs 4 times and is kept, because no longer repeat occurs
        // 4 times. "C D C D" occurs twice (at 0 and 2). "C D C" and "D C D" occur twice inside it,
        // so they are dropped.
        let line = [60, 62, 60, 62, 60, 62, 64, 60, 62].map { ($0, 1) }
        XCTAssertEqual(RepeatedSequences.histogram(try grid([line])), [2: 4, 4: 2])
    }
}
