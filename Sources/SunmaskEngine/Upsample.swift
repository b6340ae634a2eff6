// Shape legend: C channels, B batch, T time steps at the input resolution (the output has 2T).
//
// Nearest-neighbour upsampling by 2 over time, as used before the decoder's upsampling conv.

/// Nearest-neighbour ×2 upsampling over time, out[c, b, 2t] = out[c, b, 2t + 1] = in[c, b, t].
public enum Upsample {
    /// Repeats every time step of `input` twice.
    ///
    /// - Parameters:
    ///   - output: [C, B, 2T]; overwritten.
    ///   - input: [C, B, T].
    public static func forward(output: Tensor, input: Tensor) {
        precondition(input.shape.count == 3, "Upsample.forward: expected input [C, B, T], got \(input.shape)")
        let (c, b, t) = (input.shape[0], input.shape[1], input.shape[2])
        output.expectShape([c, b, 2 * t], "Upsample.forward output")

        // Every (channel, batch) row of T steps maps to a row of 2T steps, so the rows form
        // one flat run of C·B rows in both tensors.
        let rows = c * b
        parallelRanges(rows, minimumPerThread: max(1, 32_768 / max(t, 1))) { range in
            for row in range {
                let x = input.pointer + row * t
                let y = output.pointer + row * 2 * t
                for step in 0..<t {
                    y[2 * step] = x[step]
                    y[2 * step + 1] = x[step]
                }
            }
        }
    }

    /// Adds dOutput[c, b, 2t] + dOutput[c, b, 2t + 1] into dInput[c, b, t].
    ///
    /// - Parameters:
    ///   - dInput: [C, B, T]; added into.
    ///   - dOutput: [C, B, 2T], the gradient with respect to the forward output.
    public static func backward(dInput: Tensor, dOutput: Tensor) {
        precondition(dInput.shape.count == 3, "Upsample.backward: expected dInput [C, B, T], got \(dInput.shape)")
        let (c, b, t) = (dInput.shape[0], dInput.shape[1], dInput.shape[2])
        dOutput.expectShape([c, b, 2 * t], "Upsample.backward dOutput")

        let rows = c * b
        parallelRanges(rows, minimumPerThread: max(1, 32_768 / max(t, 1))) { range in
            for row in range {
                let dx = dInput.pointer + row * t
                let dy = dOutput.pointer + row * 2 * t
                for step in 0..<t {
                    dx[step] += dy[2 * step] + dy[2 * step + 1]
                }
            }
        }
    }
}
