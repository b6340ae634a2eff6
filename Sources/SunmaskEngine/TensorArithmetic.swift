// Elementwise helpers the layers share, split across threads.

/// Adds `x` into `accumulator` elementwise: accumulator += x. Both have the same shape.
public func addInPlace(_ accumulator: Tensor, _ x: Tensor) {
    precondition(accumulator.shape == x.shape,
                 "addInPlace: shapes \(accumulator.shape) and \(x.shape) differ")
    let a = accumulator.pointer
    let b = UnsafePointer(x.pointer)
    parallelRanges(x.count, granularity: 16, minimumPerThread: 32_768) { range in
        for i in range { a[i] += b[i] }
    }
}

/// Copies channels `channels` of `source` [C, B, T] into `destination` [channels.count, B, T].
/// Channel-major layout makes a channel range one contiguous block.
public func copyChannels(_ destination: Tensor, from source: Tensor, channels: Range<Int>) {
    let rowCount = source.count / max(source.shape[0], 1)  // B·T
    destination.expectShape([channels.count] + source.shape.dropFirst(), "copyChannels destination")
    destination.pointer.update(from: source.pointer + channels.lowerBound * rowCount,
                               count: channels.count * rowCount)
}

/// Adds `source` [n, B, T] into channels `channels` of `destination` [C, B, T].
public func addChannels(_ destination: Tensor, from source: Tensor, channels: Range<Int>) {
    let rowCount = destination.count / max(destination.shape[0], 1)  // B·T
    source.expectShape([channels.count] + destination.shape.dropFirst(), "addChannels source")
    let d = destination.pointer + channels.lowerBound * rowCount
    let s = UnsafePointer(source.pointer)
    parallelRanges(source.count, granularity: 16, minimumPerThread: 32_768) { range in
        for i in range { d[i] += s[i] }
    }
}

/// Adds channels `channels` of `source` [C, B, T] into `destination` [channels.count, B, T].
public func addChannels(_ destination: Tensor, fromChannels channels: Range<Int>, of source: Tensor) {
    let rowCount = source.count / max(source.shape[0], 1)  // B·T
    destination.expectShape([channels.count] + source.shape.dropFirst(), "addChannels destination")
    let d = destination.pointer
    let s = UnsafePointer(source.pointer + channels.lowerBound * rowCount)
    parallelRanges(destination.count, granularity: 16, minimumPerThread: 32_768) { range in
        for i in range { d[i] += s[i] }
    }
}

/// Creates a zero-filled tensor, filling large ones on both threads. Backward passes allocate
/// their gradient buffers this way, since they add into them.
public func zeroTensor(_ shape: [Int]) -> Tensor {
    let tensor = Tensor(uninitializedShape: shape)
    let pointer = tensor.pointer
    parallelRanges(tensor.count, granularity: 16, minimumPerThread: 65_536) { range in
        (pointer + range.lowerBound).initialize(repeating: 0, count: range.count)
    }
    return tensor
}
