import XCTest
@testable import Playback

final class VersionTests: XCTestCase {
    func testLinkedFluidSynthIsVersion2() {
        XCTAssertTrue(fluidSynthVersion().hasPrefix("2."), "linked FluidSynth is \(fluidSynthVersion())")
    }
}
