// Shape legend: C channels, B batch, T time steps.
//
// The residual connection y = a + b of a U-Net block: the block's output plus its skip path.

/// Elementwise addition of two tensors of the same shape, and its gradient.
public enum ResidualAdd {
    /// Computes `output = a + b`. The output may be `a` or `b` itself.
    ///
    /// - Parameters:
    ///   - output: [C, B, T] (any shape works); overwritten.
    ///   - a: the same shape as `output`.
    ///   - b: the same shape as `output`.
    public static func forward(output: Tensor, a: Tensor, b: Tensor) {
        precondition(a.shape == output.shape && b.shape == output.shape,
                     "ResidualAdd.forward: expected a and b of shape \(output.shape), got \(a.shape) and \(b.shape)")
        let y = output.pointer
        let x1 = a.pointer
        let x2 = b.pointer
        parallelRanges(output.count, granularity: 16, minimumPerThread: 32_768) { range in
            for i in range { y[i] = x1[i] + x2[i] }
        }
    }

    /// Adds `dOutput` into both `dA` and `dB`, since ∂y/∂a = ∂y/∂b = 1.
    ///
    /// - Parameters:
    ///   - dA: the shape of `dOutput`; added into.
    ///   - dB: the shape of `dOutput`; added into. It may be `dA`, which then receives 2 · dOutput.
    ///   - dOutput: [C, B, T], the gradient with respect to the forward output.
    public static func backward(dA: Tensor, dB: Tensor, dOutput: Tensor) {
        precondition(dA.shape == dOutput.shape && dB.shape == dOutput.shape,
                     "ResidualAdd.backward: expected dA and dB of shape \(dOutput.shape), got \(dA.shape) and \(dB.shape)")
        let dy = dOutput.pointer
        let da = dA.pointer
        let db = dB.pointer
        for i in 0..<dOutput.count {
            da[i] += dy[i]
        }
        for i in 0..<dOutput.count {
            db[i] += dy[i]
        }
    }
}
