import XCTest
import SunmaskEngine

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
    func testZeroTemperaturesAreUsageErrors() throws {
        let melody = repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path
        let cases = [
            ("--temperature", "expected a number above 0 and at most 100, such as 0.6"),
            ("--final-temperature", "expected a number above 0 and at most 100, or 'none'"),
        ]
        for (option, expectation) in cases {
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("zero-\(UUID().uuidString).mid")
            let result = try runSunmask(["harmonize", melody, "-o", output.path, option, "0"])
            XCTAssertEqual(result.status, 64, option)
            XCTAssertTrue(result.standardError.hasPrefix("Error: invalid value '0' for '\(option)'; \(expectation)\n"),
                          result.standardError)
            XCTAssertFalse(FileManager.default.fileExists(atPath: output.path), option)
        }
    }
}

final class OptionRangeTests: XCTestCase {
    func testOutOfRangeValuesAreUsageErrors() throws {
        let melody = repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path
        let cases = [
            (["edit", melody, "--threads", "3"], "Error: invalid value '3' for '--threads'; expected an integer from 1 to 2\n"),
            (["harmonize", melody, "-o", "/tmp/never-written.mid", "--top-k", "abc"],
             "Error: invalid value 'abc' for '--top-k'; expected an integer from 1 to 1000000, or 'none'\n"),
        ]
        for (arguments, message) in cases {
            let result = try runSunmask(arguments)
            XCTAssertEqual(result.status, 64, arguments.joined(separator: " "))
            XCTAssertTrue(result.standardError.hasPrefix(message), result.standardError)
        }
    }
}

final class BLASKernelSelectionTests: XCTestCase {
    /// Returns the kernel set named on the `Matrix products:` line of `sunmask --version`.
    func reportedCore(_ output: String) throws -> String {
        let line = try XCTUnwrap(output.split(separator: "\n").first { $0.hasPrefix("Matrix products: OpenBLAS ") },
                                 output)
        return String(line.dropFirst("Matrix products: OpenBLAS ".count).prefix { $0 != " " })
    }

    func testKernelsUseTheNewestInstructionsTheCPUOffers() throws {
        let cpuinfo = try String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8)
        let offered = VectorExtension(cpuFlags: BLASKernels.cpuFlags(cpuinfo: cpuinfo))
        let result = try runSunmask(["--version"], unsetting: [BLASKernels.coreTypeVariable])
        XCTAssertEqual(result.status, 0, result.standardError)
        let core = try reportedCore(result.standardOutput)
        let used = try XCTUnwrap(VectorExtension(openBLASCore: core), "core \(core) is not in the table")
        XCTAssertGreaterThanOrEqual(used, offered, result.standardOutput)
    }

    /// SSE3 kernels run on every x86-64 CPU, so asking for them is safe on any test machine.
    func testExplicitCoreTypeKept() throws {
        let result = try runSunmask(["--version"], environment: [BLASKernels.coreTypeVariable: "Prescott"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(try reportedCore(result.standardOutput), "Prescott")
        XCTAssertFalse(result.standardOutput.contains("restarted"), result.standardOutput)
    }

    func testUnknownCoreTypeIsReported() throws {
        let result = try runSunmask(["--version"], environment: [BLASKernels.coreTypeVariable: "NoSuchCore"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("OPENBLAS_CORETYPE=NoSuchCore was not recognised"),
                      result.standardOutput)
    }
}
