import XCTest
import Foundation
@testable import SunmaskEngine

final class VectorMathTests: XCTestCase {
    func testExponentialMatchesFoundation() {
        var worst = 0.0, worstInput: Float = 0
        var x: Float = -87
        while x + 15 * 0.0007 <= 88 {
            var lanes = SIMD16<Float>()
            for lane in 0..<16 { lanes[lane] = x + Float(lane) * 0.0007 }
            let result = exponential(lanes)
            for lane in 0..<16 {
                let exact = Foundation.exp(Double(lanes[lane]))
                let error = abs(Double(result[lane]) - exact) / exact
                if error > worst { worst = error; worstInput = lanes[lane] }
            }
            x += 0.0131
        }
        XCTAssertLessThan(worst, 4e-7, "worst relative error at x = \(worstInput)")
    }

    func testExponentialSaturatesFinite() {
        let extremes = SIMD16<Float>(-1e30, -200, -88, 89, 200, 1e30, 0, 1, -1, 10, -10, 50, -50, 87, -87, 3)
        let result = exponential(extremes)
        for lane in 0..<16 {
            XCTAssertTrue(result[lane].isFinite && result[lane] > 0, "exp(\(extremes[lane])) = \(result[lane])")
        }
        XCTAssertEqual(result[6], 1)
    }

    func testSigmoidLimits() {
        let result = sigmoid(SIMD16<Float>(-1e30, -100, 0, 100, 1e30, 2, -2, 0, 0, 0, 0, 0, 0, 0, 0, 0))
        XCTAssertEqual(result[0], 0, accuracy: 1e-30)
        XCTAssertEqual(result[2], 0.5)
        XCTAssertEqual(result[4], 1)
        XCTAssertEqual(result[5], Float(1 / (1 + Foundation.exp(-2.0))), accuracy: 1e-7)
    }
}
