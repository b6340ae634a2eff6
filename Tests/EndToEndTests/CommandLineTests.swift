import XCTest

final class CommandLineTests: XCTestCase {
    func testTopLevelHelpListsUsage() throws {
        let result = try runSunmask(["--help"])
        XCTAssertEqual(result.status, 0)
        XCTAssertTrue(result.standardOutput.contains("USAGE: sunmask <command> [options]"), result.standardOutput)
        XCTAssertEqual(result.standardError, "")
    }

    func testUnknownCommandIsUsageError() throws {
        let result = try runSunmask(["frobnicate"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.standardError,
                       "Error: unknown command 'frobnicate'; run 'sunmask --help' for the list of commands\n")
        XCTAssertEqual(result.standardOutput, "")
    }
}
