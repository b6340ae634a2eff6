// The U-Net's training forward (keeping activations), backward, and inference forward.
//
// Shape legend: B batch, T time steps, Cin input channels, Cout output channels, Cl channels
// at the current level.

extension UNet {
    /// The activations the training forward keeps for `backward`.
    public struct Cache {
        let inputConv: Conv1d.Cache
        /// The skip tensors in order: the input conv's output, then each encoder stage's output.
        let skips: [Tensor]
        let encoder: [EncoderCache]
        let middle: (first: ResidualBlock.Cache, attention: AttentionBlock.Cache,
                     second: ResidualBlock.Cache)
        let decoder: [DecoderCache]
        /// The features entering the output GroupNorm, [C0, B, T].
        let features: Tensor
        let outputNorm: GroupNorm.Cache
        let outputConv: Conv1d.Cache
    }

    enum EncoderCache {
        case block(ResidualBlock.Cache, AttentionBlock.Cache?)
        case downsample(Conv1d.Cache)
    }

    struct DecoderCache {
        let block: ResidualBlock.Cache
        /// The current features' channel count in the concatenation, which comes first.
        let featureChannels: Int
        let attention: AttentionBlock.Cache?
        let upsample: Conv1d.Cache?
    }

    /// Computes logits [Cout, B, T] from the input [Cin, B, T] and keeps what `backward` needs.
    public func forward(_ input: Tensor, workspace: Workspace) -> (logits: Tensor, cache: Cache) {
        checkInput(input)
        var (h, inputConvCache) = inputConv.forward(input, workspace: workspace)  // [C0, B, T]
        var skips = [h]
        var encoderCaches: [EncoderCache] = []
        for stage in encoder {
            switch stage {
            case .block(let block, let attention):
                let blockCache: ResidualBlock.Cache
                (h, blockCache) = block.forward(h, workspace: workspace)
                var attentionCache: AttentionBlock.Cache?
                if let attention { (h, attentionCache) = attention.forward(h, workspace: workspace) }
                encoderCaches.append(.block(blockCache, attentionCache))
            case .downsample(let conv):
                let convCache: Conv1d.Cache
                (h, convCache) = conv.forward(h, workspace: workspace)  // [Cl, B, T/2]
                encoderCaches.append(.downsample(convCache))
            }
            skips.append(h)
        }

        let middleFirst: ResidualBlock.Cache, middleAttention: AttentionBlock.Cache
        let middleSecond: ResidualBlock.Cache
        (h, middleFirst) = middle.first.forward(h, workspace: workspace)
        (h, middleAttention) = middle.attention.forward(h, workspace: workspace)
        (h, middleSecond) = middle.second.forward(h, workspace: workspace)

        var decoderCaches: [DecoderCache] = []
        var skipIndex = skips.count
        for stage in decoder {
            skipIndex -= 1
            let skip = skips[skipIndex]
            let joined = Tensor(uninitializedShape: [h.shape[0] + skip.shape[0]] + h.shape.dropFirst())
            Concat.forward(output: joined, first: h, second: skip)  // [Cl + Cskip, B, T']
            let featureChannels = h.shape[0]
            let blockCache: ResidualBlock.Cache
            (h, blockCache) = stage.block.forward(joined, workspace: workspace)
            var attentionCache: AttentionBlock.Cache?
            if let attention = stage.attention {
                (h, attentionCache) = attention.forward(h, workspace: workspace)
            }
            var upsampleCache: Conv1d.Cache?
            if let conv = stage.upsample {
                let upsampled = Tensor(uninitializedShape: [h.shape[0], h.shape[1], 2 * h.shape[2]])  // [Cl, B, 2T']
                Upsample.forward(output: upsampled, input: h)
                (h, upsampleCache) = conv.forward(upsampled, workspace: workspace)
            }
            decoderCaches.append(DecoderCache(block: blockCache, featureChannels: featureChannels,
                                              attention: attentionCache, upsample: upsampleCache))
        }

        let normalized = Tensor(uninitializedShape: h.shape)  // [C0, B, T]
        let outputNormCache = outputNorm.forwardSplit(output: normalized, input: h)
        let (logits, outputConvCache) = outputConv.forward(normalized, workspace: workspace)
        let cache = Cache(inputConv: inputConvCache, skips: skips, encoder: encoderCaches,
                          middle: (middleFirst, middleAttention, middleSecond), decoder: decoderCaches,
                          features: h, outputNorm: outputNormCache, outputConv: outputConvCache)
        return (logits, cache)
    }

    /// Adds the gradient of the loss into every parameter's `grad`, given dLogits [Cout, B, T].
    public func backward(dLogits: Tensor, cache: Cache, workspace: Workspace) {
        let dNormalized = zeroTensor(cache.features.shape)  // [C0, B, T]
        outputConv.backward(dInput: dNormalized, dOutput: dLogits, cache: cache.outputConv,
                            workspace: workspace)
        var dH = zeroTensor(cache.features.shape)           // [C0, B, T]
        outputNorm.backwardSplit(dInput: dH, dOutput: dNormalized, input: cache.features,
                            cache: cache.outputNorm)

        // Each skip's gradient gathers its decoder use and the stage that consumed it.
        let dSkips = cache.skips.map { zeroTensor($0.shape) }
        var skipIndex = cache.skips.count - decoder.count
        for (stage, stageCache) in zip(decoder, cache.decoder).reversed() {
            if let conv = stage.upsample, let convCache = stageCache.upsample {
                let dUpsampled = zeroTensor(convCache.input.shape)  // [Cl, B, 2T']
                conv.backward(dInput: dUpsampled, dOutput: dH, cache: convCache, workspace: workspace)
                let shape = convCache.input.shape
                dH = zeroTensor([shape[0], shape[1], shape[2] / 2])  // [Cl, B, T']
                Upsample.backward(dInput: dH, dOutput: dUpsampled)
            }
            if let attention = stage.attention, let attentionCache = stageCache.attention {
                let dBlock = zeroTensor(dH.shape)
                attention.backward(dInput: dBlock, dOutput: dH, cache: attentionCache,
                                   workspace: workspace)
                dH = dBlock
            }
            let joinedShape = stageCache.block.input.shape
            let dJoined = zeroTensor(joinedShape)  // [Cl + Cskip, B, T']
            stage.block.backward(dInput: dJoined, dOutput: dH, cache: stageCache.block,
                                 workspace: workspace)
            let featureChannels = stageCache.featureChannels
            dH = Tensor(uninitializedShape: [featureChannels] + joinedShape.dropFirst())
            copyChannels(dH, from: dJoined, channels: 0..<featureChannels)
            addChannels(dSkips[skipIndex], fromChannels: featureChannels..<joinedShape[0], of: dJoined)
            skipIndex += 1
        }

        let dMiddle2 = zeroTensor(dH.shape), dMiddle1 = zeroTensor(dH.shape)
        middle.second.backward(dInput: dMiddle2, dOutput: dH, cache: cache.middle.second,
                               workspace: workspace)
        middle.attention.backward(dInput: dMiddle1, dOutput: dMiddle2, cache: cache.middle.attention,
                                  workspace: workspace)
        middle.first.backward(dInput: dSkips[dSkips.count - 1], dOutput: dMiddle1,
                              cache: cache.middle.first, workspace: workspace)

        for (index, (stage, stageCache)) in zip(encoder, cache.encoder).enumerated().reversed() {
            let dOutput = dSkips[index + 1], dInput = dSkips[index]
            switch (stage, stageCache) {
            case (.block(let block, let attention), .block(let blockCache, let attentionCache)):
                var dBlockOutput = dOutput
                if let attention, let attentionCache {
                    dBlockOutput = zeroTensor(dOutput.shape)
                    attention.backward(dInput: dBlockOutput, dOutput: dOutput, cache: attentionCache,
                                       workspace: workspace)
                }
                block.backward(dInput: dInput, dOutput: dBlockOutput, cache: blockCache,
                               workspace: workspace)
            case (.downsample(let conv), .downsample(let convCache)):
                conv.backward(dInput: dInput, dOutput: dOutput, cache: convCache, workspace: workspace)
            default:
                preconditionFailure("UNet backward: encoder cache does not match stage \(index)")
            }
        }
        inputConv.backward(dInput: nil, dOutput: dSkips[0], cache: cache.inputConv,
                           workspace: workspace)
    }

    /// Computes logits [Cout, B, T] from the input [Cin, B, T] for inference, keeping only the
    /// skip tensors the decoder still needs.
    public func apply(_ input: Tensor, workspace: Workspace) -> Tensor {
        checkInput(input)
        var h = inputConv.apply(input, workspace: workspace)
        var skips = [h]
        for stage in encoder {
            switch stage {
            case .block(let block, let attention):
                h = block.apply(h, workspace: workspace)
                if let attention { h = attention.apply(h, workspace: workspace) }
            case .downsample(let conv):
                h = conv.apply(h, workspace: workspace)
            }
            skips.append(h)
        }
        h = middle.first.apply(h, workspace: workspace)
        h = middle.attention.apply(h, workspace: workspace)
        h = middle.second.apply(h, workspace: workspace)
        for stage in decoder {
            let skip = skips.removeLast()
            let joined = Tensor(uninitializedShape: [h.shape[0] + skip.shape[0]] + h.shape.dropFirst())
            Concat.forward(output: joined, first: h, second: skip)
            h = stage.block.apply(joined, workspace: workspace)
            if let attention = stage.attention { h = attention.apply(h, workspace: workspace) }
            if let conv = stage.upsample {
                let upsampled = Tensor(uninitializedShape: [h.shape[0], h.shape[1], 2 * h.shape[2]])
                Upsample.forward(output: upsampled, input: h)
                h = conv.apply(upsampled, workspace: workspace)
            }
        }
        outputNorm.forwardSplit(output: h, input: h)
        return outputConv.apply(h, workspace: workspace)
    }
}
