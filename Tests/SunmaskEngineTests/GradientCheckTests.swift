import XCTest
import SunmaskEngine

/// The checker itself must flag a wrong backward, or no gradient test means anything.
final class GradientCheckTests: XCTestCase {
    // y = x², dy/dx = 2x
    private func square(_ x: Tensor) -> Tensor {
        let y = Tensor(shape: x.shape)
        for i in 0..<x.count { y[flat: i] = x[flat: i] * x[flat: i] }
        return y
    }

    func testCorrectBackwardPasses() {
        var generator = SplitMix(seed: 1)
        let x = generator.tensor([3, 5])
        let dx = Tensor(shape: x.shape)
        let result = compareGradient(input: x, gradient: dx, forward: { square(x) }, backward: { dy in
            for i in 0..<x.count { dx[flat: i] += 2 * x[flat: i] * dy[flat: i] }
        })
        XCTAssertLessThan(result.relativeError, 1e-3)
    }

    func testWrongBackwardIsFlagged() {
        var generator = SplitMix(seed: 1)
        let x = generator.tensor([3, 5])
        let dx = Tensor(shape: x.shape)
        // A 10% error in the derivative must exceed the 1e-2 tolerance the op tests use.
        let result = compareGradient(input: x, gradient: dx, forward: { square(x) }, backward: { dy in
            for i in 0..<x.count { dx[flat: i] += 2.2 * x[flat: i] * dy[flat: i] }
        })
        XCTAssertGreaterThan(result.relativeError, 5e-2)
    }
}
