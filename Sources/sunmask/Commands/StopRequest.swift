import Dispatch
import Foundation

/// Records SIGINT and SIGTERM so a long-running loop can stop at its next check and save.
///
/// The signals are ignored at the process level and delivered through `DispatchSource`
/// handlers instead, so the loop finishes its current step and no signal arrives in the
/// middle of a checkpoint write.
final class StopRequest: @unchecked Sendable {
    private let lock = NSLock()
    private var receivedSignal: Int32?
    private var sources: [DispatchSourceSignal] = []

    /// Starts listening for SIGINT and SIGTERM.
    init() {
        for signalNumber in [SIGINT, SIGTERM] {
            signal(signalNumber, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: signalNumber, queue: .global())
            source.setEventHandler { [weak self] in self?.record(signalNumber) }
            source.resume()
            sources.append(source)
        }
    }

    /// The first signal received, or nil while none has arrived.
    var signalNumber: Int32? {
        lock.lock()
        defer { lock.unlock() }
        return receivedSignal
    }

    private func record(_ signalNumber: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if receivedSignal == nil { receivedSignal = signalNumber }
    }
}
