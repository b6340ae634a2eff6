// Splitting the engine's work across threads.
//
// OpenBLAS runs single-threaded, and the engine splits each large matrix product and loop into
// disjoint halves itself. On a 2-core AVX-512 machine, OpenBLAS 0.3.21 in its own 2-thread mode
// reached 107–188 GFLOP/s between runs on the skinny products of a 1-D convolution, while two
// 1-thread calls on separate halves of the output held 190–201 GFLOP/s.

import CBLAS
import Dispatch

/// The number of threads the engine splits its matrix products and loops across.
///
/// Set it once at start-up (the CLI's `--threads`), before any work runs. Every split writes
/// disjoint memory, so results do not depend on the thread count except through the order of
/// floating-point sums inside OpenBLAS.
public enum ComputeThreads {
    nonisolated(unsafe) private static var storedCount = 2

    /// The thread count, 1 or 2. Defaults to 2.
    public static var count: Int {
        get { storedCount }
        set {
            precondition(newValue == 1 || newValue == 2,
                         "ComputeThreads.count must be 1 or 2, got \(newValue)")
            storedCount = newValue
        }
    }

    /// Switches OpenBLAS to one thread, once, before the engine's first matrix product.
    static let blasSingleThreaded: Void = {
        openblas_set_num_threads(1)
    }()
}

/// Runs `body` on up to `ComputeThreads.count` disjoint parts of `0..<count`, in parallel.
///
/// Each part's bounds are multiples of `granularity` (except the end). Work smaller than
/// `minimumPerThread` elements runs on the calling thread alone, because starting a second
/// thread costs a few microseconds.
/// - Parameters:
///   - count: the number of items to split.
///   - granularity: part boundaries fall on multiples of this.
///   - minimumPerThread: the smallest part worth a thread of its own.
///   - body: receives one part; parts never overlap.
@inlinable
public func parallelRanges(
    _ count: Int, granularity: Int = 1, minimumPerThread: Int = 1,
    threads: Int = ComputeThreads.count, _ body: (Range<Int>) -> Void
) {
    let parts = min(threads, max(1, count / max(minimumPerThread, 1)))
    if parts <= 1 || count <= granularity {
        body(0..<count)
        return
    }
    let units = (count + granularity - 1) / granularity
    DispatchQueue.concurrentPerform(iterations: parts) { part in
        let lower = min(count, units * part / parts * granularity)
        let upper = part == parts - 1 ? count : min(count, units * (part + 1) / parts * granularity)
        if lower < upper { body(lower..<upper) }
    }
}
