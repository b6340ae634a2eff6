import Chorale
import Foundation

/// Grades laid out for the command line: one row per chorale or group, one column per feature
/// plus the overall grade, and the same data as JSON.
enum GradeTable {
    /// Column headers, in `GradingFeature.allCases` order.
    static let featureHeaders: [GradingFeature: String] = [
        .note: "note", .rhythm: "rhythm", .parallelError: "parallel", .harmonicQuality: "harmony",
        .sopranoInterval: "S int", .altoInterval: "A int", .tenorInterval: "T int", .bassInterval: "B int",
        .repeatedSequence: "repeats",
    ]

    /// One row: a label and a cell per feature, then the overall cell.
    struct Row {
        var label: String
        var features: [GradingFeature: String]
        var overall: String
    }

    /// Formats a grade with three decimals.
    static func format(_ value: Double) -> String {
        String(format: "%.3f", value)
    }

    static func row(label: String, grade: Grade) -> Row {
        Row(label: label, features: grade.features.mapValues(format), overall: format(grade.overall))
    }

    /// Renders rows as an aligned table: labels left-aligned, numbers right-aligned.
    static func render(_ rows: [Row], labelHeader: String) -> String {
        let headers = [labelHeader] + GradingFeature.allCases.map { featureHeaders[$0]! } + ["overall"]
        let cells = rows.map { row in
            [row.label] + GradingFeature.allCases.map { row.features[$0] ?? "" } + [row.overall]
        }
        var widths = headers.map(\.count)
        for line in cells {
            for (column, cell) in line.enumerated() {
                widths[column] = max(widths[column], cell.count)
            }
        }
        func line(_ values: [String]) -> String {
            values.enumerated().map { column, value in
                let padding = String(repeating: " ", count: widths[column] - value.count)
                return column == 0 ? value + padding : padding + value
            }.joined(separator: "  ")
        }
        return ([line(headers)] + cells.map(line)).joined(separator: "\n")
    }

    /// Returns the feature grades and overall of `grade` as a JSON object keyed by feature name.
    static func json(_ grade: Grade) -> [String: Any] {
        var features: [String: Any] = [:]
        for feature in GradingFeature.allCases {
            features[feature.rawValue] = grade[feature]
        }
        return ["features": features, "overall": grade.overall]
    }
}
