import Chorale
import XCTest
@testable import Composer

final class EditorScreenTests: XCTestCase {
    func testRollShowsEachVoiceWithItsLetterAndColour() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "two-bars.mid")
        let screen = editor.render(rows: 24, columns: 80)

        XCTAssertTrue(screen.text(row: 0).contains("SUNMASK Composer — two-bars.mid"), screen.text(row: 0))
        XCTAssertFalse(screen.text(row: 0).contains("[+]"))

        // The soprano's second note (D5) starts at step 8: an onset letter in the soprano colour.
        let onset = screen[row(ofPitch: 74, in: editor), column(ofStep: 8)]
        XCTAssertEqual(onset.character, "S")
        XCTAssertEqual(onset.style.role, .soprano)
        XCTAssertTrue(onset.style.bold)
        // Step 9 continues the held note.
        let held = screen[row(ofPitch: 74, in: editor), column(ofStep: 9)]
        XCTAssertEqual(held.character, "─")
        XCTAssertEqual(held.style.role, .soprano)
    }

    func testRulerNumbersBarsEverySixteenSteps() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        let screen = editor.render(rows: 24, columns: 80)
        let ruler = screen.text(row: 1)
        let characters = Array(ruler)
        XCTAssertEqual(characters[column(ofStep: 16)], "│")
        XCTAssertEqual(characters[column(ofStep: 16) + 1], "2")
        XCTAssertEqual(screen[1, column(ofStep: 16)].style.role, .barLine)
    }

    func testMarkingRegionShadesMaskStripAndNotes() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        // Alto, select steps 0…3 of alto and tenor, mark them to regenerate.
        send(&editor, keys("avlllt") + [.character("r")])
        XCTAssertEqual(editor.document.keep[1][0..<4].map { $0 }, [false, false, false, false])
        XCTAssertEqual(editor.document.keep[2][0..<4].map { $0 }, [false, false, false, false])
        XCTAssertTrue(editor.document.keep[1][4])
        XCTAssertTrue(editor.document.keep[0][0])

        let screen = editor.render(rows: 24, columns: 80)
        // Mask strip rows are 18…21 on a 24-row screen: S, A, T, B.
        let altoStrip = screen[19, column(ofStep: 1)]
        XCTAssertEqual(altoStrip.character, "?")
        XCTAssertEqual(altoStrip.style.role, .regenerate)
        XCTAssertEqual(screen[19, column(ofStep: 4)].character, "■")
        XCTAssertEqual(screen[19, column(ofStep: 4)].style.role, .alto)
        // The alto's E4 at step 1 is drawn shaded (regenerate role, reversed).
        _ = editor.perform(.selectVoice(0))
        let shaded = editor.render(rows: 24, columns: 80)[row(ofPitch: 64, in: editor), column(ofStep: 1)]
        XCTAssertEqual(shaded.style.role, .regenerate)
        XCTAssertTrue(shaded.style.reverse)
        XCTAssertTrue(editor.hasUnsavedChanges)
    }

    func testASCIIGlyphsUnderPlainLocale() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        let screen = editor.render(rows: 24, columns: 80, glyphs: .ascii)
        for row in 0..<screen.rows {
            for column in 0..<screen.columns {
                XCTAssertTrue(screen[row, column].character.isASCII,
                              "non-ASCII \(screen[row, column].character) at \(row),\(column)")
            }
        }
        XCTAssertEqual(screen[row(ofPitch: 74, in: editor), column(ofStep: 9)].character, "-")
    }

    func testTooSmallTerminalShowsSizes() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        let screen = editor.render(rows: 10, columns: 40)
        XCTAssertTrue(screen.text.contains("Terminal too small: 40×10."), screen.text)
        XCTAssertTrue(screen.text.contains("at least 60×16"), screen.text)
    }

    func testLargerScreenShowsMoreSteps() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        let screen = editor.render(rows: 40, columns: 120)
        // The 32-step piece fits entirely: the last step's soprano is drawn.
        XCTAssertEqual(screen[row(ofPitch: 74, in: editor), column(ofStep: 31)].style.role, .soprano)
        XCTAssertEqual(screen.text(row: 38).hasPrefix(" EDIT │ soprano │ 1:1:1"), true, screen.text(row: 38))
    }

    func testHelpListsEveryBinding() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        send(&editor, [.character("?")])
        var seen = ""
        for _ in 0..<10 {
            seen += editor.render(rows: 24, columns: 80).text + "\n"
            send(&editor, [.character(" ")])
            _ = editor.perform(.showHelp)
        }
        // Scrolling by pages from the top: collect the whole list.
        var all = ""
        editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        _ = editor.perform(.showHelp)
        for _ in 0..<KeyBindings.all.count {
            all += editor.render(rows: 24, columns: 80).text + "\n"
            send(&editor, [.character("j")])
        }
        for binding in KeyBindings.all {
            XCTAssertTrue(all.contains(binding.help), "help screen lacks \(binding.label): \(binding.help)")
        }
        send(&editor, [.character("x")])
        XCTAssertEqual(editor.mode, .normal)
    }
}

final class OffscreenMarkerTests: XCTestCase {
    /// On a 24-row screen the roll shows 16 pitches, so the two-bar score's bass (C3) and
    /// soprano (C5, D5) cannot all be visible; the hidden ones are marked at the edges.
    func testHiddenVoicesAreMarkedAtTheEdges() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        _ = editor.perform(.selectVoice(1))
        let screen = editor.render(rows: 24, columns: 80)
        let topRow = 2, bottomRow = 17
        let lowest = editor.topVisiblePitch - (bottomRow - topRow)
        XCTAssertLessThan(48, lowest, "the bass C3 must be below the view for this test")
        let bottom = screen[bottomRow, column(ofStep: 0)]
        XCTAssertEqual(bottom.character, "v")
        XCTAssertEqual(bottom.style.role, .bass)
        if editor.topVisiblePitch < 72 {
            let top = screen[topRow, column(ofStep: 0)]
            XCTAssertEqual(top.character, "^")
            XCTAssertEqual(top.style.role, .soprano)
        }
    }
}

final class OffscreenMarkerOverlapTests: XCTestCase {
    /// A note drawn on the top row itself keeps its glyph; the marker goes only on empty cells.
    func testMarkerNeverCoversANote() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        _ = editor.perform(.selectVoice(2))
        _ = editor.render(rows: 24, columns: 80)
        // Put an alto note exactly on the top visible row at steps 0…3.
        let topPitch = editor.topVisiblePitch
        _ = editor.perform(.selectVoice(1))
        for _ in 0..<(topPitch - editor.cursorPitch) { _ = editor.perform(.movePitch(semitones: 1)) }
        _ = editor.perform(.enterNote)
        _ = editor.perform(.selectVoice(2))
        let screen = editor.render(rows: 24, columns: 80)
        XCTAssertEqual(editor.topVisiblePitch, topPitch, "the view must not scroll for this test")
        XCTAssertEqual(screen[2, column(ofStep: 0)].character, "A")
        XCTAssertEqual(screen[2, column(ofStep: 0)].style.role, .alto)
        // The soprano above the view is still marked where the top row is empty.
        XCTAssertEqual(screen[2, column(ofStep: 1)].character, "^")
        XCTAssertEqual(screen[2, column(ofStep: 1)].style.role, .soprano)
    }
}

final class EditorPitchViewTests: XCTestCase {
    /// Soprano G5 (79) over bass E2 (40): a span of 40 pitches.
    private func wideScore() throws -> Score {
        let steps = 32
        let rows = [Array(repeating: 79, count: steps), Array(repeating: 64, count: steps),
                    Array(repeating: 52, count: steps), Array(repeating: 40, count: steps)]
        return Score(grid: try SATBGrid(pitches: rows))
    }

    func testOpeningShowsEveryVoiceWhenRangeFits() throws {
        var editor = Editor(document: EditorDocument(score: try wideScore()), fileName: "wide.mid")
        // 50 rows leave 42 pitch rows for the span of 40: the range is centred, 80…39.
        let screen = editor.render(rows: 50, columns: 80)
        XCTAssertEqual(editor.topVisiblePitch, 80)
        XCTAssertEqual(screen[row(ofPitch: 79, in: editor), column(ofStep: 0)].character, "S")
        XCTAssertEqual(screen[row(ofPitch: 40, in: editor), column(ofStep: 0)].character, "B")
        for pitchRow in 2..<44 {
            XCTAssertFalse(screen.text(row: pitchRow).contains("v"), "row \(pitchRow): \(screen.text(row: pitchRow))")
        }
    }

    func testTooWideRangeStartsAtHighestPitch() throws {
        var editor = Editor(document: EditorDocument(score: try wideScore()), fileName: "wide.mid")
        // 24 rows leave 16 pitch rows, 79…64: the soprano is on the top row, the alto on the
        // bottom row, and the tenor and bass are below the view.
        let screen = editor.render(rows: 24, columns: 80)
        XCTAssertEqual(editor.topVisiblePitch, 79)
        XCTAssertEqual(screen[2, column(ofStep: 0)].character, "S")
        XCTAssertEqual(screen[2 + 15, column(ofStep: 0)].character, "A")
    }
}

final class EditorMessageTests: XCTestCase {
    func testWrapBreaksAtSpaces() {
        XCTAssertEqual(wrapMessage("short", width: 10, maxLines: 2), ["short"])
        XCTAssertEqual(wrapMessage("alpha beta gamma delta", width: 11, maxLines: 2), ["alpha beta", "gamma delta"])
        // A word longer than a row is cut at the width.
        XCTAssertEqual(wrapMessage("abcdefghij", width: 4, maxLines: 3), ["abcd", "efgh", "ij"])
    }

    func testWrapKeepsEndOfCutText() {
        // The last line shows the end of the text, where a message gives the next step.
        XCTAssertEqual(wrapMessage("aaa bbb ccc ddd eee", width: 7, maxLines: 2), ["aaa bbb", "…dd eee"])
        XCTAssertEqual(wrapMessage("aaa bbb ccc", width: 7, maxLines: 1), ["…bb ccc"])
        XCTAssertEqual(wrapMessage("anything", width: 0, maxLines: 2), [])
    }

    func testWrapBreaksLongWordsToFillRow() {
        // Breaking at the space after "to" would leave most of the first row empty.
        XCTAssertEqual(wrapMessage("to /a/very/long/path", width: 10, maxLines: 2), ["to /a/very", "/long/path"])
    }

    func testLongMessageTakesStatusRow() throws {
        var editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid")
        let words = (1...20).map { "word\($0)" }.joined(separator: " ")
        editor.show(message: words)
        let screen = editor.render(rows: 24, columns: 80)
        // 20 words of 5–6 characters need about 130 columns: two rows of the 80-column screen.
        XCTAssertTrue(screen.text(row: 22).hasPrefix("word1 word2"), screen.text(row: 22))
        XCTAssertTrue(screen.text(row: 23).contains("word20"), screen.text(row: 23))
        XCTAssertFalse(screen.text(row: 22).contains("EDIT"), screen.text(row: 22))

        editor.show(message: "Saved.")
        let short = editor.render(rows: 24, columns: 80)
        XCTAssertTrue(short.text(row: 22).contains("EDIT"), short.text(row: 22))
        XCTAssertTrue(short.text(row: 23).hasPrefix("Saved."), short.text(row: 23))
    }
}
