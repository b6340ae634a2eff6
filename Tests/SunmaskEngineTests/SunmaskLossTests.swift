import Foundation
import XCTest
import SunmaskEngine

/// The weighted cross-entropy op and the SUNMASK weights built on it.
final class SunmaskLossTests: XCTestCase {
    /// Runs forward with the SUNMASK weights of `keep` and returns the loss and the result.
    private func sunmaskLoss(logits: Tensor, targets: [Int32], keep: Tensor, k: Int,
                             options: SunmaskLossOptions = SunmaskLossOptions())
        -> WeightedCrossEntropy.Result {
        let weights = SunmaskLoss.weights(keepMask: keep, options: options)
        return WeightedCrossEntropy.forward(logits: logits, targets: targets, weights: weights,
                                            vocabularySize: k)
    }

    // B = 2, V = 2, T = 3, K = 2. Example 0 drops 2 cells, example 1 drops 5 of its 6.
    private let keepValues: [Float] = [1, 0, 1,   1, 0, 1,
                                       0, 0, 0,   0, 1, 0]

    func testUniformLogitsGiveLn2PerDroppedCell() {
        let keep = Tensor(shape: [2, 2, 3], values: keepValues)
        let logits = Tensor(shape: [4, 2, 3])  // all zero: each cell's two tokens are equally likely
        let targets: [Int32] = [0, 1, 1, 0, 0, 1, 1, 1, 0, 0, 1, 0]
        let result = sunmaskLoss(logits: logits, targets: targets, keep: keep, k: 2)

        let example0 = 2 * log(2.0) / (1 + 2)
        let example1 = 5 * log(2.0) / (1 + 5)
        XCTAssertEqual(Double(result.exampleLosses[0]), example0, accuracy: 1e-6)
        XCTAssertEqual(Double(result.exampleLosses[1]), example1, accuracy: 1e-6)
        XCTAssertEqual(Double(result.loss), (example0 + example1) / 2, accuracy: 1e-6)
    }

    // One dropped cell with logits (1, 2, 3) and target 0: CE = log(e + e² + e³) − 1.
    func testSingleDroppedCellMatchesHandComputedValue() {
        // B = 1, V = 1, T = 2, K = 3; step 1 is kept and its logits must not matter.
        let keep = Tensor(shape: [1, 1, 2], values: [0, 1])
        let logits = Tensor(shape: [3, 1, 2], values: [1, 50, 2, -7, 3, 0])
        let result = sunmaskLoss(logits: logits, targets: [0, 2], keep: keep, k: 3)
        let crossEntropy = log(exp(1.0) + exp(2.0) + exp(3.0)) - 1
        XCTAssertEqual(Double(result.loss), crossEntropy / 2, accuracy: 1e-5)
    }

    func testNoDroppedCellsGivesZeroLoss() {
        let keep = Tensor(shape: [1, 2, 2], repeating: 1)
        var generator = SplitMix(seed: 1)
        let logits = generator.tensor([6, 1, 2], scale: 3)
        let result = sunmaskLoss(logits: logits, targets: [0, 1, 2, 0], keep: keep, k: 3)
        XCTAssertEqual(result.loss, 0)
    }

    // MARK: - Kept cells

    func testKeptCellsNeverAffectLossOrReceiveGradient() {
        let (b, v, t, k) = (2, 2, 3, 4)
        var generator = SplitMix(seed: 2)
        let keep = Tensor(shape: [b, v, t], values: keepValues)
        let logits = generator.tensor([v * k, b, t], scale: 2)
        let targets: [Int32] = (0..<(b * v * t)).map { Int32($0 % k) }
        let before = sunmaskLoss(logits: logits, targets: targets, keep: keep, k: k)

        // Overwrite every logit of every kept cell, including with ±∞ and NaN.
        let replacements: [Float] = [1e4, -Float.infinity, .nan, 37]
        var replaced = 0
        for example in 0..<b {
            for voice in 0..<v {
                for step in 0..<t where keep[flat: (example * v + voice) * t + step] == 1 {
                    for token in 0..<k {
                        logits[flat: ((voice * k + token) * b + example) * t + step] = replacements[replaced % 4]
                        replaced += 1
                    }
                }
            }
        }
        XCTAssertGreaterThan(replaced, 0)
        let weights = SunmaskLoss.weights(keepMask: keep)
        let after = WeightedCrossEntropy.forward(logits: logits, targets: targets, weights: weights,
                                                 vocabularySize: k)
        XCTAssertEqual(after.loss, before.loss)
        XCTAssertEqual(after.exampleLosses, before.exampleLosses)

        let dLogits = Tensor(shape: logits.shape)
        WeightedCrossEntropy.backward(dLogits: dLogits, logits: logits, targets: targets, weights: weights,
                                      cache: after.cache, vocabularySize: k)
        var droppedGradientSum: Float = 0
        for example in 0..<b {
            for voice in 0..<v {
                for step in 0..<t {
                    let kept = keep[flat: (example * v + voice) * t + step] == 1
                    for token in 0..<k {
                        let gradient = dLogits[flat: ((voice * k + token) * b + example) * t + step]
                        if kept {
                            XCTAssertEqual(gradient, 0, "kept cell b\(example) v\(voice) t\(step) token \(token)")
                        } else {
                            droppedGradientSum += abs(gradient)
                        }
                    }
                }
            }
        }
        XCTAssertGreaterThan(droppedGradientSum, 0)
    }

    // MARK: - Ablation switches

    func testWeightsForEachOption() {
        let keep = Tensor(shape: [2, 2, 3], values: keepValues)
        let standard = SunmaskLoss.weights(keepMask: keep)
        let allCells = SunmaskLoss.weights(keepMask: keep, options: .init(includesKeptCells: true))
        let plainSum = SunmaskLoss.weights(keepMask: keep, options: .init(dividesByCellCount: false))
        let allCellsPlainSum = SunmaskLoss.weights(
            keepMask: keep, options: .init(includesKeptCells: true, dividesByCellCount: false))
        for cell in 0..<12 {
            let dropped = keepValues[cell] == 0
            let droppedCount: Float = cell < 6 ? 2 : 5
            XCTAssertEqual(standard[flat: cell], dropped ? 1 / (1 + droppedCount) : 0, accuracy: 1e-7, "cell \(cell)")
            XCTAssertEqual(allCells[flat: cell], 1 / (1 + 6), accuracy: 1e-7, "cell \(cell)")
            XCTAssertEqual(plainSum[flat: cell], dropped ? 1 : 0, "cell \(cell)")
            XCTAssertEqual(allCellsPlainSum[flat: cell], 1, "cell \(cell)")
        }
    }

    func testNoReweightingSumsDroppedCells() {
        let keep = Tensor(shape: [2, 2, 3], values: keepValues)
        let logits = Tensor(shape: [4, 2, 3])
        let targets = [Int32](repeating: 1, count: 12)
        let result = sunmaskLoss(logits: logits, targets: targets, keep: keep, k: 2,
                                 options: .init(dividesByCellCount: false))
        XCTAssertEqual(Double(result.loss), (2 + 5) * log(2.0) / 2, accuracy: 1e-6)
    }

    // MARK: - Gradients

    func testGradientWithRandomWeightsMatchesFiniteDifferences() {
        let (b, v, t, k) = (2, 3, 5, 5)  // B·T = 10 columns: 8 lanes plus a tail
        var generator = SplitMix(seed: 3)
        let logits = generator.tensor([v * k, b, t], scale: 2)
        let weights = generator.tensor([b, v, t])
        for i in 0..<weights.count { weights[flat: i] = abs(weights[flat: i]) }
        let targets: [Int32] = (0..<(b * v * t)).map { Int32(($0 * 7) % k) }
        checkLogitGradient(logits: logits, targets: targets, weights: weights, k: k, name: "weighted")
    }

    func testGradientWithSunmaskWeightsMatchesFiniteDifferences() {
        let (b, v, t, k) = (2, 2, 3, 3)
        var generator = SplitMix(seed: 4)
        let logits = generator.tensor([v * k, b, t], scale: 2)
        let weights = SunmaskLoss.weights(keepMask: Tensor(shape: [b, v, t], values: keepValues))
        let targets: [Int32] = (0..<(b * v * t)).map { Int32(($0 * 5) % k) }
        checkLogitGradient(logits: logits, targets: targets, weights: weights, k: k, name: "SUNMASK")
    }

    private func checkLogitGradient(logits: Tensor, targets: [Int32], weights: Tensor, k: Int, name: String) {
        let dLogits = Tensor(shape: logits.shape)
        let dLoss: Float = 1.7
        // The checker differentiates Σ output · upstream; for the scalar loss the upstream is one
        // random number, passed on as dLoss.
        assertGradientMatches("WeightedCrossEntropy dLogits (\(name))", input: logits, gradient: dLogits,
                              forward: {
                                  let result = WeightedCrossEntropy.forward(
                                      logits: logits, targets: targets, weights: weights, vocabularySize: k)
                                  return Tensor(shape: [1], values: [result.loss * dLoss])
                              },
                              backward: { upstream in
                                  let result = WeightedCrossEntropy.forward(
                                      logits: logits, targets: targets, weights: weights, vocabularySize: k)
                                  WeightedCrossEntropy.backward(
                                      dLogits: dLogits, logits: logits, targets: targets, weights: weights,
                                      cache: result.cache, vocabularySize: k, dLoss: dLoss * upstream[flat: 0])
                              }, step: 1e-2, tolerance: 1e-2)
    }
}
