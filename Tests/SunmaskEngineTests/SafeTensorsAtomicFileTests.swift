import Foundation
import XCTest
import SunmaskEngine

/// `AtomicFile`: the destination contains either the old or the new content at every moment, and
/// a failed write leaves no temporary file behind.
final class SafeTensorsAtomicFileTests: XCTestCase {
    private func contents(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    func testWriteCreatesAndReplacesFile() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory + "/model.safetensors"
        try AtomicFile.write([1, 2, 3], to: path)
        XCTAssertEqual(try contents(path), [1, 2, 3])
        try AtomicFile.write([9, 8], to: path)
        XCTAssertEqual(try contents(path), [9, 8])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["model.safetensors"])
    }

    func testDestinationKeepsOldContentUntilRename() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory + "/model.safetensors"
        try AtomicFile.write([1, 1, 1, 1], to: path)

        try AtomicFile.write(to: path) { output in
            try output.write([2, 2])
            // Halfway through, as at a crash or kill at this moment, the destination is the old file.
            XCTAssertEqual(try contents(path), [1, 1, 1, 1])
            try output.write([2, 2, 2])
            XCTAssertEqual(output.byteCount, 5)
        }
        XCTAssertEqual(try contents(path), [2, 2, 2, 2, 2])
    }

    func testFailingBodyLeavesDestinationAndNoTemporaryFile() throws {
        struct Interrupted: Error {}
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory + "/model.safetensors"
        try AtomicFile.write([7, 7], to: path)

        XCTAssertThrowsError(try AtomicFile.write(to: path) { output in
            try output.write([UInt8](repeating: 3, count: 1 << 20))
            throw Interrupted()
        }) { XCTAssertTrue($0 is Interrupted, "the body's error is rethrown unchanged, got \($0)") }

        XCTAssertEqual(try contents(path), [7, 7])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["model.safetensors"])
    }

    func testFailedSafeTensorsWriteKeepsPreviousCheckpoint() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let path = directory + "/model.safetensors"
        try SafeTensorsWriter.write([.init(name: "w", tensor: Tensor(shape: [2], values: [1, 2]))], to: path)
        let before = try contents(path)

        // 1e6 does not fit F16, and the error surfaces while the data is being written.
        let big = Tensor(shape: [70000], repeating: 1)
        big[flat: 69999] = 1e6
        XCTAssertThrowsError(try SafeTensorsWriter.write([.init(name: "w", tensor: big, storage: .float16)], to: path))

        XCTAssertEqual(try contents(path), before)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory), ["model.safetensors"])
    }

    func testMissingDirectoryThrowsNamedError() {
        let path = "/nonexistent-\(UUID().uuidString)/model.safetensors"
        XCTAssertThrowsError(try AtomicFile.write([1], to: path)) { error in
            guard let error = error as? AtomicFileError else { return XCTFail("expected AtomicFileError, got \(error)") }
            XCTAssertEqual(error.code, ENOENT)
            XCTAssertTrue(error.description.hasPrefix("atomic write of \(path) failed: could not create temporary file"),
                          error.description)
            XCTAssertFalse(error.description.contains("\n"))
        }
    }

    func testBareFileNameWritesInCurrentDirectory() throws {
        let directory = try makeTemporaryDirectory(for: self)
        let previous = FileManager.default.currentDirectoryPath
        XCTAssertTrue(FileManager.default.changeCurrentDirectoryPath(directory))
        defer { _ = FileManager.default.changeCurrentDirectoryPath(previous) }
        try AtomicFile.write([5], to: "bare.bin")
        XCTAssertEqual(try contents(directory + "/bare.bin"), [5])
    }
}
