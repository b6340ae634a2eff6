// The U-Net's residual block, forward and backward.
//
// Shape legend: Cin input channels, Cout output channels, B batch, T time steps.
//   x [Cin, B, T] → GroupNorm → SiLU → Conv1d(k) → GroupNorm → SiLU → Conv1d(k) → + skip(x)
// The skip is a 1×1 convolution when Cin ≠ Cout and the identity otherwise. The second
// convolution starts at zero, so a new block computes skip(x).

/// A pre-activation residual block of two convolutions with GroupNorm and SiLU.
public final class ResidualBlock {
    public let norm1: GroupNorm
    public let conv1: Conv1d
    public let norm2: GroupNorm
    public let conv2: Conv1d
    /// The 1×1 convolution on the skip path, nil when the widths match.
    public let skip: Conv1d?

    /// The activations `forward` keeps for `backward`.
    public struct Cache {
        /// x [Cin, B, T]
        let input: Tensor
        let norm1: GroupNorm.Cache
        /// GroupNorm(x) [Cin, B, T], the input of the first SiLU.
        let normalized1: Tensor
        /// The first convolution's input, SiLU(GroupNorm(x)).
        let conv1: Conv1d.Cache
        /// conv1 output [Cout, B, T]
        let hidden: Tensor
        let norm2: GroupNorm.Cache
        /// GroupNorm(hidden) [Cout, B, T]
        let normalized2: Tensor
        let conv2: Conv1d.Cache
        let skip: Conv1d.Cache?
    }

    /// Creates the block; parameter names start with `name`, as `name.c1.weight`.
    public init(name: String, inputChannels: Int, outputChannels: Int, kernelSize: Int,
                groups: Int, generator: inout RandomGenerator) {
        norm1 = GroupNorm(name: name + ".n1", channels: inputChannels, groups: groups)
        conv1 = Conv1d(name: name + ".c1", inputChannels: inputChannels, outputChannels: outputChannels,
                       kernelSize: kernelSize, generator: &generator)
        norm2 = GroupNorm(name: name + ".n2", channels: outputChannels, groups: groups)
        conv2 = Conv1d(name: name + ".c2", inputChannels: outputChannels, outputChannels: outputChannels,
                       kernelSize: kernelSize, initialization: .zero, generator: &generator)
        skip = inputChannels == outputChannels ? nil
            : Conv1d(name: name + ".skip", inputChannels: inputChannels, outputChannels: outputChannels,
                     kernelSize: 1, generator: &generator)
    }

    public var parameters: [Parameter] {
        norm1.parameters + conv1.parameters + norm2.parameters + conv2.parameters
            + (skip?.parameters ?? [])
    }

    /// Computes the block's output [Cout, B, T] from x [Cin, B, T] and keeps the activations.
    public func forward(_ input: Tensor, workspace: Workspace) -> (output: Tensor, cache: Cache) {
        let normalized1 = Tensor(uninitializedShape: input.shape)           // [Cin, B, T]
        let norm1Cache = norm1.forwardSplit(output: normalized1, input: input)
        let activated1 = Tensor(uninitializedShape: input.shape)            // [Cin, B, T]
        SiLU.forwardSplit(output: activated1, input: normalized1)
        let (hidden, conv1Cache) = conv1.forward(activated1, workspace: workspace)  // [Cout, B, T]

        let normalized2 = Tensor(uninitializedShape: hidden.shape)          // [Cout, B, T]
        let norm2Cache = norm2.forwardSplit(output: normalized2, input: hidden)
        let activated2 = Tensor(uninitializedShape: hidden.shape)           // [Cout, B, T]
        SiLU.forwardSplit(output: activated2, input: normalized2)
        let (output, conv2Cache) = conv2.forward(activated2, workspace: workspace)  // [Cout, B, T]

        var skipCache: Conv1d.Cache?
        if let skip {
            let projected: Tensor                              // [Cout, B, T]
            (projected, skipCache) = skip.forward(input, workspace: workspace)
            ResidualAdd.forward(output: output, a: output, b: projected)
        } else {
            ResidualAdd.forward(output: output, a: output, b: input)
        }
        let cache = Cache(input: input, norm1: norm1Cache, normalized1: normalized1, conv1: conv1Cache,
                          hidden: hidden, norm2: norm2Cache, normalized2: normalized2, conv2: conv2Cache,
                          skip: skipCache)
        return (output, cache)
    }

    /// Computes the block's output [Cout, B, T] from x [Cin, B, T], keeping nothing.
    public func apply(_ input: Tensor, workspace: Workspace) -> Tensor {
        let activated1 = Tensor(uninitializedShape: input.shape)            // [Cin, B, T]
        norm1.forwardSplit(output: activated1, input: input)
        SiLU.forwardSplit(output: activated1, input: activated1)
        let hidden = conv1.apply(activated1, workspace: workspace)  // [Cout, B, T]
        norm2.forwardSplit(output: hidden, input: hidden)
        SiLU.forwardSplit(output: hidden, input: hidden)
        let output = conv2.apply(hidden, workspace: workspace) // [Cout, B, T]
        let shortcut = skip?.apply(input, workspace: workspace) ?? input
        ResidualAdd.forward(output: output, a: output, b: shortcut)
        return output
    }

    /// Adds the gradients of the loss into `dInput` [Cin, B, T] and every parameter's `grad`.
    /// - Parameters:
    ///   - dOutput: [Cout, B, T].
    public func backward(dInput: Tensor, dOutput: Tensor, cache: Cache, workspace: Workspace) {
        let input = cache.input
        dInput.expectShape(input.shape, "ResidualBlock backward dInput")
        if let skip, let skipCache = cache.skip {
            skip.backward(dInput: dInput, dOutput: dOutput, cache: skipCache, workspace: workspace)
        } else {
            addInPlace(dInput, dOutput)
        }

        let dActivated2 = zeroTensor(dOutput.shape)         // [Cout, B, T]
        conv2.backward(dInput: dActivated2, dOutput: dOutput, cache: cache.conv2, workspace: workspace)
        let dNormalized2 = zeroTensor(dOutput.shape)        // [Cout, B, T]
        SiLU.backwardSplit(dInput: dNormalized2, dOutput: dActivated2, input: cache.normalized2)
        let dHidden = zeroTensor(dOutput.shape)             // [Cout, B, T]
        norm2.backwardSplit(dInput: dHidden, dOutput: dNormalized2, input: cache.hidden, cache: cache.norm2)

        let dActivated1 = zeroTensor(input.shape)           // [Cin, B, T]
        conv1.backward(dInput: dActivated1, dOutput: dHidden, cache: cache.conv1, workspace: workspace)
        let dNormalized1 = zeroTensor(input.shape)          // [Cin, B, T]
        SiLU.backwardSplit(dInput: dNormalized1, dOutput: dActivated1, input: cache.normalized1)
        norm1.backwardSplit(dInput: dInput, dOutput: dNormalized1, input: input, cache: cache.norm1)
    }
}
