import Foundation
import XCTest
import SunmaskEngine

final class AttentionTests: XCTestCase {
    private func inputs(_ c: Int, _ b: Int, _ t: Int, seed: UInt64, scale: Float = 1)
        -> (Tensor, Tensor, Tensor) {
        var generator = SplitMix(seed: seed)
        return (generator.tensor([c, b, t], scale: scale),
                generator.tensor([c, b, t], scale: scale),
                generator.tensor([c, b, t]))
    }

    private func runFast(_ q: Tensor, _ k: Tensor, _ v: Tensor) -> Tensor {
        let out = Tensor(shape: q.shape)
        Attention.forward(output: out, query: q, key: k, value: v)
        return out
    }

    private func runNaive(_ q: Tensor, _ k: Tensor, _ v: Tensor) -> Tensor {
        let out = Tensor(shape: q.shape)
        Attention.forwardNaive(output: out, query: q, key: k, value: v)
        return out
    }

    // Equal scores give uniform weights, so each output step is the time mean of v.
    func testEqualScoresAverageValuesOverTime() {
        let q = Tensor(shape: [1, 1, 3])  // zero queries: every score is 0
        let k = Tensor(shape: [1, 1, 3], values: [1, 2, 3])
        let v = Tensor(shape: [1, 1, 3], values: [3, 6, 9])
        let out = runFast(q, k, v)
        for step in 0..<3 {
            XCTAssertEqual(out[flat: step], 6, accuracy: 1e-6, "step \(step)")
        }
    }

    // C = 1, T = 2: weights of query t are softmax(q_t·k_0, q_t·k_1), computed here by hand.
    func testTwoStepsMatchHandComputedSoftmax() {
        let q = Tensor(shape: [1, 1, 2], values: [1, 2])
        let k = Tensor(shape: [1, 1, 2], values: [0, 1])
        let v = Tensor(shape: [1, 1, 2], values: [10, 20])
        let out = runFast(q, k, v)
        for (step, query) in [1.0, 2.0].enumerated() {
            let weightOfSecond = Foundation.exp(query) / (1 + Foundation.exp(query))
            XCTAssertEqual(Double(out[flat: step]), 10 + 10 * weightOfSecond, accuracy: 1e-5, "step \(step)")
        }
    }

    func testFastMatchesNaive() {
        let (q, k, v) = inputs(6, 3, 7, seed: 1, scale: 2)
        let fast = runFast(q, k, v), naive = runNaive(q, k, v)
        for i in 0..<fast.count {
            XCTAssertEqual(fast[flat: i], naive[flat: i], accuracy: 1e-5, "flat index \(i)")
        }
    }

    // Scores of about ±10⁴ overflow exp without the max subtraction.
    func testLargeScoresStayFiniteAndMatchNaive() {
        let (q, k, v) = inputs(4, 2, 5, seed: 2, scale: 100)
        let fast = runFast(q, k, v), naive = runNaive(q, k, v)
        for i in 0..<fast.count {
            XCTAssertTrue(fast[flat: i].isFinite, "flat index \(i)")
            XCTAssertEqual(fast[flat: i], naive[flat: i], accuracy: 1e-4, "flat index \(i)")
        }
    }

    func testProbabilityRowsSumToOne() {
        let (q, k, v) = inputs(4, 2, 6, seed: 3)
        let cache = Attention.forward(output: Tensor(shape: q.shape), query: q, key: k, value: v)
        for row in 0..<(2 * 6) {
            var sum: Float = 0
            for s in 0..<6 { sum += cache.probabilities[flat: row * 6 + s] }
            XCTAssertEqual(sum, 1, accuracy: 1e-5, "row \(row)")
        }
    }

    // Examples never attend to each other: changing example 1 leaves example 0's output alone.
    func testExamplesAreIndependent() {
        let (q, k, v) = inputs(3, 2, 4, seed: 4)
        let before = runFast(q, k, v)
        for channel in 0..<3 {
            for step in 0..<4 { v[flat: (channel * 2 + 1) * 4 + step] += 5 }
        }
        let after = runFast(q, k, v)
        for channel in 0..<3 {
            for step in 0..<4 {
                let index = (channel * 2 + 0) * 4 + step
                XCTAssertEqual(before[flat: index], after[flat: index], "channel \(channel) step \(step)")
            }
        }
    }

    // MARK: - Gradients

    private func checkGradient(of which: Int, name: String) {
        let (q, k, v) = inputs(4, 2, 5, seed: 5, scale: 1.5)
        let tensors = [q, k, v]
        let gradient = Tensor(shape: q.shape)
        assertGradientMatches(name, input: tensors[which], gradient: gradient,
                              forward: { runFast(q, k, v) },
                              backward: { dy in
                                  let cache = Attention.forward(output: Tensor(shape: q.shape),
                                                                query: q, key: k, value: v)
                                  var grads = [Tensor(shape: q.shape), Tensor(shape: q.shape), Tensor(shape: q.shape)]
                                  grads[which] = gradient
                                  Attention.backward(dQuery: grads[0], dKey: grads[1], dValue: grads[2],
                                                     dOutput: dy, query: q, key: k, value: v, cache: cache)
                              }, step: 1e-2, tolerance: 1e-2)
    }

    func testQueryGradientMatchesFiniteDifferences() { checkGradient(of: 0, name: "Attention dQuery") }
    func testKeyGradientMatchesFiniteDifferences() { checkGradient(of: 1, name: "Attention dKey") }
    func testValueGradientMatchesFiniteDifferences() { checkGradient(of: 2, name: "Attention dValue") }

    func testBackwardAddsIntoGradients() {
        let (q, k, v) = inputs(3, 2, 4, seed: 6)
        var generator = SplitMix(seed: 9)
        let dy = generator.tensor(q.shape)
        let cache = Attention.forward(output: Tensor(shape: q.shape), query: q, key: k, value: v)
        let dq = Tensor(shape: q.shape, repeating: 1), dk = Tensor(shape: q.shape, repeating: 1)
        let dv = Tensor(shape: q.shape, repeating: 1)
        let fresh = [Tensor(shape: q.shape), Tensor(shape: q.shape), Tensor(shape: q.shape)]
        Attention.backward(dQuery: dq, dKey: dk, dValue: dv, dOutput: dy, query: q, key: k, value: v, cache: cache)
        Attention.backward(dQuery: fresh[0], dKey: fresh[1], dValue: fresh[2], dOutput: dy,
                           query: q, key: k, value: v, cache: cache)
        for (accumulated, alone) in zip([dq, dk, dv], fresh) {
            for i in 0..<q.count {
                XCTAssertEqual(accumulated[flat: i], alone[flat: i] + 1, accuracy: 1e-5)
            }
        }
    }
}
