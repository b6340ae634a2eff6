import Chorale
import Foundation
import SunmaskEngine
import XCTest

/// `sunmask eval` with a tiny randomly initialized model: the report's shape, its arithmetic and
/// its errors, not the music.
final class EvalCommandTests: XCTestCase {
    private func tinyModel(in folder: URL) throws -> String {
        try saveTinyModel(in: folder, seed: 11)
    }

    private let fast = ["--steps", "4", "--threads", "1", "--length", "32"]

    func testReportRowsAndBestGroup() throws {
        let dataPath = try JSBData.path()
        let folder = try makeTemporaryDirectory(self)
        let model = try tinyModel(in: folder)

        let result = try runSunmask(["eval", "-n", "5", "--keep-best", "2", "--model", model, "--jsb-data", dataPath,
                                     "--json"] + fast)
        XCTAssertEqual(result.status, 0, result.standardError)
        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let all = try XCTUnwrap(object["all"] as? [String: Any])
        let best = try XCTUnwrap(object["best"] as? [String: Any])
        let bach = try XCTUnwrap(object["bach"] as? [String: Any])
        XCTAssertEqual(all["count"] as? Int, 5)
        XCTAssertEqual(best["count"] as? Int, 2)
        XCTAssertEqual(object["length"] as? Int, 32)
        // The best two by overall grade have a median no worse than all five.
        let allMedian = try XCTUnwrap(all["medianOverall"] as? Double)
        let bestMedian = try XCTUnwrap(best["medianOverall"] as? Double)
        XCTAssertLessThanOrEqual(bestMedian, allMedian)
        // Random notes from an untrained model grade far worse than Bach.
        XCTAssertLessThan(try XCTUnwrap(bach["medianOverall"] as? Double), allMedian)
        XCTAssertEqual((all["median"] as? [String: Double])?.count, GradingFeature.allCases.count)
        XCTAssertGreaterThanOrEqual(try XCTUnwrap(all["standardDeviationOverall"] as? Double), 0)
        // The same five chorales graded in the keys they were sampled in; unmoved ones grade the same.
        let asSampled = try XCTUnwrap(object["all_as_sampled"] as? [String: Any])
        XCTAssertEqual(asSampled["count"] as? Int, 5)
        let moved = try XCTUnwrap(object["moved_to_common_key"] as? Int)
        XCTAssertTrue((0...5).contains(moved))
        if moved == 0 {
            XCTAssertEqual(asSampled["medianOverall"] as? Double, allMedian)
        }

        let table = try runSunmask(["eval", "-n", "3", "--keep-best", "1", "--model", model, "--jsb-data", dataPath] + fast)
        XCTAssertEqual(table.status, 0, table.standardError)
        let lines = table.standardOutput.split(separator: "\n")
        XCTAssertEqual(lines.count, 5, table.standardOutput)
        XCTAssertTrue(lines[0].hasPrefix("median ± std"))
        XCTAssertTrue(lines[1].hasPrefix("all 3 samples"))
        XCTAssertTrue(lines[2].hasPrefix("best 1 by overall grade"))
        XCTAssertTrue(lines[3].hasPrefix("all 3, keys as sampled"))
        XCTAssertTrue(lines[4].hasPrefix("Bach: "))
        // With one chorale in the best group its standard deviation is 0 in every column.
        XCTAssertEqual(lines[2].components(separatedBy: "± 0.00").count - 1, 10, String(lines[2]))
        XCTAssertTrue(table.standardError.contains("of 3 chorales were transposed to a common key"), table.standardError)

        let unmoved = try runSunmask(["eval", "-n", "3", "--keep-best", "1", "--as-sampled", "--model", model,
                                      "--jsb-data", dataPath] + fast)
        XCTAssertEqual(unmoved.status, 0, unmoved.standardError)
        let unmovedLines = unmoved.standardOutput.split(separator: "\n")
        XCTAssertEqual(unmovedLines.count, 4, unmoved.standardOutput)
        XCTAssertTrue(unmovedLines[3].hasPrefix("Bach: "))
        XCTAssertFalse(unmoved.standardError.contains("common key"), unmoved.standardError)
    }

    func testEvalErrors() throws {
        let folder = try makeTemporaryDirectory(self)
        let missing = folder.appendingPathComponent("none.safetensors").path
        let noModel = try runSunmask(["eval", "-n", "2", "--model", missing] + fast)
        XCTAssertEqual(noModel.status, 1)
        XCTAssertTrue(noModel.standardError.contains(missing), noModel.standardError)

        let usage = try runSunmask(["eval", "-n", "2", "--keep-best", "3"])
        XCTAssertEqual(usage.status, 64)
        XCTAssertEqual(usage.standardError.split(separator: "\n").first.map(String.init),
                       "Error: invalid value '3' for '--keep-best'; expected an integer from 1 to 2")
    }
}
