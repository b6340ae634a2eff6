import CNCurses
import Composer
import Foundation

/// The terminal while curses owns it. This is the only code that calls curses.
///
/// The initializer sets the locale so wide characters work, and enters curses mode with keypad,
/// mouse and colour support. It installs signal handlers: SIGINT, SIGTERM and SIGHUP end the
/// editor through its normal quit path, and crash signals restore the terminal before the
/// process dies. `stop()` restores the terminal; it is idempotent and also runs at exit.
final class CursesTerminal {
    /// True when the locale's character set is UTF-8, so box-drawing glyphs can be used.
    let supportsUnicode: Bool
    /// True when the terminal has at least 8 colours and `--no-color` was not given.
    let supportsColor: Bool
    private var running = true
    private var signalSources: [DispatchSourceSignal] = []
    private let pendingSignal = Atomic32()

    /// The terminal size in character cells.
    var size: (rows: Int, columns: Int) {
        (Int(getmaxy(stdscr)), Int(getmaxx(stdscr)))
    }

    /// The signal that asked the editor to quit (SIGINT, SIGTERM, SIGHUP), or nil.
    var quitSignal: Int32? {
        let value = pendingSignal.load()
        return value == 0 ? nil : value
    }

    init(colors: Bool) throws {
        setlocale(LC_ALL, "")
        let codeset = String(cString: nl_langinfo(nl_item(CODESET)))
        supportsUnicode = codeset.uppercased().replacingOccurrences(of: "-", with: "") == "UTF8"

        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw RuntimeFailure("the editor needs a terminal on standard input and output; "
                + "use 'sunmask harmonize' or 'sunmask convert' in scripts")
        }
        guard initscr() != nil else {
            throw RuntimeFailure("could not start curses on terminal '\(ProcessInfo.processInfo.environment["TERM"] ?? "")'; "
                + "check the TERM variable")
        }
        cbreak()
        noecho()
        nonl()
        keypad(stdscr, true)
        curs_set(0)
        // Escape is a key of its own here, so do not wait a whole second for a sequence.
        set_escdelay(25)
        mousemask(sunmask_mouse_mask(), nil)
        mouseinterval(0)

        if colors && has_colors() {
            start_color()
            use_default_colors()
            supportsColor = true
            for role in ColorRole.allCases {
                let (foreground, background) = CursesTerminal.colors(for: role)
                init_pair(Int16(role.rawValue + 1), foreground, background)
            }
        } else {
            supportsColor = false
        }

        CursesTerminal.active = self
        installSignalHandlers()
        atexit { CursesTerminal.active?.stop() }
    }

    deinit {
        stop()
    }

    /// Restores the terminal. Safe to call more than once and from any exit path.
    func stop() {
        guard running else { return }
        running = false
        mousemask(0, nil)
        curs_set(1)
        endwin()
        for source in signalSources { source.cancel() }
        signalSources.removeAll()
    }

    // MARK: - Drawing

    /// Copies `buffer` to the terminal; curses sends only the cells that changed.
    func draw(_ buffer: ScreenBuffer) {
        let (rows, columns) = size
        var cell = cchar_t()
        for row in 0..<min(rows, buffer.rows) {
            for column in 0..<min(columns, buffer.columns) {
                let screenCell = buffer[row, column]
                var attributes = sunmask_attr_normal()
                let style = screenCell.style
                if style.bold { attributes |= sunmask_attr_bold() }
                if style.reverse { attributes |= sunmask_attr_reverse() }
                if style.underline { attributes |= sunmask_attr_underline() }
                if style.dim { attributes |= sunmask_attr_dim() }
                let pair: Int16 = supportsColor ? Int16(style.role.rawValue + 1) : 0
                let scalar = screenCell.character.unicodeScalars.first.map { Int32($0.value) } ?? 32
                var wide: [wchar_t] = [scalar, 0]
                setcchar(&cell, &wide, attributes, pair, nil)
                // The bottom-right cell scrolls some terminals, so an error there is ignored.
                _ = mvwadd_wch(stdscr, Int32(row), Int32(column), &cell)
            }
        }
        wrefresh(stdscr)
    }

    // MARK: - Input

    /// Waits up to `milliseconds` for a key; nil when none arrived in time.
    func readKey(timeoutMilliseconds milliseconds: Int32) -> KeyPress? {
        wtimeout(stdscr, milliseconds)
        var code: wint_t = 0
        let status = wget_wch(stdscr, &code)
        if status == ERR { return nil }
        if status == KEY_CODE_YES {
            return translate(functionKey: Int32(code))
        }
        return translate(character: UInt32(code))
    }

    private func translate(character code: UInt32) -> KeyPress? {
        switch code {
        case 27: return .escape
        case 9: return .tab
        case 10, 13: return .enter
        case 8, 127: return .backspace
        case 1...26: return .control(Character(UnicodeScalar(code + 96)!))
        default:
            guard let scalar = UnicodeScalar(code) else { return nil }
            return .character(Character(scalar))
        }
    }

    private func translate(functionKey code: Int32) -> KeyPress? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_SR: return .shiftUp
        case KEY_SF: return .shiftDown
        case KEY_SLEFT: return .shiftLeft
        case KEY_SRIGHT: return .shiftRight
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case sunmask_key_resize(): return .resize
        case sunmask_key_mouse(): return readMouse()
        case KEY_F0 + 1...KEY_F0 + 12: return .function(Int(code - KEY_F0))
        default: return nil
        }
    }

    private func readMouse() -> KeyPress? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        let row = Int(event.y), column = Int(event.x)
        let state = event.bstate
        if sunmask_mouse_button1_pressed(state) != 0 { return .mouse(MouseEvent(.press, row: row, column: column)) }
        if sunmask_mouse_button1_released(state) != 0 { return .mouse(MouseEvent(.release, row: row, column: column)) }
        if sunmask_mouse_scroll_up(state) != 0 { return .mouse(MouseEvent(.scrollUp, row: row, column: column)) }
        if sunmask_mouse_scroll_down(state) != 0 { return .mouse(MouseEvent(.scrollDown, row: row, column: column)) }
        if sunmask_mouse_position(state) != 0 { return .mouse(MouseEvent(.drag, row: row, column: column)) }
        return nil
    }

    /// Turns mouse drag reporting on or off (xterm's "any motion" mode), so moving the mouse
    /// without a button held sends nothing.
    func reportMouseMotion(_ enabled: Bool) {
        let sequence = enabled ? "\u{1B}[?1002h" : "\u{1B}[?1002l"
        FileHandle.standardOutput.write(Data(sequence.utf8))
    }

    // MARK: - Signals

    private func installSignalHandlers() {
        // Quit signals are turned into a flag that the editor's loop reads, so the editor
        // autosaves and restores the terminal through its normal quit path.
        for signalNumber in [SIGINT, SIGTERM, SIGHUP] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [pendingSignal] in pendingSignal.store(signalNumber) }
            source.resume()
            signalSources.append(source)
        }
        // After a crash nothing can be saved, but the terminal is restored before the
        // default action ends the process.
        for signalNumber in [SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGABRT, SIGTRAP] {
            signal(signalNumber) { received in
                endwin()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }

    /// The terminal that is running, for the exit and crash handlers.
    nonisolated(unsafe) static var active: CursesTerminal?

    /// Returns the foreground and background colour of a role (-1 is the terminal's default).
    private static func colors(for role: ColorRole) -> (Int16, Int16) {
        switch role {
        case .normal: return (-1, -1)
        case .soprano: return (Int16(COLOR_RED), -1)
        case .alto: return (Int16(COLOR_YELLOW), -1)
        case .tenor: return (Int16(COLOR_GREEN), -1)
        case .bass: return (Int16(COLOR_CYAN), -1)
        case .barLine: return (Int16(COLOR_BLUE), -1)
        case .beatLine: return (Int16(COLOR_BLUE), -1)
        case .cursor: return (Int16(COLOR_BLACK), Int16(COLOR_WHITE))
        case .selection: return (Int16(COLOR_BLACK), Int16(COLOR_CYAN))
        case .playCursor: return (Int16(COLOR_BLACK), Int16(COLOR_GREEN))
        case .regenerate: return (Int16(COLOR_WHITE), Int16(COLOR_MAGENTA))
        case .outOfRange: return (Int16(COLOR_WHITE), Int16(COLOR_RED))
        case .header: return (Int16(COLOR_WHITE), Int16(COLOR_BLUE))
        case .status: return (Int16(COLOR_BLACK), Int16(COLOR_WHITE))
        case .message: return (Int16(COLOR_YELLOW), -1)
        case .alert: return (Int16(COLOR_WHITE), Int16(COLOR_RED))
        }
    }
}

/// A 32-bit integer shared between a signal queue and the main loop.
final class Atomic32: @unchecked Sendable {
    private var value: Int32 = 0
    private let lock = NSLock()

    func load() -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func store(_ newValue: Int32) {
        lock.lock()
        value = newValue
        lock.unlock()
    }
}
