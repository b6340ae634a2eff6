// Shape legend: B batch, V voices, T time steps, K vocabulary.
//
// One training step of SUNMASK (Kastner, Cooijmans, Wu, Courville, "SUNMASK: Mask Enhanced
// Control in Step Unrolled Denoising Autoencoders", 2023):
//   1. per example, a drop rate u ~ Uniform(0, 1); each cell is dropped (keep 0) with
//      probability u;
//   2. corrupt: dropped cells get a uniformly random token, kept cells keep the data;
//   3. logits₁ = f(x₀, m); x₁ = a sample of softmax(logits₁) at dropped cells, the data at kept
//      cells; logits₂ = f(x₁, m). No gradient flows through the sample;
//   4. each unroll step's loss is the SUNMASK weighted cross-entropy against the data; the
//      training loss is their sum, averaged over the batch.

import Foundation

/// The switches that turn the SUNMASK objective into the ablations a researcher compares.
public struct SunmaskObjectiveOptions: Codable, Equatable, Sendable {
    /// How many denoising steps are unrolled: 2 for SUNMASK, 1 for no unrolling.
    public var unrollSteps: Int
    /// Whether the keep mask is part of the model input. False gives the SUNDAE-style ablation.
    public var givesMaskToModel: Bool
    /// Whether kept cells enter the loss too (ablation); SUNMASK uses dropped cells only.
    public var lossOnAllCells: Bool
    /// Whether each example's loss is divided by 1 + the number of cells in it (SUNMASK: yes).
    public var reweightsByMaskSize: Bool

    public init(unrollSteps: Int = 2, givesMaskToModel: Bool = true, lossOnAllCells: Bool = false,
                reweightsByMaskSize: Bool = true) {
        self.unrollSteps = unrollSteps
        self.givesMaskToModel = givesMaskToModel
        self.lossOnAllCells = lossOnAllCells
        self.reweightsByMaskSize = reweightsByMaskSize
    }

    var lossOptions: SunmaskLossOptions {
        SunmaskLossOptions(includesKeptCells: lossOnAllCells, dividesByCellCount: reweightsByMaskSize)
    }
}

/// A batch after masking and corruption, the input of the first unroll step.
struct CorruptedBatch {
    /// [B, V, T] the data tokens, the loss targets.
    var targets: [Int32]
    /// [B, V, T] 1 = keep, 0 = dropped.
    var keep: [UInt8]
    /// [B, V, T] the model's input tokens: data at kept cells, random tokens at dropped cells.
    var corrupted: [Int32]
}

/// The SUNMASK training objective over a `UNet`.
public struct SunmaskObjective {
    public let model: UNet
    public var options: SunmaskObjectiveOptions
    let encoding: InputEncoding
    let workspace = Workspace()

    public init(model: UNet, options: SunmaskObjectiveOptions = SunmaskObjectiveOptions()) {
        precondition(options.unrollSteps == 1 || options.unrollSteps == 2,
                     "SunmaskObjective unrolls 1 or 2 steps, got \(options.unrollSteps)")
        self.model = model
        self.options = options
        encoding = InputEncoding(voices: model.config.voices, vocabulary: model.config.vocabularySize,
                                 includesKeepBit: options.givesMaskToModel)
    }

    /// Draws the per-example drop rate, the keep mask and the corruption for `tokens` [B, V, T].
    func corrupt(_ tokens: [Int32], batch: Int, steps: Int, generator: inout RandomGenerator) -> CorruptedBatch {
        let cellsPerExample = model.config.voices * steps
        precondition(tokens.count == batch * cellsPerExample,
                     "SunmaskObjective: expected \(batch)·\(model.config.voices)·\(steps) tokens, got \(tokens.count)")
        let vocabulary = model.config.vocabularySize
        var keep = [UInt8](repeating: 1, count: tokens.count)
        var corrupted = tokens
        for example in 0..<batch {
            let dropRate = generator.nextDouble()
            for cell in example * cellsPerExample..<(example + 1) * cellsPerExample
            where generator.nextDouble() < dropRate {
                keep[cell] = 0
                corrupted[cell] = Int32(generator.nextInt(below: vocabulary))
            }
        }
        return CorruptedBatch(targets: tokens, keep: keep, corrupted: corrupted)
    }

    /// Runs forward and backward for one batch of data `tokens` [B, V, T], adding the gradient
    /// of the batch loss into every parameter's `grad`. Returns the loss of each unroll step,
    /// averaged over the batch (their sum is the training loss).
    public func accumulateGradients(tokens: [Int32], batch: Int, steps: Int,
                                    generator: inout RandomGenerator) -> [Float] {
        let corruptedBatch = corrupt(tokens, batch: batch, steps: steps, generator: &generator)
        return accumulateGradients(corruptedBatch, batch: batch, steps: steps, generator: &generator)
    }

    func accumulateGradients(_ corruptedBatch: CorruptedBatch, batch: Int, steps: Int,
                             generator: inout RandomGenerator) -> [Float] {
        let voices = model.config.voices
        let keepTensor = Tensor(shape: [batch, voices, steps])
        for cell in 0..<corruptedBatch.keep.count { keepTensor[flat: cell] = Float(corruptedBatch.keep[cell]) }
        let weights = SunmaskLoss.weights(keepMask: keepTensor, options: options.lossOptions)  // [B, V, T]

        var losses: [Float] = []
        var inputTokens = corruptedBatch.corrupted
        for unrollStep in 0..<options.unrollSteps {
            // forward
            let input = inputTokens.withUnsafeBufferPointer { tokens in
                corruptedBatch.keep.withUnsafeBufferPointer { keep in
                    encoding.encode(tokens: tokens, keep: keep, batch: batch, steps: steps)
                }
            }  // [V·(K+1), B, T]
            let (logits, cache) = model.forward(input, workspace: workspace)  // [V·K, B, T]
            let result = WeightedCrossEntropy.forward(logits: logits, targets: corruptedBatch.targets,
                                                      weights: weights, vocabularySize: model.config.vocabularySize)
            losses.append(result.loss)

            // The next step's input is drawn from these logits; no gradient flows through it.
            if unrollStep + 1 < options.unrollSteps {
                inputTokens = sampleDroppedCells(logits: logits, batch: corruptedBatch, steps: steps,
                                                 generator: &generator)
            }

            // backward
            let dLogits = Tensor(shape: logits.shape)
            WeightedCrossEntropy.backward(dLogits: dLogits, logits: logits, targets: corruptedBatch.targets,
                                          weights: weights, cache: result.cache,
                                          vocabularySize: model.config.vocabularySize)
            model.backward(dLogits: dLogits, cache: cache, workspace: workspace)
        }
        return losses
    }

    /// Returns x₁: a token drawn from softmax(logits) at each dropped cell, the data at kept cells.
    func sampleDroppedCells(logits: Tensor, batch corruptedBatch: CorruptedBatch, steps: Int,
                            generator: inout RandomGenerator) -> [Int32] {
        let voices = model.config.voices
        let vocabulary = model.config.vocabularySize
        let batch = corruptedBatch.keep.count / (voices * steps)
        let columns = batch * steps  // the stride between two tokens' logits of one cell
        var sampled = corruptedBatch.targets
        var probabilities = [Float](repeating: 0, count: vocabulary)
        for example in 0..<batch {
            for voice in 0..<voices {
                for step in 0..<steps {
                    let cell = (example * voices + voice) * steps + step
                    guard corruptedBatch.keep[cell] == 0 else { continue }
                    let first = logits.pointer + voice * vocabulary * columns + example * steps + step
                    var maximum = -Float.infinity
                    for token in 0..<vocabulary { maximum = max(maximum, first[token * columns]) }
                    for token in 0..<vocabulary { probabilities[token] = expf(first[token * columns] - maximum) }
                    sampled[cell] = Int32(generator.sampleCategorical(probabilities))
                }
            }
        }
        return sampled
    }
}
