import Foundation
import XCTest

/// One tmux server on a private socket with one session of a fixed size, for driving the real
/// editor binary: send keys, read the screen, poll until it shows something.
final class TmuxPane {
    static let executable = ["/usr/bin/tmux", "/usr/local/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }

    let socket: String
    let session = "editor"

    /// Starts `command` (a shell command line) in a new detached session of `columns` × `rows`.
    init(command: String, columns: Int = 100, rows: Int = 30, name: String) throws {
        guard TmuxPane.executable != nil else {
            throw XCTSkip("tmux is not installed; run `make setup`")
        }
        socket = "sunmask-test-\(getpid())-\(name)"
        try run(["-f", "/dev/null", "new-session", "-d", "-s", session, "-x", "\(columns)", "-y", "\(rows)", command])
    }

    /// Runs tmux with this server's socket and returns its standard output.
    ///
    /// NOTE: with Foundation's `Process` (swift-corelibs-foundation 6.3.1), waiting for the
    /// first client never returned, although the client had exited: the tmux server it forks
    /// seems to keep a descriptor open that the wait depends on. So tmux is spawned directly and
    /// reaped with `waitpid`, and its output goes to a temporary file.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let outputPath = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString).out").path
        defer { unlink(outputPath) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        let argv = ([TmuxPane.executable!, "-L", socket] + arguments).map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, TmuxPane.executable!, &actions, nil, argv, environ)
        guard spawned == 0 else {
            throw TmuxError(arguments: arguments, status: spawned, message: "posix_spawn failed")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let output = try String(contentsOfFile: outputPath, encoding: .utf8)
        // WIFEXITED and WEXITSTATUS: a normal exit keeps the low 7 bits zero.
        let exitStatus = (status & 0x7f) == 0 ? (status >> 8) & 0xff : -1
        guard exitStatus == 0 else {
            throw TmuxError(arguments: arguments, status: exitStatus, message: output)
        }
        return output
    }

    /// Sends tmux key names, such as "l", "Escape" or "C-c", one by one.
    func send(_ keys: String...) throws {
        for key in keys {
            try run(["send-keys", "-t", session, key])
        }
    }

    /// Types `text` literally.
    func type(_ text: String) throws {
        try run(["send-keys", "-t", session, "-l", text])
    }

    /// The visible screen as text, one line per row.
    func capture() throws -> String {
        try run(["capture-pane", "-p", "-t", session])
    }

    /// The process id of the pane's command.
    func panePID() throws -> Int32 {
        let text = try run(["display-message", "-p", "-t", session, "#{pane_pid}"])
        return Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
    }

    /// Polls the screen every 50 ms until `condition` holds; fails the test with the last
    /// screen when `timeout` seconds pass first.
    @discardableResult
    func waitFor(_ what: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line,
                 _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        }
        XCTFail("timed out after \(timeout) s waiting for \(what); the screen was:\n\(screen)", file: file, line: line)
        throw TmuxError(arguments: ["wait for \(what)"], status: -1, message: "timed out")
    }

    /// Waits until the screen contains `text`.
    @discardableResult
    func waitFor(text: String, timeout: TimeInterval = 15, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout, file: file, line: line) { $0.contains(text) }
    }

    /// Stops the server and everything running in it.
    func kill() {
        do {
            try run(["kill-server"])
        } catch {
            // The server is already gone when its only session ended.
        }
        // A stopped server can leave its socket file behind.
        let folder = ProcessInfo.processInfo.environment["TMUX_TMPDIR"].flatMap { $0.isEmpty ? nil : $0 } ?? "/tmp"
        unlink("\(folder)/tmux-\(getuid())/\(socket)")
    }
}

struct TmuxError: Error, CustomStringConvertible {
    let arguments: [String]
    let status: Int32
    let message: String

    var description: String { "tmux \(arguments.joined(separator: " ")) failed (\(status)): \(message)" }
}
