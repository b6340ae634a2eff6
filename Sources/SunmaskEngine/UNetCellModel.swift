// Shape legend: B batch, V voices, T time steps, K vocabulary.

/// A `UNet` as the sampler's `CellModel`: encodes tokens and keep mask, runs the inference
/// forward and returns the logits [V·K, B, T].
///
/// Not safe to call from two threads at once, because the workspace is shared; create one
/// adapter per thread.
public final class UNetCellModel: CellModel {
    public let model: UNet
    private let encoding: InputEncoding
    private let workspace = Workspace()

    public init(model: UNet, givesMaskToModel: Bool = true) {
        self.model = model
        encoding = InputEncoding(voices: model.config.voices, vocabulary: model.config.vocabularySize,
                                 includesKeepBit: givesMaskToModel)
    }

    public var voices: Int { model.config.voices }
    public var vocabulary: Int { model.config.vocabularySize }

    public func logits(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                       batch: Int, steps: Int) throws -> Tensor {
        let multiple = model.config.timeMultiple
        guard steps > 0, steps % multiple == 0 else {
            throw SamplerError.invalidSetting(name: "length", value: "\(steps) steps",
                                              expected: "a positive multiple of \(multiple), which the U-Net's levels need")
        }
        let input = encoding.encode(tokens: tokens, keep: keep, batch: batch, steps: steps)  // [V·(K+1), B, T]
        return model.apply(input, workspace: workspace)
    }
}
