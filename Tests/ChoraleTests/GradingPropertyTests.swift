import XCTest
@testable import Chorale

/// Grading never crashes and always returns finite, non-negative grades.
final class GradingPropertyTests: XCTestCase {
    private func assertFinite(_ grade: Grade, _ label: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(grade.overall.isFinite, "\(label): overall \(grade.overall)", file: file, line: line)
        for feature in GradingFeature.allCases {
            XCTAssertTrue(grade[feature].isFinite, "\(label): \(feature) = \(grade[feature])", file: file, line: line)
            XCTAssertGreaterThanOrEqual(grade[feature], 0, "\(label): \(feature)", file: file, line: line)
        }
        let sum = GradingFeature.allCases.reduce(0) { $0 + grade[$1] }
        XCTAssertEqual(grade.overall, sum, accuracy: 1e-9, "\(label): overall is not the sum", file: file, line: line)
    }

    func testRandomGridsGradeFinite() throws {
        let grader = try Grader.shipped()
        var rng = SeededGenerator(seed: 8)
        for trial in 0..<200 {
            let steps = Int.random(in: 0...160, using: &rng)
            let restChance = Double.random(in: 0...1, using: &rng)
            let holdChance = Double.random(in: 0...0.9, using: &rng)
            var rows = [[Int]](repeating: [], count: 4)
            for voice in 0..<4 {
                for step in 0..<steps {
                    if step > 0 && Double.random(in: 0..<1, using: &rng) < holdChance {
                        rows[voice].append(rows[voice][step - 1])
                    } else if Double.random(in: 0..<1, using: &rng) < restChance {
                        rows[voice].append(SATBGrid.rest)
                    } else {
                        rows[voice].append(Int.random(in: 0...127, using: &rng))
                    }
                }
            }
            assertFinite(grader.grade(try SATBGrid(pitches: rows)), "random grid \(trial)")
        }
    }

    func testEdgeGridsGradeFinite() throws {
        let grader = try Grader.shipped()
        let rests = [Int](repeating: SATBGrid.rest, count: 128)
        let cases: [(String, [[Int]])] = [
            ("empty", [[], [], [], []]),
            ("one step", [[60], [55], [52], [48]]),
            ("all rests", [rests, rests, rests, rests]),
            ("soprano only", [(0..<128).map { 60 + ($0 / 8) % 12 }, rests, rests, rests]),
            ("one held chord", [[Int](repeating: 72, count: 128), [Int](repeating: 67, count: 128),
                                [Int](repeating: 64, count: 128), [Int](repeating: 48, count: 128)]),
            ("extreme range", [(0..<128).map { $0 % 2 == 0 ? 127 : 0 }, [Int](repeating: 0, count: 128),
                               [Int](repeating: 127, count: 128), (0..<128).map { $0 }]),
        ]
        for (label, rows) in cases {
            let grade = grader.grade(try SATBGrid(pitches: rows))
            assertFinite(grade, label)
        }
    }

    func testVoiceWithoutIntervalIsClearlyWorse() throws {
        let grader = try Grader.shipped()
        // Soprano: a scale in quarter notes; alto: one held note (no melodic interval at all).
        let scale = (0..<32).map { [60, 62, 64, 65, 67, 65, 64, 62][($0 / 4) % 8] }
        let moving = try SATBGrid(pitches: [scale.map { $0 + 12 }, scale, scale.map { $0 - 5 }, scale.map { $0 - 12 }])
        let held = try SATBGrid(pitches: [scale.map { $0 + 12 }, [Int](repeating: 64, count: 32),
                                          scale.map { $0 - 5 }, scale.map { $0 - 12 }])
        let heldGrade = grader.grade(held)[.altoInterval]
        XCTAssertTrue(heldGrade.isFinite)
        XCTAssertGreaterThan(heldGrade, grader.grade(moving)[.altoInterval])
    }
}
