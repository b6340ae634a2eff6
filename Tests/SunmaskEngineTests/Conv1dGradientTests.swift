import XCTest
import SunmaskEngine

/// Conv1d's backward against central finite differences, for every kernel size and stride
/// the U-Net uses and a few it does not.
final class Conv1dGradientTests: XCTestCase {
    private struct Setup {
        let conv: Conv1d
        let x: Tensor
        let dx: Tensor
        let workspace = Workspace()

        init(kernel: Int, stride: Int, time: Int, seed: UInt64) {
            var generator = SplitMix(seed: seed)
            var random = RandomGenerator(seed: seed)
            conv = Conv1d(name: "c", inputChannels: 5, outputChannels: 6, kernelSize: kernel,
                          stride: stride, generator: &random)
            x = generator.tensor([5, 2, time])
            dx = Tensor(shape: x.shape)
        }

        func forward() -> Tensor { conv.apply(x, workspace: workspace) }

        /// Runs backward. When `gradient` is given, what backward added to it is then scaled by 1.1.
        func backward(_ dy: Tensor, corrupt gradient: Tensor? = nil) {
            let (_, cache) = conv.forward(x, workspace: workspace)
            let before = gradient.map { Tensor(shape: $0.shape, values: $0.values) }
            conv.backward(dInput: dx, dOutput: dy, cache: cache, workspace: workspace)
            if let gradient, let before {
                for i in 0..<gradient.count {
                    gradient[flat: i] = before[flat: i] + 1.1 * (gradient[flat: i] - before[flat: i])
                }
            }
        }
    }

    func testAllKernelsAndStrides() {
        for kernel in [1, 2, 3, 5] {
            for stride in [1, 2] {
                for time in [7, 8] {
                    let setup = Setup(kernel: kernel, stride: stride, time: time,
                                      seed: UInt64(kernel * 10 + stride + time))
                    let what = "k \(kernel) s \(stride) T \(time)"
                    assertGradientMatches("dInput \(what)", input: setup.x, gradient: setup.dx,
                                          forward: setup.forward, backward: { setup.backward($0) })
                    assertGradientMatches("dWeight \(what)", input: setup.conv.weight.value,
                                          gradient: setup.conv.weight.grad,
                                          forward: setup.forward, backward: { setup.backward($0) })
                    assertGradientMatches("dBias \(what)", input: setup.conv.bias.value,
                                          gradient: setup.conv.bias.grad,
                                          forward: setup.forward, backward: { setup.backward($0) })
                }
            }
        }
    }

    func testWrongBackwardIsFlagged() {
        for kernel in [1, 3] {
            for stride in [1, 2] {
                let setup = Setup(kernel: kernel, stride: stride, time: 7, seed: 42)
                let pairs = [("dInput", setup.x, setup.dx),
                             ("dWeight", setup.conv.weight.value, setup.conv.weight.grad),
                             ("dBias", setup.conv.bias.value, setup.conv.bias.grad)]
                for (name, value, gradient) in pairs {
                    let result = compareGradient(
                        input: value, gradient: gradient, forward: setup.forward,
                        backward: { setup.backward($0, corrupt: gradient) })
                    XCTAssertGreaterThan(result.relativeError, 5e-2,
                                         "\(name) k \(kernel) s \(stride): a 10% error went unnoticed")
                }
            }
        }
    }
}
