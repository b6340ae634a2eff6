// Adam with bias correction and gradient clipping by value.
//
// Shape legend: every state tensor has its parameter's shape.
// The update follows Kingma and Ba, "Adam: A Method for Stochastic Optimization", 2015. For each
// element, g is the gradient clipped to [−clip, clip] and t is the step count after this step:
//   m ← β1·m + (1 − β1)·g        v ← β2·v + (1 − β2)·g²
//   θ ← θ − lr · (m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε)

import Foundation

/// The Adam optimizer over a fixed list of parameters.
///
/// The state (`step`, `firstMoments`, `secondMoments`) is public so a checkpoint can save it
/// and restore it into a new optimizer over the same parameters in the same order.
public final class Adam {
    public let parameters: [Parameter]
    /// The step size, changeable between steps for a schedule.
    public var learningRate: Float
    public let beta1: Float
    public let beta2: Float
    public let epsilon: Float
    /// Gradients are clipped to [−clipValue, clipValue] before the update, or not at all when nil.
    /// The clipped value only enters the update, and `grad` itself is left unchanged.
    public let clipValue: Float?

    /// The number of steps taken so far; bias correction uses it.
    public var step: Int = 0
    /// The running mean of the gradient, m, one tensor per parameter.
    public let firstMoments: [Tensor]
    /// The running mean of the squared gradient, v, one tensor per parameter.
    public let secondMoments: [Tensor]

    /// Creates the optimizer with zero moments.
    /// - Parameters:
    ///   - learningRate: lr, > 0.
    ///   - clipValue: the clipping limit, > 0, or nil for no clipping. Defaults to 3.
    public init(parameters: [Parameter], learningRate: Float, beta1: Float = 0.9,
                beta2: Float = 0.999, epsilon: Float = 1e-8, clipValue: Float? = 3) {
        precondition(learningRate > 0, "Adam learning rate must be positive, got \(learningRate)")
        precondition(clipValue.map { $0 > 0 } ?? true,
                     "Adam clip value must be positive, got \(String(describing: clipValue))")
        precondition((0..<1).contains(beta1) && (0..<1).contains(beta2),
                     "Adam betas must lie in [0, 1), got \(beta1), \(beta2)")
        self.parameters = parameters
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.clipValue = clipValue
        firstMoments = parameters.map { Tensor(shape: $0.value.shape) }
        secondMoments = parameters.map { Tensor(shape: $0.value.shape) }
    }

    /// Sets every parameter's gradient to zero, before the next backward pass.
    public func zeroGradients() {
        for parameter in parameters { parameter.grad.zero() }
    }

    /// Applies one update to every parameter from its current gradient.
    public func update() {
        step += 1
        let t = Double(step)
        let correction1 = Float(1 - pow(Double(beta1), t))
        let correction2 = Float(1 - pow(Double(beta2), t))
        // θ −= (lr / c1) · m / (√v / √c2 + ε)
        let stepSize = learningRate / correction1
        let inverseRootCorrection2 = 1 / correction2.squareRoot()
        let (b1, b2, eps) = (beta1, beta2, epsilon)
        let limit = clipValue ?? .infinity

        for (index, parameter) in parameters.enumerated() {
            let value = parameter.value.pointer
            let grad = UnsafePointer(parameter.grad.pointer)
            let m = firstMoments[index].pointer
            let v = secondMoments[index].pointer
            // A plain loop, which the compiler vectorizes. The generic SIMD16 minimum, maximum
            // and square root ran element by element and were several times slower.
            parallelRanges(parameter.value.count, granularity: 16, minimumPerThread: 65_536) { range in
                for i in range {
                    let raw = grad[i]
                    let g = raw < -limit ? -limit : (raw > limit ? limit : raw)
                    let mi = b1 * m[i] + (1 - b1) * g
                    let vi = b2 * v[i] + (1 - b2) * g * g
                    m[i] = mi
                    v[i] = vi
                    value[i] -= stepSize * mi / (vi.squareRoot() * inverseRootCorrection2 + eps)
                }
            }
        }
    }
}
