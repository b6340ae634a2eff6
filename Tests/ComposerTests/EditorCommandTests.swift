import Chorale
import XCTest
@testable import Composer

final class EditorCommandTests: XCTestCase {
    func testEnterNoteUndoRedo() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        // Soprano, cursor on C5 at step 0; move the pitch cursor up two semitones and enter.
        send(&editor, keys("kkn"))
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 0), 74)
        send(&editor, keys("u"))
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 0), 72)
        XCTAssertFalse(editor.hasUnsavedChanges)
        send(&editor, [.control("r")])
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 0), 74)
    }

    func testTransposeMovesWholeHeldNote() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        send(&editor, keys("+"))
        XCTAssertEqual(Array(editor.document.score.grid.pitches[0][0..<9]), Array(repeating: 73, count: 8) + [74])
        send(&editor, keys("}"))
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 7), 85)
    }

    func testDeleteExtendShorten() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        send(&editor, keys("e"))
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 8), 72, "extend takes over the next step")
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 9), 74)
        send(&editor, keys("EE"))
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 7), SATBGrid.rest)
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 8), SATBGrid.rest)
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 9), 74, "shortening leaves the next note alone")
        send(&editor, keys("x"))
        XCTAssertEqual(Array(editor.document.score.grid.pitches[0][0..<7]), Array(repeating: SATBGrid.rest, count: 7))
    }

    func testKeptRestStaysARestAndIsKept() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        send(&editor, keys("x"))
        XCTAssertTrue(editor.document.keep[0][0], "deleting a note does not change the mask")
    }

    func testMovementByBeatBarAndEnd() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        send(&editor, keys("L"))
        XCTAssertEqual(editor.cursorStep, 4)
        send(&editor, keys("]"))
        XCTAssertEqual(editor.cursorStep, 16)
        send(&editor, keys("["))
        XCTAssertEqual(editor.cursorStep, 0)
        send(&editor, [.end])
        XCTAssertEqual(editor.cursorStep, 31)
        XCTAssertEqual(editor.positionLabel(31), "2:4:4")
        send(&editor, keys("l"))
        XCTAssertEqual(editor.cursorStep, 31, "the cursor stops at the last step")
    }

    func testHarmonizeRequestKeepsOnlySoprano() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        let effects = send(&editor, keys("z"))
        guard case .startGeneration(let request)? = effects.first else {
            return XCTFail("expected a generation request, got \(effects)")
        }
        XCTAssertEqual(request.kind, .harmonize)
        XCTAssertEqual(request.document.keep[0], Array(repeating: true, count: 32))
        for voice in 1..<4 {
            XCTAssertEqual(request.document.keep[voice], Array(repeating: false, count: 32))
        }
        XCTAssertNotNil(editor.job)
        XCTAssertEqual(send(&editor, keys("z")), [], "a second job waits for the first")
    }

    func testResultChangingKeptCellIsRejected() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        guard case .startGeneration(let request)? = send(&editor, keys("z")).first else {
            return XCTFail("no request")
        }
        var changed = request.document.score.grid
        changed[.soprano, 0] = 60
        editor.jobDidFinish(request: request, candidates: [Candidate(grid: changed, grade: nil)])
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 0), 72)
        XCTAssertTrue(editor.message?.contains("Rejected 1 result") ?? false, editor.message ?? "")

        guard case .startGeneration(let second)? = send(&editor, keys("z")).first else {
            return XCTFail("no second request")
        }
        var harmonized = second.document.score.grid
        harmonized[.alto, 0] = 65
        editor.jobDidFinish(request: second, candidates: [Candidate(grid: harmonized, grade: nil)])
        XCTAssertEqual(editor.document.pitch(voice: 1, step: 0), 65)
        send(&editor, keys("u"))
        XCTAssertEqual(editor.document.pitch(voice: 1, step: 0), 64, "a generated result is undoable")
    }

    func testCandidatesBrowseAndAccept() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        guard case .startGeneration(let request)? = send(&editor, keys("z")).first else {
            return XCTFail("no request")
        }
        var first = request.document.score.grid, second = first
        first[.bass, 0] = 43
        second[.bass, 0] = 41
        editor.jobDidFinish(request: request, candidates: [Candidate(grid: first, grade: 5), Candidate(grid: second, grade: 7)])
        XCTAssertEqual(editor.displayedGrid.pitches[3][0], 43)
        send(&editor, keys("c"))
        XCTAssertEqual(editor.displayedGrid.pitches[3][0], 41)
        XCTAssertEqual(send(&editor, keys("x")), [])
        XCTAssertEqual(editor.document.pitch(voice: 0, step: 0), 72, "editing is blocked while browsing")
        send(&editor, keys("A"))
        XCTAssertEqual(editor.document.pitch(voice: 3, step: 0), 41)
    }

    func testKeptNoteOutsideVocabularyBlocksJob() throws {
        var score = try twoBarScore()
        score.grid[.soprano, 0] = 90
        var editor = Editor(document: EditorDocument(score: score), fileName: "x.mid")
        XCTAssertEqual(send(&editor, keys("z")), [])
        XCTAssertTrue(editor.message?.contains("S F#6 at 1:1:1") ?? false, editor.message ?? "")
        XCTAssertNil(editor.job)
    }

    func testQuitAsksWhenUnsaved() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        XCTAssertEqual(send(&editor, keys("q")), [.quit])
        send(&editor, keys("+"))
        XCTAssertEqual(send(&editor, keys("q")), [])
        XCTAssertEqual(editor.mode, .confirmQuit)
        XCTAssertEqual(send(&editor, keys("n")), [])
        XCTAssertEqual(editor.mode, .normal)
        send(&editor, keys("q"))
        XCTAssertEqual(send(&editor, keys("y")), [.quit])
    }

    func testMouseDragPaintsRegenerate() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        _ = editor.render(rows: 24, columns: 80)
        // Drag on the tenor's mask row (20) from step 2 to step 5.
        send(&editor, [.mouse(MouseEvent(.press, row: 20, column: column(ofStep: 2))),
                       .mouse(MouseEvent(.drag, row: 20, column: column(ofStep: 4))),
                       .mouse(MouseEvent(.release, row: 20, column: column(ofStep: 5)))])
        XCTAssertEqual(editor.document.keep[2][2...5].map { $0 }, [false, false, false, false])
        XCTAssertTrue(editor.document.keep[2][1])
        XCTAssertTrue(editor.document.keep[2][6])
        XCTAssertTrue(editor.document.keep[1][3])
    }

    func testKeyTableBindsEachKeyOnce() {
        var seen = Set<KeyPress>()
        for binding in KeyBindings.all {
            for key in binding.keys {
                XCTAssertFalse(seen.contains(key), "\(key) bound twice")
                seen.insert(key)
            }
        }
    }
}
