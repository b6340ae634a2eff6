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
        // Most of the cost is in W×W convolutions, which cost (1/4)² as much at a quarter of
        // the width. The input and output convolutions scale with W alone, so the ratio is a
        // little above 1/16.
        XCTAssertGreaterThan(ratio, 1.0 / 16)
        XCTAssertLessThan(ratio, 0.1)
    }
}
