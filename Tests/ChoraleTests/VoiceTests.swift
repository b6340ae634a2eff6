import XCTest
import Chorale

final class VoiceTests: XCTestCase {
    func testVoicesAreInScoreOrder() {
        XCTAssertEqual(Voice.allCases, [.soprano, .alto, .tenor, .bass])
    }
}
