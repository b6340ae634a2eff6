import XCTest
import SunmaskEngine

final class UNetConfigPresetTests: XCTestCase {
    func testStandardIsNarrowReferenceLayout() throws {
        var expected = UNetConfig.reference()
        expected.baseWidth = 64
        expected.groups = 16
        XCTAssertEqual(UNetConfig.standard(), expected)
        XCTAssertNoThrow(try UNetConfig.standard().validate())
    }

    func testStandardCostsUnderTenthOfReference() throws {
        var random = RandomGenerator(seed: 1)
        let standard = try UNet(config: .standard(), generator: &random)
        let reference = try UNet(config: .reference(), generator: &random)
        let ratio = Double(standard.forwardFlops(time: 128)) / Double(reference.forwardFlops(time: 128))
        // Most of the cost is W×W convolutions, a quarter-squared; the input and output
        // convolutions scale with W alone, so the ratio sits a little above 1/16.
        XCTAssertGreaterThan(ratio, 1.0 / 16)
        XCTAssertLessThan(ratio, 0.1)
    }
}
