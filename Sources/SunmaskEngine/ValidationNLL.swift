// Shape legend: N examples, V voices, T time steps, K vocabulary.
//
// The validation metric: the mean negative log-likelihood (in nats) per dropped cell, at fixed
// drop rates and a fixed seed, so that runs, checkpoints and baselines are comparable.

import Foundation

/// Mean negative log-likelihood per dropped cell at each drop rate.
public struct ValidationResult: Codable, Equatable, Sendable {
    /// The drop rates measured, such as [0.25, 0.5, 0.75, 1.0].
    public var dropRates: [Double]
    /// `nll[i]` is the mean NLL in nats per dropped cell at `dropRates[i]`.
    public var nll: [Double]
    /// The number of dropped cells the mean at each rate covers.
    public var droppedCells: [Int]
}

/// Measures validation NLL of a model on fixed examples.
public enum ValidationNLL {
    /// The drop rates reported during training.
    public static let standardDropRates = [0.25, 0.5, 0.75, 1.0]

    /// Measures the mean NLL per dropped cell of `model` on `examples`, each [V·T] tokens.
    ///
    /// For each rate, every cell of every example is dropped with that probability from a
    /// generator seeded with `seed` and the rate's index, dropped cells are replaced by uniform
    /// random tokens, and one forward pass predicts them. The same seed gives the same masks
    /// for every model, so two checkpoints are compared on identical inputs.
    public static func measure(model: UNet, examples: [[Int32]], steps: Int,
                               dropRates: [Double] = standardDropRates, seed: UInt64 = 1234,
                               batchSize: Int = 16, givesMaskToModel: Bool = true) -> ValidationResult {
        let voices = model.config.voices
        let vocabulary = model.config.vocabularySize
        let encoding = InputEncoding(voices: voices, vocabulary: vocabulary, includesKeepBit: givesMaskToModel)
        let workspace = Workspace()
        var nll: [Double] = [], counts: [Int] = []

        for (rateIndex, rate) in dropRates.enumerated() {
            var generator = RandomGenerator(seed: seed &+ UInt64(rateIndex) &* 0x9E37_79B9)
            var total = 0.0
            var dropped = 0
            var start = 0
            while start < examples.count {
                let batch = min(batchSize, examples.count - start)
                var tokens: [Int32] = []
                tokens.reserveCapacity(batch * voices * steps)
                for example in examples[start..<start + batch] {
                    precondition(example.count == voices * steps,
                                 "ValidationNLL: example has \(example.count) tokens, expected V·T = \(voices * steps)")
                    tokens += example
                }
                var keep = [UInt8](repeating: 1, count: tokens.count)
                var input = tokens
                for cell in 0..<tokens.count where generator.nextDouble() < rate {
                    keep[cell] = 0
                    input[cell] = Int32(generator.nextInt(below: vocabulary))
                }
                let encoded = input.withUnsafeBufferPointer { inputTokens in
                    keep.withUnsafeBufferPointer { keepMask in
                        encoding.encode(tokens: inputTokens, keep: keepMask, batch: batch, steps: steps)
                    }
                }
                let logits = model.apply(encoded, workspace: workspace)  // [V·K, B, T]
                let (sum, count) = negativeLogLikelihood(logits: logits, targets: tokens, keep: keep,
                                                         batch: batch, voices: voices, steps: steps,
                                                         vocabulary: vocabulary)
                total += sum
                dropped += count
                start += batch
            }
            nll.append(dropped > 0 ? total / Double(dropped) : 0)
            counts.append(dropped)
        }
        return ValidationResult(dropRates: dropRates, nll: nll, droppedCells: counts)
    }

    /// Sums the NLL of the targets at cells with keep 0 and counts those cells.
    static func negativeLogLikelihood(logits: Tensor, targets: [Int32], keep: [UInt8], batch: Int,
                                      voices: Int, steps: Int, vocabulary: Int) -> (Double, Int) {
        let columns = batch * steps
        var total = 0.0
        var count = 0
        for example in 0..<batch {
            for voice in 0..<voices {
                for step in 0..<steps {
                    let cell = (example * voices + voice) * steps + step
                    guard keep[cell] == 0 else { continue }
                    let first = logits.pointer + voice * vocabulary * columns + example * steps + step
                    var maximum = -Float.infinity
                    for token in 0..<vocabulary { maximum = max(maximum, first[token * columns]) }
                    var sum = 0.0
                    for token in 0..<vocabulary { sum += Foundation.exp(Double(first[token * columns] - maximum)) }
                    let logSumExp = Double(maximum) + Foundation.log(sum)
                    total += logSumExp - Double(first[Int(targets[cell]) * columns])
                    count += 1
                }
            }
        }
        return (total, count)
    }
}

/// The two reference points for validation NLL: a uniform guess and a per-voice unigram.
public enum NLLBaselines {
    /// ln K: the NLL per cell of a uniform distribution over K tokens.
    public static func uniform(vocabulary: Int) -> Double {
        Foundation.log(Double(vocabulary))
    }

    /// Computes the mean NLL per cell of the validation tokens under each voice's token
    /// frequencies in the training tokens, with add-one smoothing so unseen tokens have finite
    /// cost. Examples are [V·T] tokens, voice-major.
    public static func unigram(training: [[Int32]], validation: [[Int32]], voices: Int,
                               vocabulary: Int) -> Double {
        var counts = [[Double]](repeating: [Double](repeating: 1, count: vocabulary), count: voices)
        for example in training {
            let steps = example.count / voices
            for voice in 0..<voices {
                for step in 0..<steps { counts[voice][Int(example[voice * steps + step])] += 1 }
            }
        }
        let logProbabilities = counts.map { row -> [Double] in
            let total = row.reduce(0, +)
            return row.map { Foundation.log($0 / total) }
        }
        var total = 0.0
        var cells = 0
        for example in validation {
            let steps = example.count / voices
            for voice in 0..<voices {
                for step in 0..<steps {
                    total -= logProbabilities[voice][Int(example[voice * steps + step])]
                    cells += 1
                }
            }
        }
        return cells > 0 ? total / Double(cells) : 0
    }
}
