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
    /// Large negative inputs give −0 and large positive ones give x, never NaN.
    public static func forward(output: Tensor, input: Tensor) {
        precondition(output.count == input.count,
                     "SiLU.forward: output shape \(output.shape) and input shape \(input.shape) differ in size")
        let x = input.pointer
        let y = output.pointer
        parallelRanges(input.count, granularity: 16, minimumPerThread: 32_768) { range in
            // 16 at a time with the vector exponential, then the tail with expf.
            var i = range.lowerBound
            while i + 16 <= range.upperBound {
                let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
                UnsafeMutableRawPointer(y + i).storeBytes(of: xv * sigmoid(xv), as: SIMD16<Float>.self)
                i += 16
            }
            while i < range.upperBound {
                y[i] = x[i] / (1 + exp(-x[i]))
                i += 1
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
            var i = range.lowerBound
            while i + 16 <= range.upperBound {
                let xv = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self)
                let dyv = UnsafeRawPointer(dy + i).loadUnaligned(as: SIMD16<Float>.self)
                let dxv = UnsafeRawPointer(dx + i).loadUnaligned(as: SIMD16<Float>.self)
                let s = sigmoid(xv)
                let sum = dxv + dyv * s * (1 + xv * (1 - s))
                UnsafeMutableRawPointer(dx + i).storeBytes(of: sum, as: SIMD16<Float>.self)
                i += 16
            }
            while i < range.upperBound {
                let s = 1 / (1 + exp(-x[i]))
                dx[i] += dy[i] * s * (1 + x[i] * (1 - s))
                i += 1
            }
        }
    }
}
