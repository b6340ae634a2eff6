import Foundation
import XCTest
import SunmaskEngine

/// SiLU, residual add, channel concatenation and ×2 upsampling.
final class ElementwiseOpTests: XCTestCase {
    // MARK: - SiLU

    func testSiLUForwardMatchesDefinition() {
        let x = Tensor(shape: [5], values: [-100, -1, 0, 2, 100])
        let y = Tensor(shape: [5])
        SiLU.forward(output: y, input: x)
        // x · σ(x) written out in Double
        let expected = x.values.map { Double($0) / (1 + Foundation.exp(-Double($0))) }
        for i in 0..<5 {
            XCTAssertEqual(Double(y[flat: i]), expected[i], accuracy: 1e-5, "element \(i)")
        }
        XCTAssertFalse(y.values.contains { $0.isNaN })
    }

    func testSiLUGradientMatchesFiniteDifferences() {
        var generator = SplitMix(seed: 2)
        let x = generator.tensor([3, 2, 4], scale: 4)
        let dx = Tensor(shape: x.shape)
        assertGradientMatches("SiLU dInput", input: x, gradient: dx,
                              forward: {
                                  let y = Tensor(shape: x.shape)
                                  SiLU.forward(output: y, input: x)
                                  return y
                              },
                              backward: { dy in SiLU.backward(dInput: dx, dOutput: dy, input: x) },
                              step: 1e-2, tolerance: 1e-3)
    }

    // MARK: - Residual add

    func testResidualAddGradientsMatchFiniteDifferences() {
        var generator = SplitMix(seed: 4)
        let a = generator.tensor([2, 3, 4])
        let b = generator.tensor([2, 3, 4])
        let da = Tensor(shape: a.shape), db = Tensor(shape: b.shape)
        func forward() -> Tensor {
            let y = Tensor(shape: a.shape)
            ResidualAdd.forward(output: y, a: a, b: b)
            return y
        }
        assertGradientMatches("ResidualAdd dA", input: a, gradient: da, forward: forward,
                              backward: { dy in ResidualAdd.backward(dA: da, dB: Tensor(shape: b.shape), dOutput: dy) },
                              tolerance: 1e-3)
        assertGradientMatches("ResidualAdd dB", input: b, gradient: db, forward: forward,
                              backward: { dy in ResidualAdd.backward(dA: Tensor(shape: a.shape), dB: db, dOutput: dy) },
                              tolerance: 1e-3)
    }

    func testResidualAddForwardAndAccumulation() {
        let a = Tensor(shape: [1, 1, 2], values: [1, 2])
        let b = Tensor(shape: [1, 1, 2], values: [10, 20])
        let y = Tensor(shape: [1, 1, 2])
        ResidualAdd.forward(output: y, a: a, b: b)
        XCTAssertEqual(y.values, [11, 22])

        let dy = Tensor(shape: [1, 1, 2], values: [1, -1])
        let da = Tensor(shape: [1, 1, 2], values: [5, 5])
        let db = Tensor(shape: [1, 1, 2])
        ResidualAdd.backward(dA: da, dB: db, dOutput: dy)
        XCTAssertEqual(da.values, [6, 4])
        XCTAssertEqual(db.values, [1, -1])
    }

    // MARK: - Concat

    func testConcatPlacesChannelsInOrder() {
        // first [1, 2, 2] and second [2, 2, 2] in [C, B, T]
        let first = Tensor(shape: [1, 2, 2], values: [1, 2, 3, 4])
        let second = Tensor(shape: [2, 2, 2], values: [5, 6, 7, 8, 9, 10, 11, 12])
        let y = Tensor(shape: [3, 2, 2])
        Concat.forward(output: y, first: first, second: second)
        // y[c, b, t] for c = 2, b = 1, t = 0 is second[1, 1, 0] = 11
        XCTAssertEqual(y[flat: (2 * 2 + 1) * 2 + 0], 11)
        XCTAssertEqual(y.values, Array(1...12).map(Float.init))
    }

    func testConcatGradientsMatchFiniteDifferences() {
        var generator = SplitMix(seed: 6)
        let first = generator.tensor([2, 3, 4])
        let second = generator.tensor([3, 3, 4])
        let dFirst = Tensor(shape: first.shape), dSecond = Tensor(shape: second.shape)
        func forward() -> Tensor {
            let y = Tensor(shape: [5, 3, 4])
            Concat.forward(output: y, first: first, second: second)
            return y
        }
        assertGradientMatches("Concat dFirst", input: first, gradient: dFirst, forward: forward,
                              backward: { dy in Concat.backward(dFirst: dFirst, dSecond: Tensor(shape: second.shape), dOutput: dy) },
                              tolerance: 1e-3)
        assertGradientMatches("Concat dSecond", input: second, gradient: dSecond, forward: forward,
                              backward: { dy in Concat.backward(dFirst: Tensor(shape: first.shape), dSecond: dSecond, dOutput: dy) },
                              tolerance: 1e-3)
    }

    // MARK: - Upsample

    func testUpsampleRepeatsEachStep() {
        // [C = 1, B = 2, T = 2]
        let x = Tensor(shape: [1, 2, 2], values: [1, 2, 3, 4])
        let y = Tensor(shape: [1, 2, 4])
        Upsample.forward(output: y, input: x)
        XCTAssertEqual(y.values, [1, 1, 2, 2, 3, 3, 4, 4])
    }

    func testUpsampleGradientMatchesFiniteDifferences() {
        var generator = SplitMix(seed: 8)
        let x = generator.tensor([3, 2, 5])
        let dx = Tensor(shape: x.shape)
        assertGradientMatches("Upsample dInput", input: x, gradient: dx,
                              forward: {
                                  let y = Tensor(shape: [3, 2, 10])
                                  Upsample.forward(output: y, input: x)
                                  return y
                              },
                              backward: { dy in Upsample.backward(dInput: dx, dOutput: dy) },
                              tolerance: 1e-3)
    }
}
