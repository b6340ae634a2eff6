import XCTest
import SunmaskEngine

final class TensorTests: XCTestCase {
    func testInitFromValuesKeepsRowMajorOrder() {
        let t = Tensor(shape: [2, 3], values: [1, 2, 3, 4, 5, 6])
        XCTAssertEqual(t.count, 6)
        XCTAssertEqual(t[flat: 4], 5)
        XCTAssertEqual(t.reshaped([3, 2]).values, [1, 2, 3, 4, 5, 6])
    }
}
