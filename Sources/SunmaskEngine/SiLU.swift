// Shape legend: C channels, B batch, T time steps.
//
// SiLU (sigmoid-weighted linear unit, also called swish): y = x · σ(x), σ(x) = 1 / (1 + e^−x).
// Elwing, Uchibe and Doya, "Sigmoid-weighted linear units for neural network function
// approximation in reinforcement learning", 2017.

import Foundation

/// The elementwise SiLU activation y = x · σ(x) and its gradient.
///
/// Forward keeps no cache: backward recomputes σ(x) from the input, which costs one
/// exponential per element and saves storing a second activation-sized tensor.
public enum SiLU {
    /// Computes `output = input · σ(input)` elementwise.
    ///
    /// - Parameters:
    ///   - output: any shape, such as [C, B, T]; overwritten. It may be `input` itself, but
    ///     backward then no longer has the input it needs.
    ///   - input: the same element count as `output`.
    /// Large negative inputs give values within 1e-8 of −0 and large positive ones give x,
    /// never NaN unless the input is NaN.
    public static func forward(output: Tensor, input: Tensor) {
        precondition(output.count == input.count,
                     "SiLU.forward: output shape \(output.shape) and input shape \(input.shape) differ in size")
        let x = input.pointer
        let y = output.pointer
        parallelRanges(input.count, granularity: 16, minimumPerThread: 32_768) { range in
            for i in range {
                y[i] = x[i] * sigmoid(x[i])
            }
        }
    }

    /// Adds the gradient of the loss with respect to the input into `dInput`.
    ///
    /// With s = σ(x): dy/dx = s + x · s · (1 − s) = s · (1 + x · (1 − s)).
    /// - Parameters:
    ///   - dInput: same size as `input`; added into.
    ///   - dOutput: the gradient with respect to the forward output, same size.
    ///   - input: the input forward received.
    public static func backward(dInput: Tensor, dOutput: Tensor, input: Tensor) {
        precondition(dInput.count == input.count && dOutput.count == input.count,
                     "SiLU.backward: dInput \(dInput.shape), dOutput \(dOutput.shape) and input \(input.shape) must have the same size")
        let x = input.pointer
        let dy = dOutput.pointer
        let dx = dInput.pointer
        parallelRanges(input.count, granularity: 16, minimumPerThread: 32_768) { range in
            for i in range {
                let s = sigmoid(x[i])
                dx[i] += dy[i] * s * (1 + x[i] * (1 - s))
            }
        }
    }
}
