import Foundation
import XCTest

/// The output of one run of the built `sunmask` binary.
struct ProcessResult {
    var status: Int32
    var standardOutput: String
    var standardError: String
}

/// The folder holding the built products (`.build/debug`), where the test bundle lives too.
var productsDirectory: URL {
    Bundle.main.bundleURL
}

/// The repository root, found from this source file's path.
var repositoryRoot: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
}

/// Runs the built `sunmask` (or `binary`, a copy of it) with `arguments` and waits at most
/// `timeout` seconds. The child inherits this process's environment plus `environment`, minus
/// the names in `unsetting`.
func runSunmask(_ arguments: [String], environment: [String: String] = [:], unsetting: [String] = [],
                currentDirectory: URL? = nil, timeout: TimeInterval = 120,
                binary: URL = productsDirectory.appendingPathComponent("sunmask")) throws -> ProcessResult {
    guard FileManager.default.isExecutableFile(atPath: binary.path) else {
        throw XCTSkip("sunmask binary not built at \(binary.path); run `swift build` first")
    }
    let process = Process()
    process.executableURL = binary
    process.arguments = arguments
    var merged = ProcessInfo.processInfo.environment
    for (key, value) in environment { merged[key] = value }
    for key in unsetting { merged[key] = nil }
    process.environment = merged
    if let currentDirectory { process.currentDirectoryURL = currentDirectory }

    let outputPipe = Pipe(), errorPipe = Pipe()
    process.standardOutput = outputPipe
    process.standardError = errorPipe
    process.standardInput = FileHandle.nullDevice
    try process.run()

    // Read both pipes concurrently so a full pipe never blocks the child.
    let output = PipeReader(outputPipe), errors = PipeReader(errorPipe)

    let deadline = Date().addingTimeInterval(timeout)
    while process.isRunning && Date() < deadline { usleep(10_000) }
    if process.isRunning {
        process.terminate()
        process.waitUntilExit()
        XCTFail("sunmask \(arguments.joined(separator: " ")) did not finish within \(timeout) s")
    }
    process.waitUntilExit()
    return ProcessResult(status: process.terminationStatus,
                         standardOutput: String(decoding: output.wait(), as: UTF8.self),
                         standardError: String(decoding: errors.wait(), as: UTF8.self))
}

/// Drains a pipe on a background queue; `wait()` returns everything read until end of file.
final class PipeReader: @unchecked Sendable {
    private var data = Data()
    private let done = DispatchSemaphore(value: 0)

    init(_ pipe: Pipe) {
        let handle = pipe.fileHandleForReading
        DispatchQueue.global().async {
            self.data = handle.readDataToEndOfFile()
            self.done.signal()
        }
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
