import Chorale
@testable import Composer
import XCTest

final class GenerationGridTests: XCTestCase {
    /// A 17-step score: soprano C5 (72) with a rest at step 3, alto A4 (69), the lower voices rest.
    private func oddScore() throws -> Score {
        var soprano = Array(repeating: 72, count: 17)
        soprano[3] = SATBGrid.rest
        let rest = Array(repeating: SATBGrid.rest, count: 17)
        return Score(grid: try SATBGrid(pitches: [soprano, Array(repeating: 69, count: 17), rest, rest]))
    }

    func testPaddingRegeneratesTheExtraSteps() throws {
        let score = try oddScore()
        var keep = KeepMask(steps: 17, keepingAll: false)
        keep.set(true, voices: [.soprano], steps: 0..<17)
        let grid = try GenerationGrid(score: score, keep: keep, timeMultiple: 4)

        XCTAssertEqual(grid.paddedSteps, 20)
        XCTAssertEqual(grid.tokens.count, 80)
        // Soprano: MIDI 72 is token 72 − 30 = 42, the rest is token 57.
        XCTAssertEqual(grid.tokens[0], 42)
        XCTAssertEqual(grid.tokens[3], 57)
        XCTAssertEqual(Array(grid.keepValues[0..<17]), Array(repeating: 1, count: 17))
        XCTAssertEqual(Array(grid.keepValues[17..<20]), [0, 0, 0])
        // Alto is regenerated everywhere, so its cells hold only placeholders.
        XCTAssertEqual(Array(grid.keepValues[20..<40]), Array(repeating: 0, count: 20))
    }

    func testTokensBackToScoreTrimsPadding() throws {
        let score = try oddScore()
        var keep = KeepMask(steps: 17, keepingAll: false)
        keep.set(true, voices: [.soprano], steps: 0..<17)
        let grid = try GenerationGrid(score: score, keep: keep, timeMultiple: 4)
        var sampled = grid.tokens
        for t in 0..<20 {
            sampled[20 + t] = 34  // alto E4 (64)
            sampled[40 + t] = 25  // tenor G3 (55)
            sampled[60 + t] = 18  // bass C3 (48)
        }
        let result = try grid.score(fromTokens: sampled)
        XCTAssertEqual(result.grid.steps, 17)
        XCTAssertEqual(result.grid.pitches[0], score.grid.pitches[0])
        XCTAssertEqual(result.grid.pitches[1], Array(repeating: 64, count: 17))
        XCTAssertEqual(result.grid.pitches[3], Array(repeating: 48, count: 17))
        XCTAssertEqual(result.tempo, score.tempo)
    }

    func testChangedKeptCellIsInternalError() throws {
        let score = try oddScore()
        let keep = KeepMask(steps: 17, keepingAll: true)
        let grid = try GenerationGrid(score: score, keep: keep, timeMultiple: 1)
        var sampled = grid.tokens
        sampled[17 + 5] = 40  // alto step 5: A4 (69) becomes A#4 (70)
        XCTAssertThrowsError(try grid.score(fromTokens: sampled)) { error in
            XCTAssertEqual(error as? GenerationError, .keptCellChanged(voice: .alto, step: 5, expected: 69, actual: 70))
        }
    }

    func testKeptPitchOutOfRangeNamesBar() throws {
        var soprano = Array(repeating: 72, count: 40)
        soprano[22] = 90
        let rest = Array(repeating: SATBGrid.rest, count: 40)
        // A 4-step pickup: step 22 is 18 steps into the first full bar, so bar 2.
        let score = Score(grid: try SATBGrid(pitches: [soprano, rest, rest, rest]), pickupSteps: 4)
        var keep = KeepMask(steps: 40, keepingAll: false)
        keep.set(true, voices: [.soprano], steps: 0..<40)
        XCTAssertThrowsError(try GenerationGrid(score: score, keep: keep, timeMultiple: 4)) { error in
            XCTAssertEqual(error as? GenerationError, .keptPitchOutOfRange(voice: .soprano, bar: 2, step: 22, pitch: 90))
        }
        // The same pitch in a regenerated cell is only a placeholder.
        keep[.soprano, 22] = false
        XCTAssertNoThrow(try GenerationGrid(score: score, keep: keep, timeMultiple: 4))
    }

    func testMaskOfOtherLengthIsRejected() throws {
        let score = try oddScore()
        XCTAssertThrowsError(try GenerationGrid(score: score, keep: KeepMask(steps: 16, keepingAll: true), timeMultiple: 4)) { error in
            XCTAssertEqual(error as? GenerationError, .maskLength(mask: 16, score: 17))
        }
    }
}

final class LongPieceStrategyTests: XCTestCase {
    func testWindowsOfWholeChorale() throws {
        let windows = try LongPieceStrategy.standardWindows.windows(paddedSteps: 640, timeMultiple: 4)
        let starts = [0, 64, 128, 192, 256, 320, 384, 448, 512]
        XCTAssertEqual(windows, starts.map { $0..<($0 + 128) })
    }

    func testLastWindowEndsAtPiece() throws {
        let windows = try LongPieceStrategy.windowed(window: 128, hop: 64).windows(paddedSteps: 200, timeMultiple: 4)
        XCTAssertEqual(windows, [0..<128, 64..<192, 72..<200])
    }

    func testShortPieceIsOneWindow() throws {
        XCTAssertEqual(try LongPieceStrategy.standardWindows.windows(paddedSteps: 96, timeMultiple: 4), [0..<96])
        XCTAssertEqual(try LongPieceStrategy.whole.windows(paddedSteps: 640, timeMultiple: 4), [0..<640])
    }

    func testWindowNotMultipleIsRejected() {
        XCTAssertThrowsError(try LongPieceStrategy.windowed(window: 126, hop: 64).windows(paddedSteps: 640, timeMultiple: 4)) { error in
            XCTAssertEqual(error as? GenerationError, .invalidWindow(window: 126, hop: 64, timeMultiple: 4))
        }
        XCTAssertThrowsError(try LongPieceStrategy.windowed(window: 128, hop: 0).windows(paddedSteps: 640, timeMultiple: 4))
    }
}

final class RegenerateRegionsTests: XCTestCase {
    private func score(steps: Int, pickup: Int = 0) -> Score {
        Score(grid: SATBGrid(steps: steps), pickupSteps: pickup)
    }

    func testStepRanges() throws {
        let regions = try RegenerateRegions.parse("A:0-64, t:32-96", in: score(steps: 128))
        XCTAssertEqual(regions, [RegenerateRegion(voice: .alto, steps: 0..<64), RegenerateRegion(voice: .tenor, steps: 32..<96)])
    }

    func testBarPositionsCountPickupAsBarZero() throws {
        // Pickup of 4 steps: bar 1 starts at step 4, bar 2 at step 20; 2:1-4:1 is 20..<52.
        // The pickup is beat 4 of bar 0, so 0:4-1:2 is 0..<8.
        let regions = try RegenerateRegions.parse("A:2:1-4:1,B:0:4-1:2", in: score(steps: 64, pickup: 4))
        XCTAssertEqual(regions, [RegenerateRegion(voice: .alto, steps: 20..<52), RegenerateRegion(voice: .bass, steps: 0..<8)])
        // Bar 0 beat 1 lies before the first step.
        XCTAssertThrowsError(try RegenerateRegions.parse("B:0:1-1:2", in: score(steps: 64, pickup: 4)))
    }

    func testKeepMaskRegeneratesOnlyRegions() throws {
        let regions = [RegenerateRegion(voice: .alto, steps: 2..<4)]
        let mask = RegenerateRegions.keepMask(regenerating: regions, steps: 6)
        XCTAssertEqual(mask.rows[1], [1, 1, 0, 0, 1, 1])
        XCTAssertEqual(mask.keptCount, 22)
    }

    func testErrors() {
        let piece = score(steps: 32)
        let cases: [(String, RegionSpecError)] = [
            ("", .empty),
            ("A0-16", .malformed("A0-16")),
            ("A:0-", .malformed("A:0-")),
            ("Q:0-4", .unknownVoice("Q", region: "Q:0-4")),
            ("A:-1-4", .malformed("A:-1-4")),
            ("A:x-4", .invalidStep("x", region: "A:x-4")),
            ("A:8-8", .emptyRange(region: "A:8-8", start: 8, end: 8)),
            ("A:0-33", .pastEnd(region: "A:0-33", end: 33, steps: 32)),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try RegenerateRegions.parse(text, in: piece), text) { error in
                XCTAssertEqual(error as? RegionSpecError, expected, text)
            }
        }
        XCTAssertThrowsError(try RegenerateRegions.parse("A:1:5-2:1", in: piece)) { error in
            guard case .invalidPosition(let region, _)? = error as? RegionSpecError else {
                return XCTFail("expected invalidPosition, got \(error)")
            }
            XCTAssertEqual(region, "A:1:5-2:1")
        }
    }
}
