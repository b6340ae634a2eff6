import CFluidSynth
import Foundation

/// Captures FluidSynth's log output so the library never prints and errors can quote it.
///
/// FluidSynth's log handler is global to the process. The first use installs one handler
/// for every level; it appends each message, numbered, to a bounded in-memory list. A caller
/// notes the current number before a FluidSynth call and collects what was logged after it.
/// Messages from other threads that call FluidSynth at the same time can appear in that window.
enum FluidSynthLog {
    /// A logged line with its FluidSynth level (0 panic, 1 error, 2 warning, 3 info, 4 debug).
    struct Entry {
        var sequence: Int
        var level: Int32
        var message: String
    }

    /// FluidSynth's level numbers, from `enum fluid_log_level` in fluidsynth/log.h.
    static let warningLevel: Int32 = 2
    static let debugLevel: Int32 = 4

    private static let store = LogStore()

    private static let installation: Void = {
        let handler: fluid_log_function_t = { level, message, _ in
            let text = message.map { String(cString: $0) } ?? ""
            FluidSynthLog.store.append(level: level, message: text)
        }
        for level in 0...debugLevel {
            _ = fluid_set_log_function(level, handler, nil)
        }
    }()

    /// Installs the handler. Idempotent; every FluidSynth entry point in this target calls it first.
    static func install() {
        _ = installation
    }

    /// The sequence number the next message will get.
    static func mark() -> Int {
        install()
        return store.nextSequence
    }

    /// Messages logged since `mark`, at `maximumLevel` or more severe (lower numbers).
    static func entries(since mark: Int, maximumLevel: Int32 = warningLevel) -> [Entry] {
        store.entries(since: mark).filter { $0.level <= maximumLevel }
    }

    /// Messages logged since `mark` at warning level or worse, joined into one line.
    static func summary(since mark: Int) -> String {
        entries(since: mark).map(\.message).joined(separator: " / ")
    }
}

/// The bounded, locked list behind `FluidSynthLog`.
private final class LogStore: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [FluidSynthLog.Entry] = []
    private var sequence = 0
    /// Older messages are dropped beyond this count, so a long session cannot grow it without bound.
    private let capacity = 256

    var nextSequence: Int {
        lock.lock()
        defer { lock.unlock() }
        return sequence
    }

    func append(level: Int32, message: String) {
        lock.lock()
        defer { lock.unlock() }
        entries.append(FluidSynthLog.Entry(sequence: sequence, level: level, message: message))
        sequence += 1
        if entries.count > capacity {
            entries.removeFirst(entries.count - capacity)
        }
    }

    func entries(since mark: Int) -> [FluidSynthLog.Entry] {
        lock.lock()
        defer { lock.unlock() }
        return entries.filter { $0.sequence >= mark }
    }
}
