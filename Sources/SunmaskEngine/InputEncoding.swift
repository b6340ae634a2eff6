// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// The model input built from a token grid and its keep mask: per voice, the K-way one-hot of
/// each cell's current token followed by one keep channel.
///
/// Input [B, V, T] tokens and keep mask → output [V·(K+1), B, T] channel-major, where channel
/// `v·(K+1) + k` is 1 when the cell's token is `k`, and channel `v·(K+1) + K` is the keep bit
/// (1 = keep). Every cell carries its current token's one-hot, regenerated cells included, so
/// the model sees the corrupted or sampled token there and the keep bit 0.
public struct InputEncoding: Equatable, Sendable {
    /// V, the number of voices.
    public let voices: Int
    /// K, the number of tokens per cell.
    public let vocabulary: Int
    /// Whether the keep channels carry the mask. When `false`, every keep channel is 0 (the
    /// "no mask input" ablation), so the model sees only the tokens.
    public var includesKeepBit: Bool

    public init(voices: Int, vocabulary: Int, includesKeepBit: Bool = true) {
        precondition(voices >= 1 && vocabulary >= 1,
                     "InputEncoding needs voices ≥ 1 and vocabulary ≥ 1, got \(voices) and \(vocabulary)")
        self.voices = voices
        self.vocabulary = vocabulary
        self.includesKeepBit = includesKeepBit
    }

    /// V·(K+1), the number of input channels.
    public var channels: Int { voices * (vocabulary + 1) }

    /// Encodes `tokens` and `keep` ([B, V, T]) into a new tensor [V·(K+1), B, T].
    public func encode(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                       batch: Int, steps: Int) -> Tensor {
        let output = Tensor(shape: [channels, batch, steps])
        encode(tokens: tokens, keep: keep, batch: batch, steps: steps, into: output)
        return output
    }

    /// Encodes `tokens` and `keep` ([B, V, T]) into `output` [V·(K+1), B, T], overwriting it.
    ///
    /// Every token must be in `0 ..< K`; a token outside is a programmer error and stops.
    public func encode(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                       batch: Int, steps: Int, into output: Tensor) {
        let cellCount = batch * voices * steps
        precondition(tokens.count == cellCount && keep.count == cellCount,
                     "InputEncoding: tokens \(tokens.count) and keep \(keep.count) must both be B·V·T = \(cellCount)")
        output.expectShape([channels, batch, steps], "InputEncoding output")
        output.zero()

        let out = output.pointer
        let channelStride = batch * steps
        let K = vocabulary
        for b in 0..<batch {
            for v in 0..<voices {
                let cellBase = (b * voices + v) * steps
                let voiceChannel = v * (K + 1)
                for t in 0..<steps {
                    let token = Int(tokens[cellBase + t])
                    precondition(token >= 0 && token < K,
                                 "InputEncoding: token \(token) at grid \(b), voice \(v), step \(t) is outside 0..<\(K)")
                    let column = b * steps + t
                    out[(voiceChannel + token) * channelStride + column] = 1
                    if includesKeepBit && keep[cellBase + t] != 0 {
                        out[(voiceChannel + K) * channelStride + column] = 1
                    }
                }
            }
        }
    }
}
