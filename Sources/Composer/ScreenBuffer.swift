/// What a screen cell means, which the terminal front end maps to a colour pair and the
/// tests assert on. Every role also reads without colour because the editor draws a
/// distinct glyph or attribute for it.
public enum ColorRole: Int, CaseIterable, Hashable, Sendable {
    case normal
    case soprano, alto, tenor, bass
    case barLine, beatLine
    case cursor, selection, playCursor
    /// A cell marked for regeneration (keep mask 0).
    case regenerate
    case outOfRange
    case header, status, message, alert

    /// The role of a voice's notes.
    public static func voice(_ index: Int) -> ColorRole {
        [ColorRole.soprano, .alto, .tenor, .bass][index]
    }
}

/// How a cell is drawn: its meaning plus the text attributes that carry it without colour.
public struct CellStyle: Hashable, Sendable {
    public var role: ColorRole
    public var bold: Bool
    public var reverse: Bool
    public var underline: Bool
    public var dim: Bool

    public init(_ role: ColorRole = .normal, bold: Bool = false, reverse: Bool = false,
                underline: Bool = false, dim: Bool = false) {
        self.role = role
        self.bold = bold
        self.reverse = reverse
        self.underline = underline
        self.dim = dim
    }

    public static let plain = CellStyle()
}

/// One character cell of the screen.
public struct ScreenCell: Hashable, Sendable {
    public var character: Character
    public var style: CellStyle

    public init(_ character: Character = " ", _ style: CellStyle = .plain) {
        self.character = character
        self.style = style
    }
}

/// A rows × columns grid of styled characters that the editor draws into.
///
/// The curses front end copies it to the terminal; tests read its text and styles directly,
/// so the editor's drawing is tested without a terminal. Writes outside the grid are clipped.
public struct ScreenBuffer: Equatable, Sendable {
    public let rows: Int
    public let columns: Int
    private var cells: [ScreenCell]

    public init(rows: Int, columns: Int) {
        precondition(rows >= 0 && columns >= 0, "ScreenBuffer size \(rows)×\(columns) is negative")
        self.rows = rows
        self.columns = columns
        cells = Array(repeating: ScreenCell(), count: rows * columns)
    }

    public subscript(row: Int, column: Int) -> ScreenCell {
        get {
            precondition(row >= 0 && row < rows && column >= 0 && column < columns,
                         "ScreenBuffer cell (\(row), \(column)) is outside \(rows)×\(columns)")
            return cells[row * columns + column]
        }
        set {
            guard row >= 0, row < rows, column >= 0, column < columns else { return }
            cells[row * columns + column] = newValue
        }
    }

    /// Writes `text` from (`row`, `column`) in one style, clipped at the right edge.
    public mutating func put(_ text: String, row: Int, column: Int, style: CellStyle = .plain) {
        var x = column
        for character in text {
            self[row, x] = ScreenCell(character, style)
            x += 1
            if x >= columns { break }
        }
    }

    /// Fills a whole row with spaces in `style`.
    public mutating func clearRow(_ row: Int, style: CellStyle = .plain) {
        for column in 0..<columns { self[row, column] = ScreenCell(" ", style) }
    }

    /// Replaces every non-ASCII character with an ASCII look-alike, for terminals whose
    /// locale is not UTF-8 (such as `LANG=C`).
    public mutating func replaceNonASCII() {
        let replacements: [Character: Character] = [
            "│": "|", "┊": ":", "─": "-", "—": "-", "■": "#", "·": ".", "×": "x", "…": ".",
            "←": "<", "→": ">", "↑": "^", "↓": "v", "♯": "#", "♭": "b",
        ]
        for index in cells.indices where !cells[index].character.isASCII {
            cells[index].character = replacements[cells[index].character] ?? "?"
        }
    }

    /// The characters of one row.
    public func text(row: Int) -> String {
        String((0..<columns).map { self[row, $0].character })
    }

    /// The whole screen as lines of text, for tests and for captures in documentation.
    public var text: String {
        (0..<rows).map { text(row: $0) }.joined(separator: "\n")
    }
}
