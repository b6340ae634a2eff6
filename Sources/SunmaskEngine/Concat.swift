// Shape legend: C channels (C1 from the first input, C2 from the second), B batch, T time steps.
//
// Channel concatenation, as in the U-Net decoder where the current features meet the matching
// encoder skip. With the channel-major [C, B, T] layout each input is one contiguous block of the
// output, so forward is two copies and backward two added slices.

/// Concatenation of two [C, B, T] tensors along channels, and its split gradient.
public enum Concat {
    /// Writes `first` into channels 0..<C1 of `output` and `second` into channels C1..<C1+C2.
    ///
    /// - Parameters:
    ///   - output: [C1 + C2, B, T]; overwritten.
    ///   - first: [C1, B, T].
    ///   - second: [C2, B, T].
    public static func forward(output: Tensor, first: Tensor, second: Tensor) {
        precondition(first.shape.count == 3 && second.shape.count == 3,
                     "Concat.forward: expected rank-3 inputs [C, B, T], got \(first.shape) and \(second.shape)")
        let (c1, b, t) = (first.shape[0], first.shape[1], first.shape[2])
        let c2 = second.shape[0]
        precondition(second.shape == [c2, b, t],
                     "Concat.forward: second input expected [\(c2), \(b), \(t)], got \(second.shape)")
        output.expectShape([c1 + c2, b, t], "Concat.forward output")

        output.pointer.update(from: first.pointer, count: first.count)
        (output.pointer + first.count).update(from: second.pointer, count: second.count)
    }

    /// Adds channels 0..<C1 of `dOutput` into `dFirst` and channels C1..<C1+C2 into `dSecond`.
    ///
    /// - Parameters:
    ///   - dFirst: [C1, B, T]; added into.
    ///   - dSecond: [C2, B, T]; added into.
    ///   - dOutput: [C1 + C2, B, T], the gradient with respect to the forward output.
    public static func backward(dFirst: Tensor, dSecond: Tensor, dOutput: Tensor) {
        precondition(dFirst.shape.count == 3 && dSecond.shape.count == 3,
                     "Concat.backward: expected rank-3 gradients [C, B, T], got \(dFirst.shape) and \(dSecond.shape)")
        let (c1, b, t) = (dFirst.shape[0], dFirst.shape[1], dFirst.shape[2])
        let c2 = dSecond.shape[0]
        precondition(dSecond.shape == [c2, b, t],
                     "Concat.backward: dSecond expected [\(c2), \(b), \(t)], got \(dSecond.shape)")
        dOutput.expectShape([c1 + c2, b, t], "Concat.backward dOutput")

        let dy = dOutput.pointer
        let d1 = dFirst.pointer
        parallelRanges(dFirst.count, granularity: 16, minimumPerThread: 32_768) { range in
            for i in range { d1[i] += dy[i] }
        }
        let dyTail = dy + dFirst.count
        let d2 = dSecond.pointer
        parallelRanges(dSecond.count, granularity: 16, minimumPerThread: 32_768) { range in
            for i in range { d2[i] += dyTail[i] }
        }
    }
}
