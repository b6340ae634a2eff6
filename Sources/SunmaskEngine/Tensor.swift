// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.
// Activations are stored channel-major as [C, B, T]: for one channel, all batch
// elements' time steps are contiguous, so a convolution over the whole batch is a
// single matrix product with B·T columns.

import CBLAS

/// A contiguous, row-major Float32 tensor that owns its memory.
///
/// The storage is 64-byte aligned and zero-filled on creation. A `Tensor` is a reference
/// type: layers keep tensors in caches and gradients accumulate into them in place.
public final class Tensor {
    /// The size of each dimension, outermost first.
    public let shape: [Int]
    /// The number of elements, the product of `shape`.
    public let count: Int
    /// The first element. Valid for `count` elements for the tensor's lifetime.
    public let pointer: UnsafeMutablePointer<Float>

    /// Creates a tensor of the given shape filled with `value`.
    public convenience init(shape: [Int], repeating value: Float = 0) {
        self.init(uninitializedShape: shape)
        pointer.initialize(repeating: value, count: max(count, 1))
    }

    /// Creates a tensor whose elements are arbitrary until written, for an op's output that the
    /// op overwrites in full. It skips the zero fill, which costs a pass over memory.
    public init(uninitializedShape shape: [Int]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "Tensor shape \(shape) has a negative dimension")
        self.shape = shape
        self.count = shape.reduce(1, *)
        let raw = UnsafeMutableRawPointer.allocate(
            byteCount: max(count, 1) * MemoryLayout<Float>.stride, alignment: 64)
        self.pointer = raw.bindMemory(to: Float.self, capacity: max(count, 1))
    }

    /// Creates a tensor of the given shape holding `values` in row-major order.
    public convenience init(shape: [Int], values: [Float]) {
        let expected = shape.reduce(1, *)
        precondition(values.count == expected,
                     "Tensor shape \(shape) needs \(expected) values, got \(values.count)")
        self.init(shape: shape)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: count) }
    }

    deinit {
        pointer.deallocate()
    }

    /// The elements as an array, in row-major order.
    public var values: [Float] {
        Array(UnsafeBufferPointer(start: pointer, count: count))
    }

    /// The element at a flat row-major index.
    @inlinable public subscript(flat index: Int) -> Float {
        get { pointer[index] }
        set { pointer[index] = newValue }
    }

    /// A mutable view of all elements.
    @inlinable public var buffer: UnsafeMutableBufferPointer<Float> {
        UnsafeMutableBufferPointer(start: pointer, count: count)
    }

    /// Sets every element to zero.
    public func zero() {
        pointer.update(repeating: 0, count: count)
    }

    /// Copies the elements of `other`, which must have the same element count.
    public func copy(from other: Tensor) {
        precondition(other.count == count,
                     "copy(from:) between shapes \(other.shape) and \(shape)")
        pointer.update(from: other.pointer, count: count)
    }

    /// A new tensor with the same elements and a new shape of equal element count.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        let result = Tensor(shape: newShape)
        precondition(result.count == count, "cannot reshape \(shape) to \(newShape)")
        result.pointer.update(from: pointer, count: count)
        return result
    }

    /// Stops with a message naming both shapes when `shape` differs from `expected`.
    public func expectShape(_ expected: [Int], _ what: @autoclosure () -> String) {
        precondition(shape == expected, "\(what()): expected shape \(expected), got \(shape)")
    }
}
