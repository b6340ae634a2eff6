import Foundation
import XCTest

/// The built binary moved out of the build folder: with its resource folders beside it, as
/// `make install` lays it out, and without them.
final class InstallLayoutTests: XCTestCase {
    private var folder: URL!
    private let resourceFolders = ["SunmaskComposer_sunmask.resources", "SunmaskComposer_Chorale.resources"]

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("install-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: folder)
    }

    /// Copies the built binary into `directory`, with the resource folders when `withResources`.
    private func copyBinary(to directory: URL, withResources: Bool) throws -> URL {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let binary = directory.appendingPathComponent("sunmask")
        try FileManager.default.copyItem(at: productsDirectory.appendingPathComponent("sunmask"), to: binary)
        if withResources {
            for name in resourceFolders {
                try FileManager.default.copyItem(at: productsDirectory.appendingPathComponent(name),
                                                 to: directory.appendingPathComponent(name))
            }
        }
        return binary
    }

    /// Runs `binary` with `arguments`, without SUNMASK_MODEL, so that only the shipped model counts.
    private func run(_ binary: URL, _ arguments: [String]) throws -> ProcessResult {
        try runSunmask(arguments, unsetting: ["SUNMASK_MODEL"], binary: binary)
    }

    private var melody: String { repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path }

    func testInstalledLinkFindsResources() throws {
        let binary = try copyBinary(to: folder.appendingPathComponent("lib/sunmask-composer"), withResources: true)
        let bin = folder.appendingPathComponent("bin")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        let link = bin.appendingPathComponent("sunmask")
        try FileManager.default.createSymbolicLink(atPath: link.path, withDestinationPath: binary.path)

        let output = folder.appendingPathComponent("ode.mid")
        let result = try run(link, ["harmonize", melody, "-o", output.path, "--preset", "preview", "--threads", "1"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.contains("default-model.safetensors"), result.standardOutput)
        XCTAssertTrue(FileManager.default.fileExists(atPath: output.path))
    }

    func testBinaryWithoutResourcesExplains() throws {
        let binary = try copyBinary(to: folder.appendingPathComponent("alone"), withResources: false)
        let output = folder.appendingPathComponent("ode.mid")

        let noModel = try run(binary, ["harmonize", melody, "-o", output.path, "--preset", "preview"])
        XCTAssertEqual(noModel.status, 1)
        XCTAssertEqual(noModel.standardError,
                       "Error: no trained model found: none given by --model or SUNMASK_MODEL, and none ships beside the "
                       + "sunmask binary; pass --model FILE, or install the program with 'make install'\n")

        // With a model given, the grader's reference is the next missing resource.
        let model = productsDirectory.appendingPathComponent(
            "SunmaskComposer_sunmask.resources/Resources/default-model.safetensors").path
        let noReference = try run(binary, ["harmonize", melody, "-o", output.path, "--preset", "preview",
                                           "--model", model])
        XCTAssertEqual(noReference.status, 1)
        XCTAssertTrue(noReference.standardError.hasPrefix("Error: the shipped Bach reference bach-reference.json is missing from "),
                      noReference.standardError)
        XCTAssertTrue(noReference.standardError.contains(folder.appendingPathComponent("alone/SunmaskComposer_Chorale.resources").path),
                      noReference.standardError)
        XCTAssertEqual(noReference.standardError.split(separator: "\n").count, 1, noReference.standardError)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
    }
}
