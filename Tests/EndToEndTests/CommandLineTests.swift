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

final class SamplingFlagTests: XCTestCase {
    func testZeroTemperatureIsUsageError() throws {
        let melody = repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("zero-temperature-\(UUID().uuidString).mid")
        let result = try runSunmask(["harmonize", melody, "-o", output.path, "--temperature", "0"])
        XCTAssertEqual(result.status, 64)
        XCTAssertTrue(result.standardError.hasPrefix(
            "Error: invalid value '0' for '--temperature'; expected a number above 0 and at most 100, such as 0.6\n"),
            result.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
    }
}
