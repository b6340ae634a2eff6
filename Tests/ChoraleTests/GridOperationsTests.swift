import XCTest
import Chorale

final class GridOperationsTests: XCTestCase {
    func testTranspositionMovesPitchesAndKeepsRests() throws {
        let grid = try SATBGrid(pitches: [[72, -1], [64, 64], [55, 57], [48, 36]])
        let up = try grid.transposed(by: 3)
        XCTAssertEqual(up.pitches, [[75, -1], [67, 67], [58, 60], [51, 39]])
        XCTAssertEqual(try up.transposed(by: -3), grid)
    }

    func testTranspositionLeavingVocabularyThrows() throws {
        let grid = try SATBGrid(pitches: [[84], [70], [60], [31]])
        XCTAssertTrue(grid.canTranspose(by: 2))
        XCTAssertFalse(grid.canTranspose(by: 3))
        XCTAssertFalse(grid.canTranspose(by: -2))
        XCTAssertThrowsError(try grid.transposed(by: 3)) {
            XCTAssertEqual($0 as? VocabularyError, .transpositionOutOfRange(semitones: 3, pitch: 84, voice: .soprano, step: 0))
        }
        XCTAssertThrowsError(try grid.transposed(by: -2)) {
            XCTAssertEqual($0 as? VocabularyError, .transpositionOutOfRange(semitones: -2, pitch: 31, voice: .bass, step: 0))
        }
    }

    func testRunsJoinEqualNeighbours() throws {
        let grid = try SATBGrid(pitches: [
            [60, 60, 62, -1, -1, 62],
            [55, 55, 55, 55, 55, 55],
            [-1, -1, -1, -1, -1, -1],
            [48, 47, 48, 48, 47, 47],
        ])
        XCTAssertEqual(grid.runs(of: .soprano), [
            NoteRun(start: 0, length: 2, pitch: 60), NoteRun(start: 2, length: 1, pitch: 62),
            NoteRun(start: 3, length: 2, pitch: -1), NoteRun(start: 5, length: 1, pitch: 62),
        ])
        XCTAssertEqual(grid.notes(of: .alto), [NoteRun(start: 0, length: 6, pitch: 55)])
        XCTAssertEqual(grid.notes(of: .tenor), [])
        XCTAssertEqual(grid.notes(of: .bass).map(\.length), [1, 1, 2, 2])
        let rebuilt = try SATBGrid(steps: 6, runs: Voice.allCases.map { grid.notes(of: $0) })
        XCTAssertEqual(rebuilt, grid)
    }

    func testRunsThatOverlapOrOverflowThrow() {
        let overlap = [[NoteRun(start: 0, length: 2, pitch: 60), NoteRun(start: 1, length: 1, pitch: 62)], [], [], []]
        XCTAssertThrowsError(try SATBGrid(steps: 4, runs: overlap)) {
            XCTAssertEqual($0 as? NoteRunError, .overlapping(voice: .soprano, step: 1))
        }
        let overflow = [[], [], [NoteRun(start: 3, length: 2, pitch: 50)], []]
        XCTAssertThrowsError(try SATBGrid(steps: 4, runs: overflow)) {
            XCTAssertEqual($0 as? NoteRunError, .outOfBounds(voice: .tenor, start: 3, length: 2, steps: 4))
        }
    }

    func testSliceAndRestDetection() throws {
        let grid = try SATBGrid(pitches: [[60, 61, 62, 63], [50, -1, 52, 53], [40, 41, 42, 43], [30, 31, 32, 33]])
        XCTAssertEqual(grid.slice(steps: 2..<4).pitches, [[62, 63], [52, 53], [42, 43], [32, 33]])
        XCTAssertTrue(grid.containsRest())
        XCTAssertFalse(grid.containsRest(in: 2..<4))
        XCTAssertEqual(grid.pitchSpan, 30...63)
        XCTAssertNil(SATBGrid(steps: 3).pitchSpan)
    }

    func testKeepMaskRowsAndFlatOrder() throws {
        var mask = KeepMask(steps: 3, keepingAll: false)
        mask.set(true, voices: [.soprano], steps: 0..<3)
        mask[.bass, 1] = true
        XCTAssertEqual(mask.rows, [[1, 1, 1], [0, 0, 0], [0, 0, 0], [0, 1, 0]])
        XCTAssertEqual(mask.flatValues(), [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0])
        XCTAssertEqual(mask.keptCount, 4)
        XCTAssertEqual(try KeepMask(rows: mask.rows), mask)
        XCTAssertThrowsError(try KeepMask(rows: [[1], [0], [2], [1]])) {
            XCTAssertEqual($0 as? KeepMaskError, .invalidValue(2, voice: .tenor, step: 0))
        }
        XCTAssertThrowsError(try KeepMask(rows: [[1], [0], [1, 0], [1]])) {
            XCTAssertEqual($0 as? KeepMaskError, .unequalVoiceLengths([1, 1, 2, 1]))
        }
    }
}
