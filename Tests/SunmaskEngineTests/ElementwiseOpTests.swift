import Foundation
import XCTest
import SunmaskEngine

/// SiLU, residual add, channel concatenation and ×2 upsampling.
final class ElementwiseOpTests: XCTestCase {
    // MARK: - SiLU

    func testSiLUForwardMatchesDefinition() {
        // 21 values: two vectors of 8 lanes and a tail of 5, extremes in both parts
        let values: [Float] = [-100, -1, 0, 2, 100, -7.5, 3.25, -0.5,
                               0.125, 9, -20, 40, 1, -3, 5, -88.5,
                               -100, -1, 0, 2, 100]
        let x = Tensor(shape: [21], values: values)
        let y = Tensor(shape: [21])
        SiLU.forward(output: y, input: x)
        // x · σ(x) written out in Double
        let expected = values.map { Double($0) / (1 + Foundation.exp(-Double($0))) }
        for i in 0..<21 {
            XCTAssertEqual(Double(y[flat: i]), expected[i], accuracy: 1e-5 * max(1, abs(expected[i])),
                           "element \(i)")
        }
        XCTAssertFalse(y.values.contains { $0.isNaN })
    }

    func testSiLUGradientMatchesFiniteDifferences() {
        var generator = SplitMix(seed: 2)
        let x = generator.tensor([3, 3, 3], scale: 4)  // 27 elements: 3 vectors of 8 and a tail
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

final class ApproximateExpTests: XCTestCase {
    func testRelativeErrorAgainstLibm() {
        var worst = 0.0, worstAt: Float = 0
        let samples = 200_000
        for i in 0...samples {
            let x = -87 + 175 * Float(i) / Float(samples)
            let exact = Foundation.exp(Double(x))
            let error = abs(Double(approximateExp(x)) - exact) / exact
            if error > worst { worst = error; worstAt = x }
        }
        XCTAssertLessThan(worst, 3e-7, "worst relative error at x = \(worstAt)")
    }

    func testSmallIntegersAndZero() {
        XCTAssertEqual(approximateExp(0), 1)
        XCTAssertEqual(approximateExp(1), Float(M_E), accuracy: 3e-7 * Float(M_E))
        XCTAssertEqual(approximateExp(-1), Float(1 / M_E), accuracy: 3e-7 / Float(M_E))
    }

    func testOutOfRangeInputsAreClamped() {
        XCTAssertEqual(approximateExp(-1000), approximateExp(-87))
        XCTAssertEqual(approximateExp(-.infinity), approximateExp(-87))
        XCTAssertEqual(approximateExp(1000), approximateExp(88))
        XCTAssertTrue(approximateExp(88).isFinite)
        XCTAssertGreaterThan(approximateExp(-87), 0)
        XCTAssertTrue(approximateExp(-87).isNormal)
    }
}
