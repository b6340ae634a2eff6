/// A key press or mouse event, translated from the terminal by the front end.
public enum KeyPress: Hashable, Sendable {
    case character(Character)
    /// Ctrl plus a letter, given in lower case: `.control("c")` is Ctrl-C.
    case control(Character)
    case up, down, left, right
    case shiftUp, shiftDown, shiftLeft, shiftRight
    case home, end, pageUp, pageDown
    case enter, escape, backspace, delete, tab, backTab
    case function(Int)
    /// The terminal changed size; the front end has already updated its size.
    case resize
    case mouse(MouseEvent)
}

/// A mouse event in screen coordinates.
public struct MouseEvent: Hashable, Sendable {
    public enum Action: Hashable, Sendable {
        case press, drag, release, scrollUp, scrollDown
    }

    public var action: Action
    public var row: Int
    public var column: Int

    public init(_ action: Action, row: Int, column: Int) {
        self.action = action
        self.row = row
        self.column = column
    }
}
