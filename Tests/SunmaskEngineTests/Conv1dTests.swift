import XCTest
import SunmaskEngine

/// Fails unless `actual` and `expected` have the same shape and agree elementwise within
/// `atol + rtol·|expected|`, naming the worst element.
func assertClose(_ actual: Tensor, _ expected: Tensor, rtol: Float = 1e-4, atol: Float = 1e-5,
                 _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    XCTAssertEqual(actual.shape, expected.shape, "\(what): shape", file: file, line: line)
    guard actual.shape == expected.shape else { return }
    var worst = 0, worstExcess: Float = 0
    for i in 0..<actual.count {
        let excess = abs(actual[flat: i] - expected[flat: i]) - (atol + rtol * abs(expected[flat: i]))
        if excess > worstExcess { worstExcess = excess; worst = i }
    }
    XCTAssertEqual(worstExcess, 0,
                   "\(what): element \(worst) is \(actual[flat: worst]), expected \(expected[flat: worst])",
                   file: file, line: line)
}

/// The im2col + sgemm convolution against the direct-loop reference.
final class Conv1dTests: XCTestCase {
    private let cases: [(kernel: Int, stride: Int, time: Int)] = [
        (1, 1, 7), (1, 2, 7), (2, 1, 9), (2, 2, 9), (3, 1, 8), (3, 2, 11), (5, 1, 13), (5, 2, 6),
        (7, 1, 3),  // a kernel longer than the sequence
        (3, 1, 40), (5, 2, 41),  // products large enough to split across threads
    ]

    override func tearDown() { ComputeThreads.count = 2 }

    func testForwardMatchesNaive() {
        for threads in [1, 2] {
            ComputeThreads.count = threads
            for (k, s, time) in cases {
                var generator = SplitMix(seed: UInt64(10 * k + s))
                var random = RandomGenerator(seed: UInt64(10 * k + s))
                // Wide enough that the products split across threads.
                let conv = Conv1d(name: "c", inputChannels: 64, outputChannels: 96, kernelSize: k,
                                  stride: s, generator: &random)
                let x = generator.tensor([64, 4, time])
                let y = conv.apply(x, workspace: Workspace())
                let expected = Tensor(shape: [96, 4, (time + s - 1) / s])
                conv1dForwardNaive(output: expected, input: x, weight: conv.weight.value,
                                   bias: conv.bias.value, stride: s)
                assertClose(y, expected, "forward k \(k) s \(s) T \(time) threads \(threads)")
            }
        }
    }

    func testBackwardMatchesNaive() {
        for threads in [1, 2] {
            ComputeThreads.count = threads
            for (k, s, time) in cases {
                var generator = SplitMix(seed: UInt64(100 + 10 * k + s))
                var random = RandomGenerator(seed: UInt64(100 + 10 * k + s))
                let conv = Conv1d(name: "c", inputChannels: 64, outputChannels: 96, kernelSize: k,
                                  stride: s, generator: &random)
                let x = generator.tensor([64, 4, time])
                let workspace = Workspace()
                let (y, cache) = conv.forward(x, workspace: workspace)
                let dy = generator.tensor(y.shape)
                // Gradients start non-zero to check that backward adds rather than overwrites.
                let dx = generator.tensor(x.shape)
                let dxExpected = Tensor(shape: x.shape)
                dxExpected.copy(from: dx)
                let dwExpected = generator.tensor(conv.weight.value.shape)
                conv.weight.grad.copy(from: dwExpected)
                let dbExpected = generator.tensor([96])
                conv.bias.grad.copy(from: dbExpected)

                conv.backward(dInput: dx, dOutput: dy, cache: cache, workspace: workspace)
                conv1dBackwardNaive(dInput: dxExpected, dWeight: dwExpected, dBias: dbExpected,
                                    dOutput: dy, input: x, weight: conv.weight.value, stride: s)
                let what = "k \(k) s \(s) T \(time) threads \(threads)"
                assertClose(dx, dxExpected, "dInput \(what)")
                assertClose(conv.weight.grad, dwExpected, "dWeight \(what)")
                assertClose(conv.bias.grad, dbExpected, "dBias \(what)")
            }
        }
    }

    func testHandComputedOutput() {
        // x = [1, 2, 3], W = [1, 10, 100], b = 0.5, padding one zero each side:
        // y[0] = 0·1 + 1·10 + 2·100 + 0.5, y[1] = 1 + 20 + 300 + 0.5, y[2] = 2 + 30 + 0 + 0.5.
        var random = RandomGenerator(seed: 1)
        let conv = Conv1d(name: "c", inputChannels: 1, outputChannels: 1, kernelSize: 3,
                          generator: &random)
        conv.weight.value.copy(from: Tensor(shape: [3], values: [1, 10, 100]))
        conv.bias.value[flat: 0] = 0.5
        let x = Tensor(shape: [1, 1, 3], values: [1, 2, 3])
        XCTAssertEqual(conv.apply(x, workspace: Workspace()).values, [210.5, 321.5, 32.5])

        // Stride 2 keeps windows centred on steps 0 and 2, like PyTorch's padding = 1.
        let strided = Conv1d(name: "s", inputChannels: 1, outputChannels: 1, kernelSize: 3,
                             stride: 2, generator: &random)
        strided.weight.value.copy(from: conv.weight.value)
        strided.bias.value[flat: 0] = 0.5
        XCTAssertEqual(strided.apply(x, workspace: Workspace()).values, [210.5, 32.5])
    }

    func testInitializationBounds() {
        var random = RandomGenerator(seed: 3)
        let conv = Conv1d(name: "c", inputChannels: 16, outputChannels: 32, kernelSize: 3,
                          generator: &random)
        let bound = 1 / Float(48).squareRoot()
        let weights = conv.weight.value.values
        XCTAssertLessThan(weights.map(abs).max()!, bound)
        // A uniform draw over ±bound fills most of the range and has mean near zero.
        XCTAssertGreaterThan(weights.map(abs).max()!, 0.9 * bound)
        XCTAssertLessThan(abs(weights.reduce(0, +) / Float(weights.count)), 0.1 * bound)
        XCTAssertLessThan(conv.bias.value.values.map(abs).max()!, bound)
        XCTAssertEqual(conv.weight.name, "c.weight")

        let zero = Conv1d(name: "z", inputChannels: 16, outputChannels: 32, kernelSize: 3,
                          initialization: .zero, generator: &random)
        XCTAssertTrue(zero.weight.value.values.allSatisfy { $0 == 0 })
        XCTAssertTrue(zero.bias.value.values.allSatisfy { $0 == 0 })
    }

    func testSameSeedSameWeights() {
        var first = RandomGenerator(seed: 9), second = RandomGenerator(seed: 9)
        let a = Conv1d(name: "a", inputChannels: 4, outputChannels: 4, kernelSize: 3, generator: &first)
        let b = Conv1d(name: "b", inputChannels: 4, outputChannels: 4, kernelSize: 3, generator: &second)
        XCTAssertEqual(a.weight.value.values, b.weight.value.values)
    }
}
