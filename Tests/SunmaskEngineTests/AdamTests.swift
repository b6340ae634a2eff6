import XCTest
import SunmaskEngine

final class AdamTests: XCTestCase {
    /// The update written out in Double for one element, independent of the optimizer's code.
    private struct ReferenceAdam {
        var m = 0.0, v = 0.0, t = 0.0
        mutating func update(_ theta: inout Double, gradient g: Double, lr: Double) {
            t += 1
            m = 0.9 * m + 0.1 * g
            v = 0.999 * v + 0.001 * g * g
            let mHat = m / (1 - pow(0.9, t))
            let vHat = v / (1 - pow(0.999, t))
            theta -= lr * mHat / (vHat.squareRoot() + 1e-8)
        }
    }

    func testTwoStepsMatchClosedForm() {
        let parameter = Parameter(name: "p", value: Tensor(shape: [3], values: [0.5, -1, 2]))
        let adam = Adam(parameters: [parameter], learningRate: 0.1, clipValue: nil)
        let gradients: [[Float]] = [[0.2, -0.4, 1e-3], [-0.6, 0.1, 2.5]]
        var expected = [0.5, -1.0, 2.0]
        var references = Array(repeating: ReferenceAdam(), count: 3)
        for stepGradients in gradients {
            parameter.grad.copy(from: Tensor(shape: [3], values: stepGradients))
            adam.update()
            for i in 0..<3 {
                references[i].update(&expected[i], gradient: Double(stepGradients[i]), lr: 0.1)
            }
        }
        for i in 0..<3 {
            XCTAssertEqual(Double(parameter.value[flat: i]), expected[i], accuracy: 1e-6, "element \(i)")
            XCTAssertEqual(Double(adam.firstMoments[0][flat: i]), references[i].m, accuracy: 1e-7)
            // Float's 1 − 0.999 is off by 1.3e-5 relative, so v gets a relative tolerance.
            XCTAssertEqual(Double(adam.secondMoments[0][flat: i]), references[i].v,
                           accuracy: 1e-4 * references[i].v)
        }
        XCTAssertEqual(adam.step, 2)
    }

    func testVectorBodyAndTailMatchClosedForm() {
        // 35 elements, so a thread split or vector loop leaves a tail; gradients pass the clip limit.
        var generator = SplitMix(seed: 21)
        let parameter = Parameter(name: "p", value: generator.tensor([35]))
        var expected = parameter.value.values.map(Double.init)
        var references = Array(repeating: ReferenceAdam(), count: 35)
        let adam = Adam(parameters: [parameter], learningRate: 0.05, clipValue: 3)
        for _ in 0..<3 {
            let gradient = generator.tensor([35], scale: 5)
            parameter.grad.copy(from: gradient)
            adam.update()
            for i in 0..<35 {
                let clipped = min(max(Double(gradient[flat: i]), -3), 3)
                references[i].update(&expected[i], gradient: clipped, lr: 0.05)
            }
        }
        for i in 0..<35 {
            XCTAssertEqual(Double(parameter.value[flat: i]), expected[i], accuracy: 1e-5, "element \(i)")
        }
    }

    func testFirstStepMovesByLearningRate() {
        // After one step m̂ = g and v̂ = g², so each element moves by lr·sign(g).
        let parameter = Parameter(name: "p", value: Tensor(shape: [2], values: [1, 1]))
        parameter.grad.copy(from: Tensor(shape: [2], values: [0.3, -7]))
        let adam = Adam(parameters: [parameter], learningRate: 0.01, clipValue: nil)
        adam.update()
        XCTAssertEqual(parameter.value[flat: 0], 0.99, accuracy: 1e-6)
        XCTAssertEqual(parameter.value[flat: 1], 1.01, accuracy: 1e-6)
    }

    func testClippingByValue() {
        let parameter = Parameter(name: "p", value: Tensor(shape: [3]))
        parameter.grad.copy(from: Tensor(shape: [3], values: [10, -10, 1]))
        let adam = Adam(parameters: [parameter], learningRate: 0.1, clipValue: 3)
        adam.update()
        // m = 0.1·clip(g), v = 0.001·clip(g)²
        XCTAssertEqual(adam.firstMoments[0][flat: 0], 0.3, accuracy: 1e-6)
        XCTAssertEqual(adam.firstMoments[0][flat: 1], -0.3, accuracy: 1e-6)
        XCTAssertEqual(adam.firstMoments[0][flat: 2], 0.1, accuracy: 1e-6)
        XCTAssertEqual(adam.secondMoments[0][flat: 0], 0.009, accuracy: 1e-6)
        XCTAssertEqual(adam.secondMoments[0][flat: 2], 0.001, accuracy: 1e-6)
        XCTAssertEqual(parameter.grad.values, [10, -10, 1], "the gradient itself stays unclipped")

        let unclipped = Adam(parameters: [parameter], learningRate: 0.1, clipValue: nil)
        unclipped.update()
        XCTAssertEqual(unclipped.firstMoments[0][flat: 0], 1, accuracy: 1e-6)
    }

    func testRestoredStateContinuesIdentically() {
        var generator = SplitMix(seed: 5)
        let first = Parameter(name: "p", value: generator.tensor([40_000]))
        let second = Parameter(name: "p", value: Tensor(shape: [40_000], values: first.value.values))
        let original = Adam(parameters: [first], learningRate: 1e-3)
        for _ in 0..<3 {
            first.grad.copy(from: generator.tensor([40_000], scale: 5))
            original.update()
        }
        // Copy value and optimizer state, as a checkpoint would.
        second.value.copy(from: first.value)
        let restored = Adam(parameters: [second], learningRate: 1e-3)
        restored.step = original.step
        restored.firstMoments[0].copy(from: original.firstMoments[0])
        restored.secondMoments[0].copy(from: original.secondMoments[0])

        let gradient = generator.tensor([40_000], scale: 5)
        first.grad.copy(from: gradient)
        second.grad.copy(from: gradient)
        original.update()
        restored.update()
        XCTAssertEqual(first.value.values, second.value.values)
    }

    func testTinyConvModelLearns() {
        // Fit a k3 convolution to the output of a fixed target convolution, loss = mean squared error.
        var generator = SplitMix(seed: 11)
        var random = RandomGenerator(seed: 11)
        let target = Conv1d(name: "target", inputChannels: 4, outputChannels: 3, kernelSize: 3,
                            generator: &random)
        let model = Conv1d(name: "model", inputChannels: 4, outputChannels: 3, kernelSize: 3,
                           generator: &random)
        let workspace = Workspace()
        let x = generator.tensor([4, 8, 16])
        let y = target.apply(x, workspace: workspace)
        let adam = Adam(parameters: model.parameters, learningRate: 0.02)

        func loss() -> (Float, Tensor, Conv1d.Cache) {
            let (prediction, cache) = model.forward(x, workspace: workspace)
            let dPrediction = Tensor(shape: prediction.shape)
            var total: Float = 0
            for i in 0..<prediction.count {
                let error = prediction[flat: i] - y[flat: i]
                total += error * error
                dPrediction[flat: i] = 2 * error / Float(prediction.count)
            }
            return (total / Float(prediction.count), dPrediction, cache)
        }

        let initial = loss().0
        for _ in 0..<300 {
            let (_, dPrediction, cache) = loss()
            adam.zeroGradients()
            model.backward(dInput: nil, dOutput: dPrediction, cache: cache, workspace: workspace)
            adam.update()
        }
        let final = loss().0
        XCTAssertGreaterThan(initial, 0.05)
        XCTAssertLessThan(final, 1e-3, "loss went from \(initial) to \(final) in 300 steps")
    }
}
