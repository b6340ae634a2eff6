import Foundation
import XCTest
@testable import Chorale

/// Writes the Swift grades of a piece list for `Scripts/grader/compare_with_reference.py`.
///
/// With `SUNMASK_GRADE_PIECES` (input) and `SUNMASK_GRADE_OUTPUT` (output) set, the test grades
/// that file. Without them, it grades a two-piece list it writes itself and checks the output.
final class GradingExportTests: XCTestCase {
    /// Reads `{"pieces": [{"name": …, "grid": [[S…], [A…], [T…], [B…]]}, …]}` and writes
    /// `{name: {"overall": …, "features": {feature: grade}}}`.
    static func exportGrades(pieces: URL, output: URL, grader: Grader) throws {
        let object = try JSONSerialization.jsonObject(with: try Data(contentsOf: pieces))
        guard let list = (object as? [String: Any])?["pieces"] as? [[String: Any]] else {
            throw XCTSkip("\(pieces.path) has no \"pieces\" list")
        }
        var result: [String: Any] = [:]
        for piece in list {
            guard let name = piece["name"] as? String, let rows = piece["grid"] as? [[Int]] else { continue }
            let grade = grader.grade(try SATBGrid(pitches: rows))
            var features: [String: Double] = [:]
            for feature in GradingFeature.allCases { features[feature.rawValue] = grade[feature] }
            result[name] = ["overall": grade.overall, "features": features]
        }
        try JSONSerialization.data(withJSONObject: result, options: [.sortedKeys]).write(to: output)
    }

    func testExportGrades() throws {
        let grader = try Grader.shipped()
        let environment = ProcessInfo.processInfo.environment
        if let input = environment["SUNMASK_GRADE_PIECES"], let output = environment["SUNMASK_GRADE_OUTPUT"] {
            try Self.exportGrades(pieces: URL(fileURLWithPath: input), output: URL(fileURLWithPath: output), grader: grader)
            return
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("grading-export-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let rows = [[72, 74, 76, 77], [67, 67, 69, 69], [64, 65, 64, 62], [48, 47, 45, 50]]
        let pieces = ["pieces": [["name": "a", "grid": rows], ["name": "b", "grid": rows.reversed() as [[Int]]]]]
        let input = directory.appendingPathComponent("pieces.json")
        let output = directory.appendingPathComponent("grades.json")
        try JSONSerialization.data(withJSONObject: pieces).write(to: input)
        try Self.exportGrades(pieces: input, output: output, grader: grader)

        let written = try JSONSerialization.jsonObject(with: try Data(contentsOf: output)) as? [String: [String: Any]]
        let overall = try XCTUnwrap(written?["a"]?["overall"] as? Double)
        XCTAssertEqual(overall, grader.grade(try SATBGrid(pitches: rows)).overall, accuracy: 1e-12)
        XCTAssertEqual((written?["b"]?["features"] as? [String: Double])?.count, GradingFeature.allCases.count)
    }
}

/// Grading speed on real 128-step chunks. Meaningful only in a release build:
/// `swift test -c release -Xswiftc -enable-testing --filter GradingTimingTests`.
final class GradingTimingTests: XCTestCase {
    func testTimingPerChunk() throws {
        let grader = try Grader.shipped()
        let chunks = Array(try GradingTestData.chunks(try GradingTestData.chorales(split: "test")).prefix(100))
        let timing = GradingTiming.measure(grader, chunks: chunks, repetitions: 3)
        print(String(format: "grading: %.3f ms per 128-step chunk over %d chunks", timing.millisecondsPerChunk, chunks.count))
        XCTAssertEqual(timing.chunkCount, chunks.count)
        XCTAssertTrue(timing.checksum.isFinite)
        XCTAssertGreaterThan(timing.millisecondsPerChunk, 0)
    }
}
