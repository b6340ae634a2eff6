// The U-Net's self-attention block, forward and backward.
//
// Shape legend: C channels, B batch, T time steps.
//   x [C, B, T] → GroupNorm → 1×1 conv to [3C, B, T] = (q, k, v) → softmax(qᵀk / √C) v → 1×1 conv
//   → + x
// With channel-major activations, q, k and v are the contiguous channel blocks 0..<C, C..<2C and
// 2C..<3C of the projection's output.

/// Single-head self-attention over time with a residual connection.
public final class AttentionBlock {
    public let channels: Int
    public let norm: GroupNorm
    /// C → 3C, the query, key and value projections in one weight.
    public let qkv: Conv1d
    /// C → C, the output projection.
    public let projection: Conv1d

    /// The activations `forward` keeps for `backward`.
    public struct Cache {
        /// x [C, B, T]
        let input: Tensor
        let norm: GroupNorm.Cache
        let qkv: Conv1d.Cache
        /// q, k and v, each [C, B, T].
        let query: Tensor, key: Tensor, value: Tensor
        let attention: Attention.Cache
        let projection: Conv1d.Cache
    }

    /// Creates the block; parameter names start with `name`, as `name.qkv.weight`.
    public init(name: String, channels: Int, groups: Int, generator: inout RandomGenerator) {
        self.channels = channels
        norm = GroupNorm(name: name + ".n", channels: channels, groups: groups)
        qkv = Conv1d(name: name + ".qkv", inputChannels: channels, outputChannels: 3 * channels,
                     kernelSize: 1, generator: &generator)
        projection = Conv1d(name: name + ".proj", inputChannels: channels, outputChannels: channels,
                            kernelSize: 1, generator: &generator)
    }

    public var parameters: [Parameter] { norm.parameters + qkv.parameters + projection.parameters }

    /// Splits qkv [3C, B, T] into q, k and v, each [C, B, T].
    private func split(_ packed: Tensor) -> (Tensor, Tensor, Tensor) {
        let shape = [channels] + packed.shape.dropFirst()
        let parts = (0..<3).map { part -> Tensor in
            let tensor = Tensor(uninitializedShape: shape)
            copyChannels(tensor, from: packed, channels: part * channels..<(part + 1) * channels)
            return tensor
        }
        return (parts[0], parts[1], parts[2])
    }

    /// Computes x + proj(attention(qkv(GroupNorm(x)))) [C, B, T] and keeps the activations.
    public func forward(_ input: Tensor, workspace: Workspace) -> (output: Tensor, cache: Cache) {
        let normalized = Tensor(uninitializedShape: input.shape)                 // [C, B, T]
        let normCache = norm.forwardSplit(output: normalized, input: input)
        let (packed, qkvCache) = qkv.forward(normalized, workspace: workspace)  // [3C, B, T]
        let (query, key, value) = split(packed)
        let attended = Tensor(uninitializedShape: input.shape)                   // [C, B, T]
        let attentionCache = Attention.forwardSplit(output: attended, query: query, key: key, value: value)
        let (output, projectionCache) = projection.forward(attended, workspace: workspace)
        addInPlace(output, input)
        let cache = Cache(input: input, norm: normCache, qkv: qkvCache, query: query, key: key,
                          value: value, attention: attentionCache, projection: projectionCache)
        return (output, cache)
    }

    /// Computes the block's output [C, B, T] keeping nothing.
    public func apply(_ input: Tensor, workspace: Workspace) -> Tensor {
        let normalized = Tensor(uninitializedShape: input.shape)                 // [C, B, T]
        norm.forwardSplit(output: normalized, input: input)
        let (query, key, value) = split(qkv.apply(normalized, workspace: workspace))
        let attended = normalized                                   // reused, [C, B, T]
        _ = Attention.forwardSplit(output: attended, query: query, key: key, value: value)
        let output = projection.apply(attended, workspace: workspace)
        addInPlace(output, input)
        return output
    }

    /// Adds the gradients of the loss into `dInput` [C, B, T] and every parameter's `grad`.
    public func backward(dInput: Tensor, dOutput: Tensor, cache: Cache, workspace: Workspace) {
        dInput.expectShape(cache.input.shape, "AttentionBlock backward dInput")
        addInPlace(dInput, dOutput)

        let dAttended = zeroTensor(dOutput.shape)                // [C, B, T]
        projection.backward(dInput: dAttended, dOutput: dOutput, cache: cache.projection,
                            workspace: workspace)
        let dQuery = zeroTensor(dOutput.shape), dKey = zeroTensor(dOutput.shape)
        let dValue = zeroTensor(dOutput.shape)
        Attention.backwardSplit(dQuery: dQuery, dKey: dKey, dValue: dValue, dOutput: dAttended,
                           query: cache.query, key: cache.key, value: cache.value,
                           cache: cache.attention)
        let dPacked = zeroTensor([3 * channels] + dOutput.shape.dropFirst())  // [3C, B, T]
        for (part, gradient) in [dQuery, dKey, dValue].enumerated() {
            addChannels(dPacked, from: gradient, channels: part * channels..<(part + 1) * channels)
        }
        let dNormalized = zeroTensor(dOutput.shape)              // [C, B, T]
        qkv.backward(dInput: dNormalized, dOutput: dPacked, cache: cache.qkv, workspace: workspace)
        norm.backwardSplit(dInput: dInput, dOutput: dNormalized, input: cache.input, cache: cache.norm)
    }
}
