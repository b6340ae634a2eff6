// Shape legend: C channels, B batch, T time steps.
//
// SiLU (sigmoid-weighted linear unit, also called swish): y = x · σ(x), σ(x) = 1 / (1 + e^−x).
// Elfwing, Uchibe and Doya, "Sigmoid-weighted linear units for neural network function
// approximation in reinforcement learning", 2017.
// The loops run 8 elements at a time with `approximateExp`, then finish the last count % 8
// elements one at a time with the scalar form, which computes the same values.

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
    /// Inputs below −88 give x·e^−88 in place of x·σ(x), an absolute error below |x|·1e−38;
    /// large positive inputs give x, and a NaN input gives NaN.
    public static func forward(output: Tensor, input: Tensor) {
        forward(output: output, input: input, elements: 0..<input.count)
    }

    /// Computes `output = input · σ(input)` for the flat indices in `elements` only, so that
    /// threads can each take a disjoint range.
    public static func forward(output: Tensor, input: Tensor, elements: Range<Int>) {
        precondition(output.count == input.count,
                     "SiLU.forward: output shape \(output.shape) and input shape \(input.shape) differ in size")
        precondition(elements.lowerBound >= 0 && elements.upperBound <= input.count,
                     "SiLU.forward: element range \(elements) outside 0..<\(input.count)")
        let x = input.pointer
        let y = output.pointer
        let vectorEnd = elements.upperBound - elements.count % 8
        var i = elements.lowerBound
        while i < vectorEnd {
            let v = loadVector(x + i)
            storeVector(v / (1 + approximateExp(-v)), y + i)
            i += 8
        }
        while i < elements.upperBound {
            y[i] = x[i] / (1 + approximateExp(-x[i]))
            i += 1
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
        backward(dInput: dInput, dOutput: dOutput, input: input, elements: 0..<input.count)
    }

    /// Adds the input gradient for the flat indices in `elements` only, so that threads can
    /// each take a disjoint range.
    public static func backward(dInput: Tensor, dOutput: Tensor, input: Tensor, elements: Range<Int>) {
        precondition(dInput.count == input.count && dOutput.count == input.count,
                     "SiLU.backward: dInput \(dInput.shape), dOutput \(dOutput.shape) and input \(input.shape) must have the same size")
        precondition(elements.lowerBound >= 0 && elements.upperBound <= input.count,
                     "SiLU.backward: element range \(elements) outside 0..<\(input.count)")
        let x = input.pointer
        let dy = dOutput.pointer
        let dx = dInput.pointer
        let vectorEnd = elements.upperBound - elements.count % 8
        var i = elements.lowerBound
        while i < vectorEnd {
            let v = loadVector(x + i)
            let s = 1 / (1 + approximateExp(-v))
            let gradient = loadVector(dx + i) + loadVector(dy + i) * s * (1 + v * (1 - s))
            storeVector(gradient, dx + i)
            i += 8
        }
        while i < elements.upperBound {
            let s = 1 / (1 + approximateExp(-x[i]))
            dx[i] += dy[i] * s * (1 + x[i] * (1 - s))
            i += 1
        }
    }
}
