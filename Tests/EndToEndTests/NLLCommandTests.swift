import Chorale
import Foundation
import SunmaskEngine
import XCTest

/// `sunmask nll` with a tiny randomly initialized model on the real JSB data.
final class NLLCommandTests: XCTestCase {
    private func tinyModel(in folder: URL) throws -> String {
        try saveTinyModel(in: folder, seed: 5)
    }

    func testTestSplitFiguresAndBaselines() throws {
        let dataPath = try JSBData.path()
        let folder = try makeTemporaryDirectory(self)
        let model = try tinyModel(in: folder)
        let result = try runSunmask(["nll", "--split", "test", "--model", model, "--jsb-data", dataPath,
                                     "--threads", "1", "--json"], timeout: 120)
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        XCTAssertEqual(object["split"] as? String, "test")
        // The test split has 115 chunks of 128 steps in all, and those with a silent cell are left out.
        let chunks = try XCTUnwrap(object["chunks"] as? Int)
        XCTAssertTrue((50...115).contains(chunks), "\(chunks)")
        XCTAssertEqual(object["drop_rates"] as? [Double], [0.25, 0.5, 0.75, 1.0])
        let dropped = try XCTUnwrap(object["dropped_cells"] as? [Int])
        // At drop rate 1 every cell of every chunk is dropped: 4 voices × 128 steps each.
        XCTAssertEqual(dropped.last, chunks * 4 * 128)
        XCTAssertEqual(Double(dropped[1]) / Double(chunks * 512), 0.5, accuracy: 0.02)
        XCTAssertEqual(try XCTUnwrap(object["uniform"] as? Double), log(58), accuracy: 1e-9)
        // An untrained network's logits are small, so its predictions are close to uniform.
        for nll in try XCTUnwrap(object["nll"] as? [Double]) {
            XCTAssertEqual(nll, log(58), accuracy: 0.5)
        }
        let unigram = try XCTUnwrap(object["unigram"] as? Double)
        XCTAssertGreaterThan(unigram, 2)
        XCTAssertLessThan(unigram, log(58))

        let table = try runSunmask(["nll", "--model", model, "--jsb-data", dataPath, "--threads", "1"], timeout: 120)
        XCTAssertEqual(table.status, 0, table.standardError)
        XCTAssertTrue(table.standardOutput.contains("JSB valid split: "), table.standardOutput)
        XCTAssertEqual(table.standardOutput.split(separator: "\n").count, 8, table.standardOutput)
    }

    func testMissingOrDamagedModelIsOneErrorLine() throws {
        let dataPath = try JSBData.path()
        let folder = try makeTemporaryDirectory(self)
        let missing = folder.appendingPathComponent("none.safetensors").path
        let noModel = try runSunmask(["nll", "--model", missing, "--jsb-data", dataPath])
        XCTAssertEqual(noModel.status, 1)
        XCTAssertTrue(noModel.standardError.hasPrefix("Error: "), noModel.standardError)
        XCTAssertTrue(noModel.standardError.contains(missing), noModel.standardError)
        XCTAssertEqual(noModel.standardError.split(separator: "\n").count, 1, noModel.standardError)

        // A checkpoint cut short after its header length.
        let damaged = folder.appendingPathComponent("damaged.safetensors")
        let whole = try Data(contentsOf: URL(fileURLWithPath: try tinyModel(in: folder)))
        try whole.prefix(12).write(to: damaged)
        let cut = try runSunmask(["nll", "--model", damaged.path, "--jsb-data", dataPath])
        XCTAssertEqual(cut.status, 1)
        XCTAssertTrue(cut.standardError.hasPrefix("Error: "), cut.standardError)
        XCTAssertEqual(cut.standardError.split(separator: "\n").count, 1, cut.standardError)
        XCTAssertEqual(try Data(contentsOf: damaged).count, 12, "a failed read must not change the file")
    }

    func testUnknownSplitIsAUsageError() throws {
        let result = try runSunmask(["nll", "--split", "train"])
        XCTAssertEqual(result.status, 64)
        XCTAssertEqual(result.standardError.split(separator: "\n").first.map(String.init),
                       "Error: invalid value 'train' for '--split'; expected valid or test")
    }
}
