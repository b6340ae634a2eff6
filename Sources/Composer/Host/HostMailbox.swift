import Foundation

/// Messages from background threads to the UI loop, behind one lock.
///
/// A job's progress goes into a single slot, so a fast sampler never queues more reports than
/// the loop draws: the loop takes the latest one. Completions (a job's result, a loaded
/// player, a rendered WAV) are queued in order and run on the UI thread by `EditorHost.tick`.
final class HostMailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var latestProgress: (job: Int, progress: JobProgress)?
    private var completions: [(EditorHost) -> Void] = []

    /// Replaces the progress report of job `job`.
    func post(progress: JobProgress, job: Int) {
        lock.lock()
        latestProgress = (job, progress)
        lock.unlock()
    }

    /// Queues `action` to run on the UI thread.
    func post(_ action: @escaping (EditorHost) -> Void) {
        lock.lock()
        completions.append(action)
        lock.unlock()
    }

    /// Takes everything posted so far.
    func drain() -> (progress: (job: Int, progress: JobProgress)?, completions: [(EditorHost) -> Void]) {
        lock.lock()
        defer { lock.unlock() }
        let taken = (latestProgress, completions)
        latestProgress = nil
        completions = []
        return taken
    }
}
