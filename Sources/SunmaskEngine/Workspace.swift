// Scratch memory that layers reuse between calls instead of allocating per call.

/// Reusable scratch buffers, such as the im2col matrix of a convolution.
///
/// A model owns one workspace and passes it to its layers, which run one after another.
/// A buffer's contents are valid only until the next request for the same slot. Two threads
/// running models at the same time need two workspaces.
public final class Workspace {
    private var buffers: [UnsafeMutablePointer<Float>?] = []
    private var capacities: [Int] = []

    public init() {}

    deinit {
        for buffer in buffers { buffer?.deallocate() }
    }

    /// Returns scratch memory for at least `count` floats in `slot`, uninitialized, 64-byte
    /// aligned, growing the slot when it is too small.
    public func scratch(_ slot: Int = 0, count: Int) -> UnsafeMutablePointer<Float> {
        precondition(slot >= 0, "Workspace slot must be non-negative, got \(slot)")
        while buffers.count <= slot {
            buffers.append(nil)
            capacities.append(0)
        }
        if capacities[slot] < count || buffers[slot] == nil {
            buffers[slot]?.deallocate()
            let raw = UnsafeMutableRawPointer.allocate(
                byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
            buffers[slot] = raw.bindMemory(to: Float.self, capacity: max(count, 1))
            capacities[slot] = count
        }
        return buffers[slot]!
    }

    /// The total number of floats held, for memory reports.
    public var floatCount: Int { capacities.reduce(0, +) }
}
