import Foundation
import XCTest
@testable import Chorale

/// The shipped Bach reference: it must equal a fresh fit on the JSB training split.
///
/// To regenerate `Sources/Chorale/Resources/bach-reference.json` after changing a feature, bump
/// `BachReference.featureVersion` and run
/// `SUNMASK_WRITE_BACH_REFERENCE=1 swift test --filter GradingReferenceFileTests`.
final class GradingReferenceFileTests: XCTestCase {
    private var resourceURL: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Sources/Chorale/Resources/bach-reference.json")
    }

    func testShippedReferenceMatchesFreshFit() throws {
        let train = try GradingTestData.chorales(split: "train")
        let fitted = BachReference.fit(chorales: train, split: "train")
        if ProcessInfo.processInfo.environment["SUNMASK_WRITE_BACH_REFERENCE"] == "1" {
            try fitted.jsonData().write(to: resourceURL)
        }
        // The source file is compared, because the bundle copy is refreshed only by the next build.
        let shipped = try BachReference.load(from: resourceURL)
        XCTAssertEqual(shipped.choraleCount, 229)
        XCTAssertEqual(shipped.majorChoraleCount, fitted.majorChoraleCount)
        XCTAssertEqual(shipped.minorChoraleCount, fitted.minorChoraleCount)
        XCTAssertEqual(shipped.noteCount, fitted.noteCount)
        XCTAssertEqual(shipped.parallelErrorCount, fitted.parallelErrorCount)
        for name in BachReference.requiredDistributionNames {
            XCTAssertEqual(shipped.counts[name], fitted.counts[name], "distribution \(name) differs from a fresh fit; regenerate the file")
        }
        XCTAssertEqual(try BachReference.shipped().counts.count, shipped.counts.count)
    }

    func testRoundTripThroughJSON() throws {
        let reference = try BachReference.shipped()
        let decoded = try BachReference.decode(try reference.jsonData(), source: "memory")
        XCTAssertEqual(decoded, reference)
    }

    func testMalformedFilesGiveTypedErrors() throws {
        let good = try JSONSerialization.jsonObject(with: try BachReference.shipped().jsonData()) as! [String: Any]
        func data(_ edit: (inout [String: Any]) -> Void) throws -> Data {
            var object = good
            edit(&object)
            return try JSONSerialization.data(withJSONObject: object)
        }
        XCTAssertThrowsError(try BachReference.decode(Data("{".utf8), source: "s")) { error in
            guard case BachReferenceError.invalidJSON = error else { return XCTFail("\(error)") }
        }
        XCTAssertThrowsError(try BachReference.decode(try data { $0["format"] = "other" }, source: "s")) {
            XCTAssertEqual($0 as? BachReferenceError, .wrongFormat(source: "s", found: "other"))
        }
        XCTAssertThrowsError(try BachReference.decode(try data { $0["formatVersion"] = 9 }, source: "s")) {
            XCTAssertEqual($0 as? BachReferenceError, .unsupportedFormatVersion(source: "s", found: 9))
        }
        XCTAssertThrowsError(try BachReference.decode(try data { $0["featureVersion"] = 0 }, source: "s")) {
            XCTAssertEqual($0 as? BachReferenceError,
                           .featureVersionMismatch(source: "s", found: 0, expected: BachReference.featureVersion))
        }
        XCTAssertThrowsError(try BachReference.decode(try data {
            var counts = $0["counts"] as! [String: Any]
            counts["rhythm"] = nil
            $0["counts"] = counts
        }, source: "s")) {
            XCTAssertEqual($0 as? BachReferenceError, .missingDistribution(source: "s", name: "rhythm"))
        }
        XCTAssertThrowsError(try BachReference.decode(try data {
            var counts = $0["counts"] as! [String: Any]
            counts["rhythm"] = ["4": -1]
            $0["counts"] = counts
        }, source: "s")) {
            XCTAssertEqual($0 as? BachReferenceError, .negativeCount(source: "s", name: "rhythm", category: "4", count: -1))
        }
        XCTAssertThrowsError(try BachReference.decode(try data { $0["parallelErrors"] = 0 }, source: "s")) {
            guard case BachReferenceError.invalidTotals = $0 else { return XCTFail("\($0)") }
        }
        XCTAssertThrowsError(try BachReference.load(from: URL(fileURLWithPath: "/nonexistent/ref.json"))) {
            guard case BachReferenceError.unreadable(let path, _) = $0 else { return XCTFail("\($0)") }
            XCTAssertEqual(path, "/nonexistent/ref.json")
        }
    }
}
