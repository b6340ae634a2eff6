import XCTest
@testable import Chorale

/// Bach's test-split chunks must grade better (lower median) than deliberately degraded copies.
final class GradingBachDataTests: XCTestCase {
    static func median(_ values: [Double]) -> Double {
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// Two random voices exchanged.
    static func swapVoices(_ grid: SATBGrid, _ rng: inout SeededGenerator) throws -> SATBGrid {
        var rows = grid.pitches
        let first = Int.random(in: 0..<4, using: &rng)
        let second = (first + Int.random(in: 1..<4, using: &rng)) % 4
        rows.swapAt(first, second)
        return try SATBGrid(pitches: rows)
    }

    /// Two random voices moved up a tritone (capped at MIDI 127).
    static func tritoneVoices(_ grid: SATBGrid, _ rng: inout SeededGenerator) throws -> SATBGrid {
        var rows = grid.pitches
        let first = Int.random(in: 0..<4, using: &rng)
        let second = (first + Int.random(in: 1..<4, using: &rng)) % 4
        for voice in [first, second] {
            rows[voice] = rows[voice].map { $0 == SATBGrid.rest ? $0 : min(127, $0 + 6) }
        }
        return try SATBGrid(pitches: rows)
    }

    /// Replaces each note, with probability 1/2, by a random pitch within its voice's range in the chunk.
    static func randomNotes(_ grid: SATBGrid, _ rng: inout SeededGenerator) throws -> SATBGrid {
        var rows = grid.pitches
        for voice in 0..<4 {
            let pitches = rows[voice].filter { $0 != SATBGrid.rest }
            guard let low = pitches.min(), let high = pitches.max() else { continue }
            for run in grid.runs(of: Voice(rawValue: voice)!) where !run.isRest && Bool.random(using: &rng) {
                let pitch = Int.random(in: low...high, using: &rng)
                for step in run.start..<run.end { rows[voice][step] = pitch }
            }
        }
        return try SATBGrid(pitches: rows)
    }

    func testBachChunksBeatEveryDegradedSet() throws {
        let grader = try Grader.shipped()
        let chunks = try GradingTestData.chunks(try GradingTestData.chorales(split: "test"))
        XCTAssertGreaterThan(chunks.count, 100)
        var rng = SeededGenerator(seed: 2020)
        var grades: [String: [Double]] = [:]
        for chunk in chunks {
            grades["bach", default: []].append(grader.grade(chunk).overall)
            grades["voice swap", default: []].append(grader.grade(try Self.swapVoices(chunk, &rng)).overall)
            grades["tritone", default: []].append(grader.grade(try Self.tritoneVoices(chunk, &rng)).overall)
            grades["random notes", default: []].append(grader.grade(try Self.randomNotes(chunk, &rng)).overall)
        }
        let bach = Self.median(grades["bach"]!)
        print("grading medians over \(chunks.count) test chunks: " + ["bach", "voice swap", "tritone", "random notes"]
            .map { "\($0) \(String(format: "%.3f", Self.median(grades[$0]!)))" }.joined(separator: ", "))
        for set in ["voice swap", "tritone", "random notes"] {
            XCTAssertLessThan(bach, Self.median(grades[set]!), "Bach median \(bach) is not below the \(set) median")
        }
    }
}
