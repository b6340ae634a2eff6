import XCTest
import Foundation
@testable import SunmaskEngine

final class VectorMathTests: XCTestCase {
    func testExponentialMatchesFoundation() {
        var worst = 0.0, worstInput: Float = 0
        var x: Float = -87
        while x <= 88 {
            let exact = Foundation.exp(Double(x))
            let error = abs(Double(exponential(x)) - exact) / exact
            if error > worst { worst = error; worstInput = x }
            x += 0.000_9
        }
        XCTAssertLessThan(worst, 4e-7, "worst relative error at x = \(worstInput)")
    }

    func testExponentialSaturatesFinite() {
        for x: Float in [-1e30, -200, -88, 89, 200, 1e30, -.infinity, .infinity] {
            let result = exponential(x)
            XCTAssertTrue(result.isFinite, "exp(\(x)) = \(result)")
            XCTAssertGreaterThan(result, 0, "exp(\(x))")
        }
        XCTAssertEqual(exponential(0), 1)
    }

    func testSigmoidLimits() {
        XCTAssertEqual(sigmoid(-1e30), 0, accuracy: 1e-30)
        XCTAssertEqual(sigmoid(0), 0.5)
        XCTAssertEqual(sigmoid(1e30), 1)
        XCTAssertEqual(sigmoid(2), Float(1 / (1 + Foundation.exp(-2.0))), accuracy: 1e-7)
    }
}
