/// A trainable tensor and the gradient that backward passes add into.
///
/// Backward passes only ever add (`+=`) into `grad`; the trainer zeroes every gradient before
/// each backward pass, so a parameter used in several places sums its contributions.
public final class Parameter {
    /// The name under which the parameter is saved in a checkpoint, such as `down.0.conv1.weight`.
    public let name: String
    /// The current value.
    public let value: Tensor
    /// The gradient of the loss with respect to `value`, the same shape.
    public let grad: Tensor

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.grad = Tensor(shape: value.shape)
    }
}
