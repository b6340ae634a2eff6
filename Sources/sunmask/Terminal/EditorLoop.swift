import Composer
import Foundation

/// The editor's event loop: read a key (waiting at most 50 ms), let the host handle it, tick,
/// draw at the terminal's current size. It ends on quit or on a quit signal.
enum EditorLoop {
    /// Runs `host` until it quits; returns the signal that ended it, or nil after a normal quit.
    /// The terminal is restored before this returns or throws, and text written to standard
    /// error meanwhile is printed after that.
    static func run(_ host: EditorHost, colors: Bool, ascii: Bool) throws -> Int32? {
        let held = StandardErrorHold()
        defer { held.release() }
        let terminal = try CursesTerminal(colors: colors)
        defer { terminal.stop() }

        let glyphs: GlyphSet = ascii || !terminal.supportsUnicode ? .ascii : .unicode
        func draw() {
            let (rows, columns) = terminal.size
            terminal.draw(host.render(rows: rows, columns: columns, glyphs: glyphs))
        }

        draw()
        while !host.isFinished {
            if let signal = terminal.quitSignal {
                host.finishAfterSignal()
                return signal
            }
            if let key = terminal.readKey(timeoutMilliseconds: 50) {
                host.handle(key)
                // Keys typed ahead (or pasted) are handled before the next draw.
                var handled = 1
                while handled < 64, !host.isFinished, let next = terminal.readKey(timeoutMilliseconds: 0) {
                    host.handle(next)
                    handled += 1
                }
            }
            host.tick()
            if !host.isFinished {
                draw()
            }
        }
        return nil
    }
}

/// Standard error sent to a temporary file while curses owns the screen, and copied to the
/// real standard error by `release()`, after the terminal is restored.
final class StandardErrorHold {
    private var file: UnsafeMutablePointer<FILE>?
    private var saved: Int32 = -1

    init() {
        fflush(stderr)
        guard let file = tmpfile() else { return }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(fileno(file), STDERR_FILENO) >= 0 else {
            // Without the redirection, messages may garble the screen but are not lost.
            if saved >= 0 { close(saved) }
            fclose(file)
            return
        }
        self.file = file
        self.saved = saved
    }

    /// Restores standard error and prints what was held. Safe to call more than once.
    func release() {
        guard let file, saved >= 0 else { return }
        fflush(stderr)
        dup2(saved, STDERR_FILENO)
        close(saved)
        saved = -1
        rewind(file)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count <= 0 { break }
            _ = buffer.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, count) }
        }
        fclose(file)
        self.file = nil
    }
}
