// Shape legend: V voices (categorical variables per time step), K vocabulary, B batch, T time
// steps. Logits are channel-major [V·K, B, T] with channel v·K + k holding token k of voice v, so
// cell (b, v, t) owns the K values at channels v·K..<(v+1)·K, each a row stride B·T apart.
//
// A cross-entropy with a weight per cell, averaged over the batch:
//   CE[b, v, t]  = −log softmax(logits[v·K..<(v+1)·K, b, t])[target[b, v, t]]
//                = logsumexp(logits of the cell) − logit of the target
//   loss_b       = Σ_{v,t} weight[b, v, t] · CE[b, v, t]
//   loss         = (1/B) · Σ_b loss_b
// The SUNMASK objective is this op with the weights of `SunmaskLoss.weights`.

import Foundation

/// Cross-entropy over categorical cells with per-cell weights, and its gradient.
///
/// - V: voices, the categorical variables at each time step.
/// - K: vocabulary size of each variable.
/// - B: batch.
/// - T: time steps.
public enum WeightedCrossEntropy {
    /// The per-cell normalizers forward keeps for backward. The softmax probabilities are not
    /// stored, because backward recomputes them as exp(logit − logsumexp), one exponential per logit.
    public struct Cache {
        /// [B, V, T] log Σ_k exp(logits[v·K + k, b, t]) of each cell.
        public let logSumExp: Tensor
    }

    /// The loss and what backward needs.
    public struct Result {
        /// (1/B) · Σ_b loss_b, summed in Double.
        public let loss: Float
        /// [B] loss_b = Σ_{v,t} weight · CE of each example (not divided by B).
        public let exampleLosses: [Float]
        public let cache: Cache
    }

    /// Computes the batch mean of the weighted per-example sums of cross-entropy.
    ///
    /// - Parameters:
    ///   - logits: [V·K, B, T].
    ///   - targets: B·V·T tokens laid out [B, V, T], each in 0..<K.
    ///   - weights: [B, V, T]. A cell of weight 0 never enters the loss, even when its logits
    ///     are infinite or NaN.
    ///   - vocabularySize: K.
    /// The softmax subtracts each cell's maximum logit, so large logits do not overflow. A logit
    /// of −∞ counts as e^−87 relative to the maximum (see `approximateExp`), and a cell whose
    /// logits are all −∞ gives NaN when its weight is not 0.
    public static func forward(logits: Tensor, targets: [Int32], weights: Tensor,
                               vocabularySize: Int) -> Result {
        let (v, k, b, t) = unpackShapes(logits: logits, targets: targets, weights: weights,
                                        vocabularySize: vocabularySize, caller: "forward")
        let logSumExp = Tensor(shape: [b, v, t])
        var exampleSums = [Double](repeating: 0, count: b)
        let columns = b * t  // one channel row of the logits, indexed by example · T + step
        let maxima = Tensor(shape: [columns])
        let sums = Tensor(shape: [columns])

        targets.withUnsafeBufferPointer { target in
            for voice in 0..<v {
                let first = logits.pointer + voice * k * columns  // channel v·K, [K rows of B·T]

                // 1. the maximum logit of every cell, -∞ before the first token
                maxima.fill(-Float.infinity)
                for token in 0..<k {
                    updateMaxima(maxima.pointer, row: first + token * columns, count: columns)
                }

                // 2. Σ_k exp(logit − maximum)
                sums.zero()
                for token in 0..<k {
                    addExponentials(sums.pointer, row: first + token * columns,
                                    maxima: maxima.pointer, count: columns)
                }

                // 3. logsumexp = maximum + log Σ, stored per cell [B, V, T]
                for example in 0..<b {
                    for step in 0..<t {
                        let column = example * t + step
                        let cell = (example * v + voice) * t + step
                        logSumExp.pointer[cell] = maxima.pointer[column] + log(sums.pointer[column])
                    }
                }

                // 4. weighted cross-entropy of each cell, summed per example
                for example in 0..<b {
                    var sum = 0.0
                    for step in 0..<t {
                        let cell = (example * v + voice) * t + step
                        let weight = weights.pointer[cell]
                        if weight == 0 { continue }
                        let token = Int(target[cell])
                        let logit = first[token * columns + example * t + step]
                        sum += Double(weight) * Double(logSumExp.pointer[cell] - logit)
                    }
                    exampleSums[example] += sum
                }
            }
        }
        let loss = exampleSums.reduce(0, +) / Double(b)
        return Result(loss: Float(loss), exampleLosses: exampleSums.map { Float($0) },
                      cache: Cache(logSumExp: logSumExp))
    }

    /// Adds the gradient of `dLoss · loss` with respect to the logits into `dLogits`.
    ///
    /// d loss / d logits[v·K + k, b, t] = weight[b, v, t] / B · (softmax_k − [k = target]).
    /// Cells of weight 0 receive nothing.
    /// - Parameters:
    ///   - dLogits: [V·K, B, T]; added into.
    ///   - logits: [V·K, B, T], as given to forward.
    ///   - targets: [B, V, T], as given to forward.
    ///   - weights: [B, V, T], as given to forward.
    ///   - cache: what that forward call returned.
    ///   - vocabularySize: K.
    ///   - dLoss: the gradient with respect to the loss, 1 when this loss is the objective.
    public static func backward(dLogits: Tensor, logits: Tensor, targets: [Int32], weights: Tensor,
                                cache: Cache, vocabularySize: Int, dLoss: Float = 1) {
        let (v, k, b, t) = unpackShapes(logits: logits, targets: targets, weights: weights,
                                        vocabularySize: vocabularySize, caller: "backward")
        dLogits.expectShape(logits.shape, "WeightedCrossEntropy.backward dLogits")
        cache.logSumExp.expectShape([b, v, t], "WeightedCrossEntropy.backward cache logSumExp")
        let columns = b * t
        let scale = dLoss / Float(b)

        targets.withUnsafeBufferPointer { target in
            for voice in 0..<v {
                for token in 0..<k {
                    let channel = voice * k + token
                    let x = logits.pointer + channel * columns
                    let dx = dLogits.pointer + channel * columns
                    for example in 0..<b {
                        for step in 0..<t {
                            let cell = (example * v + voice) * t + step
                            let weight = weights.pointer[cell]
                            if weight == 0 { continue }
                            // 4. CE = logsumexp − logit[target]
                            // 1–3. d logsumexp / d logit[k] = softmax_k = exp(logit[k] − logsumexp)
                            let column = example * t + step
                            let probability = approximateExp(x[column] - cache.logSumExp.pointer[cell])
                            let indicator: Float = Int(target[cell]) == token ? 1 : 0
                            dx[column] += scale * weight * (probability - indicator)
                        }
                    }
                }
            }
        }
    }

    /// Sets maxima[i] = max(maxima[i], row[i]) for i in 0..<count, 8 at a time.
    private static func updateMaxima(_ maxima: UnsafeMutablePointer<Float>,
                                     row: UnsafePointer<Float>, count: Int) {
        let vectorEnd = count - count % 8
        var i = 0
        while i < vectorEnd {
            var current = loadVector(maxima + i)
            let value = loadVector(row + i)
            current.replace(with: value, where: value .> current)
            storeVector(current, maxima + i)
            i += 8
        }
        while i < count {
            if row[i] > maxima[i] { maxima[i] = row[i] }
            i += 1
        }
    }

    /// Adds exp(row[i] − maxima[i]) into sums[i] for i in 0..<count, 8 at a time.
    private static func addExponentials(_ sums: UnsafeMutablePointer<Float>, row: UnsafePointer<Float>,
                                        maxima: UnsafePointer<Float>, count: Int) {
        let vectorEnd = count - count % 8
        var i = 0
        while i < vectorEnd {
            let terms = approximateExp(loadVector(row + i) - loadVector(maxima + i))
            storeVector(loadVector(sums + i) + terms, sums + i)
            i += 8
        }
        while i < count {
            sums[i] += approximateExp(row[i] - maxima[i])
            i += 1
        }
    }

    /// Checks the shapes and targets and returns (V, K, B, T).
    private static func unpackShapes(logits: Tensor, targets: [Int32], weights: Tensor,
                                     vocabularySize k: Int, caller: String) -> (Int, Int, Int, Int) {
        precondition(weights.shape.count == 3,
                     "WeightedCrossEntropy.\(caller): expected weights [B, V, T], got \(weights.shape)")
        precondition(k > 0, "WeightedCrossEntropy.\(caller): vocabulary size must be positive, got \(k)")
        let (b, v, t) = (weights.shape[0], weights.shape[1], weights.shape[2])
        logits.expectShape([v * k, b, t], "WeightedCrossEntropy.\(caller) logits for weights \(weights.shape) and K = \(k)")
        precondition(targets.count == b * v * t,
                     "WeightedCrossEntropy.\(caller): expected \(b * v * t) targets for [B, V, T] = \(weights.shape), got \(targets.count)")
        if let bad = targets.firstIndex(where: { $0 < 0 || Int($0) >= k }) {
            preconditionFailure("WeightedCrossEntropy.\(caller): target \(targets[bad]) at flat index \(bad) is outside 0..<\(k)")
        }
        return (v, k, b, t)
    }
}
