import XCTest
import SunmaskEngine

final class GroupNormTests: XCTestCase {
    // One group, one example: the four values are normalized together.
    func testForwardMatchesHandComputedValues() {
        let norm = GroupNorm(name: "norm", channels: 2, groups: 1)
        let x = Tensor(shape: [2, 1, 2], values: [1, 2, 3, 4])  // [C, B, T]
        let y = Tensor(shape: [2, 1, 2])
        norm.forward(output: y, input: x)

        // mean 2.5, biased variance (2.25 + 0.25 + 0.25 + 2.25) / 4 = 1.25
        let rstd = 1 / (1.25 + 1e-5).squareRoot()
        let expected = [-1.5, -0.5, 0.5, 1.5].map { Float($0 * rstd) }
        for i in 0..<4 {
            XCTAssertEqual(y[flat: i], expected[i], accuracy: 1e-6, "element \(i)")
        }
    }

    // Channels 0–1 form group 0 and channels 2–3 group 1; each (example, group) gets its own
    // statistics, then weight and bias apply per channel.
    func testStatisticsArePerExampleAndGroup() {
        let (c, b, t) = (4, 3, 13)
        let norm = GroupNorm(name: "norm", channels: c, groups: 2)
        var generator = SplitMix(seed: 3)
        let x = generator.tensor([c, b, t], scale: 4)
        for i in 0..<x.count { x[flat: i] += Float(i % 7) }  // different means per group
        let y = Tensor(shape: [c, b, t])
        let cache = norm.forward(output: y, input: x)

        for g in 0..<2 {
            for example in 0..<b {
                var values: [Double] = []
                var outputs: [Double] = []
                for channel in (2 * g)..<(2 * g + 2) {
                    for step in 0..<t {
                        let index = (channel * b + example) * t + step
                        values.append(Double(x[flat: index]))
                        outputs.append(Double(y[flat: index]))
                    }
                }
                let mean = values.reduce(0, +) / Double(values.count)
                let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count)
                XCTAssertEqual(Double(cache.mean[flat: example * 2 + g]), mean, accuracy: 1e-5)
                XCTAssertEqual(Double(cache.reciprocalStandardDeviation[flat: example * 2 + g]),
                               1 / (variance + 1e-5).squareRoot(), accuracy: 1e-4)
                let outputMean = outputs.reduce(0, +) / Double(outputs.count)
                let outputVariance = outputs.map { $0 * $0 }.reduce(0, +) / Double(outputs.count)
                XCTAssertEqual(outputMean, 0, accuracy: 1e-5, "group \(g) example \(example)")
                XCTAssertEqual(outputVariance, 1, accuracy: 1e-3, "group \(g) example \(example)")
            }
        }
    }

    func testAffineAppliesPerChannel() {
        let norm = GroupNorm(name: "norm", channels: 2, groups: 1)
        norm.weight.value[flat: 1] = 3
        norm.bias.value[flat: 0] = -2
        let x = Tensor(shape: [2, 1, 2], values: [1, 2, 3, 4])
        let y = Tensor(shape: [2, 1, 2])
        norm.forward(output: y, input: x)
        let rstd = Float(1 / (1.25 + 1e-5).squareRoot())
        XCTAssertEqual(y[flat: 0], -1.5 * rstd - 2, accuracy: 1e-5)
        XCTAssertEqual(y[flat: 3], 1.5 * rstd * 3, accuracy: 1e-5)
    }

    // MARK: - Gradients

    private func makeLayer() -> (GroupNorm, Tensor) {
        var generator = SplitMix(seed: 11)
        let norm = GroupNorm(name: "norm", channels: 6, groups: 3)
        norm.weight.value.copy(from: generator.tensor([6], scale: 1.5))
        norm.bias.value.copy(from: generator.tensor([6]))
        let x = generator.tensor([6, 2, 11], scale: 2)  // [C, B, T]; T = 11 runs 8 lanes plus a tail
        return (norm, x)
    }

    private func run(_ norm: GroupNorm, _ x: Tensor) -> Tensor {
        let y = Tensor(shape: x.shape)
        norm.forward(output: y, input: x)
        return y
    }

    func testInputGradientMatchesFiniteDifferences() {
        let (norm, x) = makeLayer()
        let dx = Tensor(shape: x.shape)
        assertGradientMatches("GroupNorm dInput", input: x, gradient: dx,
                              forward: { run(norm, x) },
                              backward: { dy in
                                  let cache = norm.forward(output: Tensor(shape: x.shape), input: x)
                                  norm.backward(dInput: dx, dOutput: dy, input: x, cache: cache)
                              }, step: 1e-2, tolerance: 1e-2)
    }

    func testWeightGradientMatchesFiniteDifferences() {
        let (norm, x) = makeLayer()
        assertGradientMatches("GroupNorm dWeight", input: norm.weight.value, gradient: norm.weight.grad,
                              forward: { run(norm, x) },
                              backward: { dy in
                                  let cache = norm.forward(output: Tensor(shape: x.shape), input: x)
                                  norm.backward(dInput: Tensor(shape: x.shape), dOutput: dy,
                                                input: x, cache: cache)
                              })
    }

    func testBiasGradientMatchesFiniteDifferences() {
        let (norm, x) = makeLayer()
        assertGradientMatches("GroupNorm dBias", input: norm.bias.value, gradient: norm.bias.grad,
                              forward: { run(norm, x) },
                              backward: { dy in
                                  let cache = norm.forward(output: Tensor(shape: x.shape), input: x)
                                  norm.backward(dInput: Tensor(shape: x.shape), dOutput: dy,
                                                input: x, cache: cache)
                              })
    }

    func testBackwardAddsIntoGradients() {
        let (norm, x) = makeLayer()
        var generator = SplitMix(seed: 5)
        let dy = generator.tensor(x.shape)
        let cache = norm.forward(output: Tensor(shape: x.shape), input: x)
        let once = Tensor(shape: x.shape)
        norm.backward(dInput: once, dOutput: dy, input: x, cache: cache)
        let weightOnce = norm.weight.grad.values
        let twice = Tensor(shape: x.shape)
        twice.copy(from: once)
        norm.backward(dInput: twice, dOutput: dy, input: x, cache: cache)
        for i in 0..<x.count {
            XCTAssertEqual(twice[flat: i], 2 * once[flat: i], accuracy: 1e-5)
        }
        for i in 0..<6 {
            XCTAssertEqual(norm.weight.grad[flat: i], 2 * weightOnce[i], accuracy: 1e-5)
        }
    }
}
