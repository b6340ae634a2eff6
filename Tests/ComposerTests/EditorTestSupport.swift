import Chorale
@testable import Composer

/// A two-bar 4/4 score: soprano C5 (72) for a half note then D5 (74), alto E4 (64), tenor G3
/// (55), bass C3 (48) held throughout.
func twoBarScore() throws -> Score {
    let steps = 32
    let soprano = Array(repeating: 72, count: 8) + Array(repeating: 74, count: 24)
    let rows = [soprano, Array(repeating: 64, count: steps), Array(repeating: 55, count: steps),
                Array(repeating: 48, count: steps)]
    return Score(grid: try SATBGrid(pitches: rows))
}

/// Sends keys one by one and returns every effect they asked for.
@discardableResult
func send(_ editor: inout Editor, _ keys: [KeyPress]) -> [EditorEffect] {
    keys.flatMap { editor.handle($0) }
}

/// Keys for a string of plain characters, such as "vllr".
func keys(_ text: String) -> [KeyPress] {
    text.map { KeyPress.character($0) }
}

/// The screen column of `step` at single zoom with no scrolling.
func column(ofStep step: Int) -> Int {
    PianoRollLayout.gutterWidth + step
}

/// The screen row of `pitch` in the piano roll of `editor`'s last render.
func row(ofPitch pitch: Int, in editor: Editor) -> Int {
    2 + (editor.topVisiblePitch - pitch)
}
