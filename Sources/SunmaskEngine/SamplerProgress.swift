import Synchronization

/// The state of a sampling run after one step index, passed to the progress callback.
public struct SamplerProgress {
    /// The number of step indices finished, in `1 ... totalSteps`. Skipped steps count.
    public let step: Int
    /// N + D, the number of step indices of the run.
    public let totalSteps: Int
    /// The global index of the first grid in `grids` (nonzero when best-of-N runs in chunks).
    public let firstCandidate: Int
    /// The current grids [B, V, T], with the user's keep mask.
    public let grids: CellGrids
}

/// What the progress callback asks the sampler to do next.
public enum SamplerControl: Equatable, Sendable {
    /// Go on with the next step.
    case proceed
    /// Stop now and return the current grids, marked as cancelled.
    case stop
}

/// A cancellation flag for a sampling run, settable from any thread.
///
/// The sampler reads the flag before each step index, so after `cancel()` at most the step
/// in progress finishes, with its one model call, before the run returns.
public final class SamplerCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    public init() {}

    /// Asks the run to stop. Safe to call from any thread, any number of times.
    public func cancel() {
        flag.store(true, ordering: .releasing)
    }

    /// Whether `cancel()` has been called.
    public var isCancelled: Bool {
        flag.load(ordering: .acquiring)
    }
}
