import Foundation
import XCTest
@testable import Chorale

/// The JSB chorales for the grading tests, read straight from the dataset JSON.
enum GradingTestData {
    /// Finds the dataset: `SUNMASK_JSB_PATH`, else `../shared/data/Jsb16thSeparated.json` beside the
    /// repository root found by walking up from this file.
    static func jsbURL() throws -> URL {
        var tried: [String] = []
        if let path = ProcessInfo.processInfo.environment["SUNMASK_JSB_PATH"] {
            if FileManager.default.fileExists(atPath: path) { return URL(fileURLWithPath: path) }
            tried.append(path)
        }
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                let candidate = directory.deletingLastPathComponent()
                    .appendingPathComponent("shared/data/Jsb16thSeparated.json")
                if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
                tried.append(candidate.path)
                break
            }
            directory = directory.deletingLastPathComponent()
        }
        throw XCTSkip("JSB dataset not found; tried \(tried); set SUNMASK_JSB_PATH to Jsb16thSeparated.json")
    }

    /// Whole chorales of one split, as grids.
    static func chorales(split: String) throws -> [SATBGrid] {
        let data = try Data(contentsOf: try jsbURL())
        let object = try JSONSerialization.jsonObject(with: data)
        guard let splits = object as? [String: Any], let pieces = splits[split] as? [[[Int]]] else {
            throw XCTSkip("JSB dataset has no split \(split) of [[[Int]]]")
        }
        return try pieces.map { steps in
            var rows = [[Int]](repeating: [], count: 4)
            for step in steps {
                for voice in 0..<4 { rows[voice].append(step[voice]) }
            }
            return try SATBGrid(pitches: rows)
        }
    }

    /// Non-overlapping chunks of `length` steps cut from each chorale, in order.
    static func chunks(_ chorales: [SATBGrid], length: Int = 128) throws -> [SATBGrid] {
        var result: [SATBGrid] = []
        for chorale in chorales {
            var start = 0
            while start + length <= chorale.steps {
                result.append(try SATBGrid(pitches: chorale.pitches.map { Array($0[start..<(start + length)]) }))
                start += length
            }
        }
        return result
    }
}
