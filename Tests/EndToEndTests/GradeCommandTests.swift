import Chorale
import Foundation
import XCTest

final class GradeCommandTests: XCTestCase {
    private let featureOrder = GradingFeature.allCases

    /// Splits a table line into its label and numbers; the label is everything before the first
    /// of the 10 numeric columns.
    private func numbers(in line: Substring) -> (label: String, values: [Double]) {
        let fields = line.split(separator: " ", omittingEmptySubsequences: true)
        let values = fields.suffix(10).compactMap { Double($0) }
        return (fields.dropLast(10).joined(separator: " "), values)
    }

    func testTableMatchesLibraryGrades() throws {
        let dataPath = try JSBData.path()
        let dataset = try JSBData.load()
        let melody = repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path
        let result = try runSunmask(["grade", "jsb:test:3", melody, "--jsb-data", dataPath])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "")

        let lines = result.standardOutput.split(separator: "\n")
        XCTAssertEqual(lines.count, 4, result.standardOutput)
        XCTAssertEqual(Set(lines.map(\.count)).count, 1, "table lines differ in width:\n\(result.standardOutput)")
        XCTAssertTrue(lines[0].hasPrefix("chorale "))
        XCTAssertTrue(lines[0].hasSuffix("  overall"))

        let grader = try Grader.shipped()
        let expected = [
            ("jsb:test:3", grader.grade(dataset.test[3])),
            (melody, grader.grade(try Melody.odeToJoy.score().grid)),
        ]
        for (line, (label, grade)) in zip(lines[1...2], expected) {
            let row = numbers(in: line)
            XCTAssertEqual(row.label, label)
            XCTAssertEqual(row.values.count, 10, String(line))
            for (index, feature) in featureOrder.enumerated() {
                XCTAssertEqual(row.values[index], grade[feature], accuracy: 0.0005, "\(label) \(feature)")
            }
            XCTAssertEqual(row.values[9], grade.overall, accuracy: 0.0005, label)
            // The overall grade is the sum of the feature grades (each printed rounded to 0.0005).
            XCTAssertEqual(row.values[..<9].reduce(0, +), row.values[9], accuracy: 0.005, label)
        }

        // Bach's chorale grades far better than a melody with three empty voices.
        XCTAssertLessThan(numbers(in: lines[1]).values[9] * 3, numbers(in: lines[2]).values[9])

        // The Bach row: medians over every full 128-step chunk of the test split, cut here.
        var chunks: [SATBGrid] = []
        for chorale in dataset.test {
            var start = 0
            while start + 128 <= chorale.steps {
                chunks.append(try SATBGrid(pitches: chorale.pitches.map { Array($0[start..<(start + 128)]) }))
                start += 128
            }
        }
        let bach = numbers(in: lines[3])
        XCTAssertEqual(bach.label, "Bach: median of \(chunks.count) JSB test chunks of 128 steps")
        let overall = chunks.map { grader.grade($0).overall }.sorted()
        let median = chunks.count % 2 == 1 ? overall[chunks.count / 2]
            : (overall[chunks.count / 2 - 1] + overall[chunks.count / 2]) / 2
        XCTAssertEqual(bach.values[9], median, accuracy: 0.0005)
    }

    func testJSONParses() throws {
        let dataPath = try JSBData.path()
        let result = try runSunmask(["grade", "jsb:test:3", "jsb:valid:0", "--json", "--jsb-data", dataPath])
        XCTAssertEqual(result.status, 0, result.standardError)

        let object = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let grades = try XCTUnwrap(object["grades"] as? [[String: Any]])
        XCTAssertEqual(grades.map { $0["source"] as? String }, ["jsb:test:3", "jsb:valid:0"])
        let grader = try Grader.shipped()
        let dataset = try JSBData.load()
        for (entry, grid) in zip(grades, [dataset.test[3], dataset.valid[0]]) {
            let grade = grader.grade(grid)
            let features = try XCTUnwrap(entry["features"] as? [String: Double])
            XCTAssertEqual(Set(features.keys), Set(featureOrder.map(\.rawValue)))
            for feature in featureOrder {
                XCTAssertEqual(try XCTUnwrap(features[feature.rawValue]), grade[feature], accuracy: 1e-9, "\(feature)")
            }
            XCTAssertEqual(try XCTUnwrap(entry["overall"] as? Double), grade.overall, accuracy: 1e-9)
            XCTAssertEqual(entry["steps"] as? Int, grid.steps)
        }
        let bach = try XCTUnwrap(object["bach"] as? [String: Any])
        XCTAssertGreaterThan(try XCTUnwrap(bach["count"] as? Int), 50)
        XCTAssertNotNil(bach["medianOverall"] as? Double)
        XCTAssertEqual((bach["median"] as? [String: Double])?.count, featureOrder.count)
        XCTAssertEqual((object["reference"] as? [String: Any])?["split"] as? String, "train")
    }

    func testFitReferenceEqualsShippedFile() throws {
        let dataPath = try JSBData.path()
        let folder = try makeTemporaryDirectory(self)
        let output = folder.appendingPathComponent("reference.json")

        let result = try runSunmask(["grade", "--fit-reference", dataPath, "-o", output.path])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertTrue(result.standardOutput.hasPrefix("wrote \(output.path): Bach reference fitted on 229 chorales of the train split"),
                      result.standardOutput)
        let shipped = repositoryRoot.appendingPathComponent("Sources/Chorale/Resources/bach-reference.json")
        XCTAssertEqual(try Data(contentsOf: output), try Data(contentsOf: shipped))

        // The fitted file grades like the shipped one.
        let melody = repositoryRoot.appendingPathComponent("Examples/wachet-auf.mid").path
        let withFitted = try runSunmask(["grade", melody, "--no-bach-row", "--reference", output.path])
        let withShipped = try runSunmask(["grade", melody, "--no-bach-row"])
        XCTAssertEqual(withFitted.status, 0, withFitted.standardError)
        XCTAssertEqual(withFitted.standardOutput, withShipped.standardOutput)
    }

    func testBadFilesFailWithOneLine() throws {
        let folder = try makeTemporaryDirectory(self)
        let garbage = folder.appendingPathComponent("garbage.mid")
        try Data("MThd but not really".utf8).write(to: garbage)
        let melody = repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path

        let bad = try runSunmask(["grade", melody, garbage.path, "--no-bach-row"])
        XCTAssertEqual(bad.status, 1)
        XCTAssertEqual(bad.standardOutput, "")
        XCTAssertEqual(bad.standardError.filter { $0 == "\n" }.count, 1, bad.standardError)
        XCTAssertTrue(bad.standardError.hasPrefix("Error: \(garbage.path): "), bad.standardError)

        let missing = folder.appendingPathComponent("missing.json").path
        let absent = try runSunmask(["grade", missing, "--no-bach-row"])
        XCTAssertEqual(absent.status, 1)
        XCTAssertTrue(absent.standardError.hasPrefix("Error: session \(missing): cannot read the file"), absent.standardError)

        let brokenReference = folder.appendingPathComponent("reference.json")
        try Data("{}".utf8).write(to: brokenReference)
        let reference = try runSunmask(["grade", melody, "--reference", brokenReference.path])
        XCTAssertEqual(reference.status, 1)
        XCTAssertTrue(reference.standardError.hasPrefix("Error: Bach reference \(brokenReference.path)"), reference.standardError)

        let noData = try runSunmask(["grade", melody, "--jsb-data", "/nonexistent/jsb.json"])
        XCTAssertEqual(noData.status, 0, "a missing data set drops only the Bach row")
        XCTAssertEqual(noData.standardOutput.split(separator: "\n").count, 2)
        XCTAssertEqual(noData.standardError,
                       "no Bach row: JSB data set not found (tried /nonexistent/jsb.json); pass --jsb-data PATH or set SUNMASK_JSB_PATH to Jsb16thSeparated.json\n")
    }

    func testUsageErrors() throws {
        let cases: [([String], String)] = [
            (["grade"], "Error: missing argument FILE"),
            (["grade", "a.mid", "-o", "x.json"], "Error: -o/--output applies to --fit-reference only; grades go to standard output"),
            (["grade", "--fit-reference", "data.json", "extra.mid"], "Error: unexpected argument 'extra.mid'"),
            (["grade", "--fit-reference", "data.json", "--json"], "Error: --json does not apply to --fit-reference"),
        ]
        for (arguments, firstLine) in cases {
            let result = try runSunmask(arguments)
            XCTAssertEqual(result.status, 64, arguments.joined(separator: " "))
            XCTAssertEqual(result.standardError.split(separator: "\n").first.map(String.init), firstLine)
        }
    }
}
