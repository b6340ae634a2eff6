// The 1-D attentional U-Net over time that maps a masked, one-hot grid to per-cell logits.
//
// Shape legend: B batch, T time steps (a multiple of 2^(L − 1)), L levels, W base width,
//   Cin = V·(K + 1) input channels, Cout = V·K output channels, Cl = W·multipliers[l].
//   input [Cin, B, T] → conv k to [W, B, T]
//   encoder, level l at T / 2^l: residual blocks (each followed by attention at attention
//     levels), then a stride-2 conv k down to the next level; every stage output is a skip
//   middle at the lowest level: residual block, attention, residual block
//   decoder, level l from the lowest: one more residual block than the encoder, each on the
//     channel concatenation of the current features and the latest unused skip, then attention
//     at attention levels; at every level except level 0, the last block is followed by
//     nearest ×2 upsampling and a conv k
//   GroupNorm → 1×1 conv to logits [Cout, B, T]
// Parameter names follow the PyTorch module paths of the same network (`down.3.c.weight`).

/// The convolutional SUNMASK network: a U-Net over time with self-attention at chosen levels.
public final class UNet {
    public let config: UNetConfig
    let inputConv: Conv1d
    let encoder: [EncoderStage]
    let middle: (first: ResidualBlock, attention: AttentionBlock, second: ResidualBlock)
    let decoder: [DecoderStage]
    let outputNorm: GroupNorm
    let outputConv: Conv1d
    /// Every trainable parameter, in the order of the PyTorch module's `parameters()`.
    public let parameters: [Parameter]

    enum EncoderStage {
        case block(ResidualBlock, AttentionBlock?)
        /// A stride-2 convolution to the next level.
        case downsample(Conv1d)
    }

    struct DecoderStage {
        let block: ResidualBlock
        let attention: AttentionBlock?
        /// The convolution after nearest ×2 upsampling, at the end of a level.
        let upsample: Conv1d?
    }

    /// Creates the network with freshly initialized weights.
    /// - Throws: `UNetConfigError` when `config` is out of range.
    public init(config: UNetConfig, generator: inout RandomGenerator) throws {
        try config.validate()
        self.config = config
        let (base, k, groups) = (config.baseWidth, config.kernelSize, config.groups)
        inputConv = Conv1d(name: "conv_in", inputChannels: config.inputChannels, outputChannels: base,
                           kernelSize: k, generator: &generator)

        var encoder: [EncoderStage] = []
        var skipChannels = [base]
        var channels = base
        for (level, multiplier) in config.multipliers.enumerated() {
            for _ in 0..<config.residualBlocksPerLevel {
                let name = "down.\(encoder.count)"
                let block = ResidualBlock(name: name + ".0", inputChannels: channels,
                                          outputChannels: base * multiplier, kernelSize: k,
                                          groups: groups, generator: &generator)
                channels = base * multiplier
                let attention = config.attentionLevels.contains(level)
                    ? AttentionBlock(name: name + ".1", channels: channels, groups: groups,
                                     generator: &generator)
                    : nil
                encoder.append(.block(block, attention))
                skipChannels.append(channels)
            }
            if level != config.multipliers.count - 1 {
                encoder.append(.downsample(Conv1d(
                    name: "down.\(encoder.count).c", inputChannels: channels, outputChannels: channels,
                    kernelSize: k, stride: 2, generator: &generator)))
                skipChannels.append(channels)
            }
        }
        self.encoder = encoder

        middle = (
            ResidualBlock(name: "mid.0", inputChannels: channels, outputChannels: channels,
                          kernelSize: k, groups: groups, generator: &generator),
            AttentionBlock(name: "mid.1", channels: channels, groups: groups, generator: &generator),
            ResidualBlock(name: "mid.2", inputChannels: channels, outputChannels: channels,
                          kernelSize: k, groups: groups, generator: &generator))

        var decoder: [DecoderStage] = []
        for (level, multiplier) in config.multipliers.enumerated().reversed() {
            for index in 0...config.residualBlocksPerLevel {
                let name = "up.\(decoder.count)"
                let block = ResidualBlock(name: name + ".0",
                                          inputChannels: channels + skipChannels.removeLast(),
                                          outputChannels: base * multiplier, kernelSize: k,
                                          groups: groups, generator: &generator)
                channels = base * multiplier
                let hasAttention = config.attentionLevels.contains(level)
                let attention = hasAttention
                    ? AttentionBlock(name: name + ".1", channels: channels, groups: groups,
                                     generator: &generator)
                    : nil
                let upsample = level != 0 && index == config.residualBlocksPerLevel
                    ? Conv1d(name: name + (hasAttention ? ".2" : ".1") + ".c", inputChannels: channels,
                             outputChannels: channels, kernelSize: k, generator: &generator)
                    : nil
                decoder.append(DecoderStage(block: block, attention: attention, upsample: upsample))
            }
        }
        self.decoder = decoder

        outputNorm = GroupNorm(name: "out_norm", channels: channels, groups: groups)
        outputConv = Conv1d(name: "out", inputChannels: channels, outputChannels: config.outputChannels,
                            kernelSize: 1, generator: &generator)

        var parameters = inputConv.parameters
        for stage in encoder {
            switch stage {
            case .block(let block, let attention):
                parameters += block.parameters + (attention?.parameters ?? [])
            case .downsample(let conv):
                parameters += conv.parameters
            }
        }
        parameters += middle.first.parameters + middle.attention.parameters + middle.second.parameters
        for stage in decoder {
            parameters += stage.block.parameters + (stage.attention?.parameters ?? [])
                + (stage.upsample?.parameters ?? [])
        }
        parameters += outputNorm.parameters + outputConv.parameters
        self.parameters = parameters
    }

    /// The total number of trainable values.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }

    func checkInput(_ input: Tensor) {
        precondition(input.shape.count == 3 && input.shape[0] == config.inputChannels,
                     "UNet input: expected [\(config.inputChannels), B, T], got \(input.shape)")
        precondition(input.shape[2] > 0 && input.shape[2] % config.timeMultiple == 0,
                     "UNet input: T = \(input.shape[2]) must be a positive multiple of \(config.timeMultiple)")
    }
}

extension UNet {
    /// Returns the multiply-add FLOPs (2 per multiply-add) of one example's forward pass over
    /// `time` steps: every convolution and the two attention products, as PyTorch's FLOP
    /// counter counts them. Normalization and activations are not counted.
    public func forwardFlops(time: Int) -> Int {
        func conv(_ layer: Conv1d, _ inputTime: Int) -> Int {
            2 * layer.outputChannels * layer.inputChannels * layer.kernelSize * layer.outputLength(inputTime)
        }
        func attention(_ block: AttentionBlock, _ t: Int) -> Int {
            conv(block.qkv, t) + conv(block.projection, t) + 2 * (2 * t * t * block.channels)
        }
        func residual(_ block: ResidualBlock, _ t: Int) -> Int {
            conv(block.conv1, t) + conv(block.conv2, t) + (block.skip.map { conv($0, t) } ?? 0)
        }
        var t = time
        var total = conv(inputConv, t)
        for stage in encoder {
            switch stage {
            case .block(let block, let attentionBlock):
                total += residual(block, t) + (attentionBlock.map { attention($0, t) } ?? 0)
            case .downsample(let layer):
                total += conv(layer, t)
                t = layer.outputLength(t)
            }
        }
        total += residual(middle.first, t) + attention(middle.attention, t) + residual(middle.second, t)
        for stage in decoder {
            total += residual(stage.block, t) + (stage.attention.map { attention($0, t) } ?? 0)
            if let layer = stage.upsample {
                t *= 2
                total += conv(layer, t)
            }
        }
        return total + conv(outputConv, t)
    }
}
