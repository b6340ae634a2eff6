import Foundation
import XCTest
import Chorale

/// Finds the real JSB dataset for tests: `SUNMASK_JSB_PATH` first, else
/// `../shared/data/Jsb16thSeparated.json` next to the repository root found by walking up from
/// this file to the directory holding `Package.swift`.
enum JSBTestData {
    static func candidatePaths(filePath: String = #filePath) -> [String] {
        var paths: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["SUNMASK_JSB_PATH"], !fromEnvironment.isEmpty {
            paths.append(fromEnvironment)
        }
        var directory = URL(fileURLWithPath: filePath).deletingLastPathComponent()
        while directory.path != "/" {
            if FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
                let shared = directory.deletingLastPathComponent()
                    .appendingPathComponent("shared/data/Jsb16thSeparated.json")
                paths.append(shared.standardizedFileURL.path)
                break
            }
            directory = directory.deletingLastPathComponent()
        }
        return paths
    }

    /// Loads the real dataset, or skips the calling test naming the paths it tried.
    static func load() throws -> JSBDataset {
        let paths = candidatePaths()
        guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw XCTSkip("JSB dataset not found; tried \(paths.joined(separator: ", ")). Set SUNMASK_JSB_PATH to Jsb16thSeparated.json")
        }
        return try cached(path: path)
    }

    private static let cache = NSCache<NSString, Box>()
    private final class Box { let dataset: JSBDataset; init(_ dataset: JSBDataset) { self.dataset = dataset } }

    private static func cached(path: String) throws -> JSBDataset {
        if let box = cache.object(forKey: path as NSString) { return box.dataset }
        let dataset = try JSBDataset(contentsOf: URL(fileURLWithPath: path))
        cache.setObject(Box(dataset), forKey: path as NSString)
        return dataset
    }
}
