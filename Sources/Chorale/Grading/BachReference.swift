import Foundation

/// Bach's distributions for every grading feature, counted over a set of chorales, with the
/// counts the parallel-error grade scales by.
///
/// Stored as versioned JSON (see `BachReference+JSON.swift`). Counts are kept raw, not
/// normalized, so a file records how much data stands behind each distribution.
public struct BachReference: Equatable, Sendable {
    /// The version of the feature definitions the counts were made with. Grading with a reference
    /// made under another version would compare different things, so loading rejects it.
    public static let featureVersion = 1

    /// The dataset split the counts come from, for example `train`.
    public let split: String
    /// Chorales counted, and how many of them were estimated major and minor.
    public let choraleCount: Int
    public let majorChoraleCount: Int
    public let minorChoraleCount: Int
    /// Notes (not rests) over all chorales and voices.
    public let noteCount: Int
    /// Parallel fifths and octaves over all chorales.
    public let parallelErrorCount: Int
    /// Category counts. Mode-dependent features are keyed by `"feature.mode"` (`note.major`),
    /// the others by the feature name.
    public let counts: [String: [String: Int]]

    public init(split: String, choraleCount: Int, majorChoraleCount: Int, minorChoraleCount: Int,
                noteCount: Int, parallelErrorCount: Int, counts: [String: [String: Int]]) {
        self.split = split
        self.choraleCount = choraleCount
        self.majorChoraleCount = majorChoraleCount
        self.minorChoraleCount = minorChoraleCount
        self.noteCount = noteCount
        self.parallelErrorCount = parallelErrorCount
        self.counts = counts
    }

    /// The key under which `counts` stores a feature's distribution for a mode.
    public static func distributionName(_ feature: GradingFeature, mode: Mode) -> String {
        feature.dependsOnMode ? "\(feature.rawValue).\(mode.rawValue)" : feature.rawValue
    }

    /// Every distribution name a complete reference has.
    public static var requiredDistributionNames: [String] {
        GradingFeature.allCases.flatMap { feature in
            feature.dependsOnMode ? Mode.allCases.map { distributionName(feature, mode: $0) } : [feature.rawValue]
        }
    }

    /// Parallel errors per note in Bach's chorales.
    public var parallelErrorsPerNote: Double { Double(parallelErrorCount) / Double(noteCount) }

    /// Counts every feature over whole chorales (the grader's pipeline, one chorale at a time).
    ///
    /// - Parameters:
    ///   - chorales: whole chorales, for example the JSB training split.
    ///   - split: the name recorded in the file.
    public static func fit(chorales: [SATBGrid], split: String) -> BachReference {
        var counts: [String: [String: Int]] = [:]
        for name in requiredDistributionNames { counts[name] = [:] }
        var majorCount = 0, minorCount = 0, noteCount = 0, parallelCount = 0
        for grid in chorales {
            let histograms = ChoraleHistograms(grid)
            if histograms.mode == .major { majorCount += 1 } else { minorCount += 1 }
            noteCount += histograms.noteCount
            parallelCount += histograms.parallelErrorCount
            for feature in GradingFeature.allCases {
                let name = distributionName(feature, mode: histograms.mode)
                for (category, count) in histograms.counts[feature, default: [:]] where count > 0 {
                    counts[name, default: [:]][category, default: 0] += count
                }
            }
        }
        return BachReference(split: split, choraleCount: chorales.count, majorChoraleCount: majorCount,
                             minorChoraleCount: minorCount, noteCount: noteCount,
                             parallelErrorCount: parallelCount, counts: counts)
    }
}

/// A Bach reference file that cannot be used.
public enum BachReferenceError: Error, Equatable, CustomStringConvertible {
    case unreadable(path: String, reason: String)
    case invalidJSON(source: String, reason: String)
    case wrongFormat(source: String, found: String)
    case unsupportedFormatVersion(source: String, found: Int)
    case featureVersionMismatch(source: String, found: Int, expected: Int)
    case missingDistribution(source: String, name: String)
    case emptyDistribution(source: String, name: String)
    case negativeCount(source: String, name: String, category: String, count: Int)
    case invalidTotals(source: String, notes: Int, parallelErrors: Int)
    case missingResource(name: String, folder: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let reason):
            return "Bach reference \(path) could not be read (\(reason)); check the path or regenerate the file"
        case .invalidJSON(let source, let reason):
            return "Bach reference \(source) is not valid reference JSON (\(reason)); regenerate it with the fitting command"
        case .wrongFormat(let source, let found):
            return "Bach reference \(source) has format \"\(found)\"; expected \"\(BachReference.formatName)\""
        case .unsupportedFormatVersion(let source, let found):
            return "Bach reference \(source) has format version \(found); this build reads version \(BachReference.formatVersion), so regenerate the file"
        case .featureVersionMismatch(let source, let found, let expected):
            return "Bach reference \(source) was fitted with feature version \(found), but this grader computes version \(expected); refit it from the training split"
        case .missingDistribution(let source, let name):
            return "Bach reference \(source) has no distribution \"\(name)\"; refit it from the training split"
        case .emptyDistribution(let source, let name):
            return "Bach reference \(source) has an empty distribution \"\(name)\"; refit it on more chorales"
        case .negativeCount(let source, let name, let category, let count):
            return "Bach reference \(source): distribution \"\(name)\" has count \(count) for \"\(category)\"; counts must be non-negative"
        case .invalidTotals(let source, let notes, let parallelErrors):
            return "Bach reference \(source) has \(notes) notes and \(parallelErrors) parallel errors; both must be positive, so refit it on more chorales"
        case .missingResource(let name, let folder):
            return "the shipped Bach reference \(name) is missing from \(folder); install the program with "
                + "'make install', or copy that folder beside the sunmask binary"
        }
    }
}
