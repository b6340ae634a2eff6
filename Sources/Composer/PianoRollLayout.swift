/// The position of each part of the editor on a screen of a given size.
///
/// Rows from the top: the header, the bar ruler, the piano roll (one row per pitch), the
/// mask strip (one row per voice), the status bar and the message line. Columns: a gutter
/// with note names, then the time columns.
struct PianoRollLayout: Equatable {
    static let minimumRows = 16
    static let minimumColumns = 60
    static let gutterWidth = 5

    let rows: Int
    let columns: Int

    var headerRow: Int { 0 }
    var rulerRow: Int { 1 }
    var rollRows: Range<Int> { 2..<(rows - 6) }
    var maskRows: Range<Int> { (rows - 6)..<(rows - 2) }
    var statusRow: Int { rows - 2 }
    var messageRow: Int { rows - 1 }
    var timeColumns: Range<Int> { PianoRollLayout.gutterWidth..<columns }

    var fits: Bool {
        rows >= PianoRollLayout.minimumRows && columns >= PianoRollLayout.minimumColumns
    }

    /// Returns how many steps fit across the time columns at `zoom`.
    func visibleSteps(zoom: Zoom) -> Int {
        timeColumns.count / zoom.columnsPerStep * zoom.stepsPerColumn
    }

    /// Returns the first screen column of `step`, or nil when it is scrolled out of view.
    func column(ofStep step: Int, firstStep: Int, zoom: Zoom) -> Int? {
        let offset = step - firstStep
        guard offset >= 0 else { return nil }
        let column = timeColumns.lowerBound + offset / zoom.stepsPerColumn * zoom.columnsPerStep
        return column < columns ? column : nil
    }

    /// Returns the step shown at a screen column, or nil in the gutter.
    func step(atColumn column: Int, firstStep: Int, zoom: Zoom) -> Int? {
        guard timeColumns.contains(column) else { return nil }
        return firstStep + (column - timeColumns.lowerBound) / zoom.columnsPerStep * zoom.stepsPerColumn
    }

    /// Returns the pitch of a piano-roll row, or nil outside the roll.
    func pitch(atRow row: Int, topPitch: Int) -> Int? {
        guard rollRows.contains(row) else { return nil }
        let pitch = topPitch - (row - rollRows.lowerBound)
        return (0...127).contains(pitch) ? pitch : nil
    }

    /// Returns the voice of a mask-strip row, or nil outside the strip.
    func maskVoice(atRow row: Int) -> Int? {
        maskRows.contains(row) ? row - maskRows.lowerBound : nil
    }
}

/// The characters the editor draws, in Unicode or, under a non-UTF-8 locale, plain ASCII.
public struct GlyphSet: Sendable {
    let barLine: Character
    let beatLine: Character
    let held: Character
    let keep: Character
    let keepRest: Character
    let regenerate: Character
    let separator: Character
    /// True when every character on screen must be ASCII, text included.
    let asciiOnly: Bool

    public static let unicode = GlyphSet(barLine: "│", beatLine: "┊", held: "─", keep: "■",
                                         keepRest: "·", regenerate: "?", separator: "│", asciiOnly: false)
    public static let ascii = GlyphSet(barLine: "|", beatLine: ":", held: "-", keep: "#",
                                       keepRest: ".", regenerate: "?", separator: "|", asciiOnly: true)
}
