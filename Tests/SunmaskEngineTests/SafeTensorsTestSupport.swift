import Foundation
import XCTest
import SunmaskEngine

/// Builds safetensors file bytes by hand: the 8-byte little-endian length of `header`
/// (or `declaredLength` when given), the header text as UTF-8, then `data`.
func handBuiltFile(header: String, data: [UInt8] = [], declaredLength: UInt64? = nil) -> [UInt8] {
    let headerBytes = Array(header.utf8)
    let length = declaredLength ?? UInt64(headerBytes.count)
    let lengthBytes = (0 ..< 8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) }
    return lengthBytes + headerBytes + data
}

/// Encodes Float32 values as little-endian bytes of their bit patterns.
func float32Bytes(_ values: [Float]) -> [UInt8] {
    values.flatMap { value in (0 ..< 4).map { UInt8(truncatingIfNeeded: value.bitPattern >> (8 * UInt32($0))) } }
}

/// Creates an empty directory under the system's temporary directory, removed after the test.
func makeTemporaryDirectory(for testCase: XCTestCase) throws -> String {
    let path = NSTemporaryDirectory() + "sunmask-safetensors-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false)
    testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
    return path
}

/// Finds the repository root by walking up from this file to the directory with Package.swift.
func repositoryRoot(from filePath: String = #filePath) -> String? {
    var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
    while directory.path != "/" {
        if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            return directory.path
        }
        directory = directory.deletingLastPathComponent()
    }
    return nil
}

/// Asserts that decoding `bytes` throws a `SafeTensorsError` for which `matches` is true, and
/// that its description is a single line naming the file.
func assertRejects(
    _ bytes: [UInt8], _ expected: String, file: StaticString = #filePath, line: UInt = #line,
    matches: (SafeTensorsError) -> Bool
) {
    do {
        let decoded = try SafeTensorsReader.decode(bytes, file: "bad.safetensors")
        XCTFail("expected \(expected), but the file decoded with tensors \(decoded.names)", file: file, line: line)
    } catch let error as SafeTensorsError {
        XCTAssertTrue(matches(error), "expected \(expected), got: \(error)", file: file, line: line)
        XCTAssertFalse(error.description.contains("\n"), "multi-line message: \(error)", file: file, line: line)
        XCTAssertTrue(error.description.hasPrefix("safetensors file bad.safetensors: "),
                      "message does not name the file: \(error)", file: file, line: line)
    } catch {
        XCTFail("expected SafeTensorsError \(expected), got \(type(of: error)): \(error)", file: file, line: line)
    }
}
