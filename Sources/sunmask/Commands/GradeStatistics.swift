import Chorale
import Foundation

/// Per-feature medians and standard deviations over a set of grades.
struct GradeStatistics {
    var count: Int
    var median: [GradingFeature: Double]
    var medianOverall: Double
    var standardDeviation: [GradingFeature: Double]
    var standardDeviationOverall: Double

    init(_ grades: [Grade]) {
        precondition(!grades.isEmpty, "grade statistics need at least one grade")
        count = grades.count
        median = [:]
        standardDeviation = [:]
        for feature in GradingFeature.allCases {
            let values = grades.map { $0[feature] }
            median[feature] = GradeStatistics.median(values)
            standardDeviation[feature] = GradeStatistics.standardDeviation(values)
        }
        let overall = grades.map(\.overall)
        medianOverall = GradeStatistics.median(overall)
        standardDeviationOverall = GradeStatistics.standardDeviation(overall)
    }

    /// Returns the middle value, or the mean of the two middle values for an even count.
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// Returns the population standard deviation (divided by n), 0 for a single value.
    static func standardDeviation(_ values: [Double]) -> Double {
        let mean = values.reduce(0, +) / Double(values.count)
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count)
        return variance.squareRoot()
    }

    /// Returns a table row of medians with three decimals.
    func medianRow(label: String) -> GradeTable.Row {
        GradeTable.Row(label: label, features: median.mapValues(GradeTable.format),
                       overall: GradeTable.format(medianOverall))
    }

    /// Returns a table row of "median ± standard deviation" cells with two decimals.
    func medianAndDeviationRow(label: String) -> GradeTable.Row {
        func cell(_ median: Double, _ deviation: Double) -> String {
            String(format: "%.2f ± %.2f", median, deviation)
        }
        var features: [GradingFeature: String] = [:]
        for feature in GradingFeature.allCases {
            features[feature] = cell(median[feature]!, standardDeviation[feature]!)
        }
        return GradeTable.Row(label: label, features: features,
                              overall: cell(medianOverall, standardDeviationOverall))
    }

    /// Medians and standard deviations as a JSON object.
    func json() -> [String: Any] {
        var medians: [String: Any] = [:]
        var deviations: [String: Any] = [:]
        for feature in GradingFeature.allCases {
            medians[feature.rawValue] = median[feature]!
            deviations[feature.rawValue] = standardDeviation[feature]!
        }
        return ["count": count, "median": medians, "medianOverall": medianOverall,
                "standardDeviation": deviations, "standardDeviationOverall": standardDeviationOverall]
    }
}

/// The Bach row: grades of the JSB test split cut into non-overlapping 128-step chunks (every
/// full chunk, rests allowed), the way generated chorales are graded.
enum BachRow {
    static let chunkLength = 128

    /// Returns the row label for the medians of `count` chunks.
    static func label(count: Int) -> String {
        "Bach: median of \(count) JSB test chunks of \(chunkLength) steps"
    }

    static func chunks(_ dataset: JSBDataset) -> [SATBGrid] {
        dataset.test.flatMap {
            JSBDataset.chunks(of: $0, length: chunkLength, skippingSilent: false, boundary: .everyFullChunk)
        }
    }

    static func statistics(grader: Grader, dataset: JSBDataset) -> GradeStatistics {
        GradeStatistics(chunks(dataset).map(grader.grade))
    }
}
