import XCTest
@testable import Chorale

/// import(export(score)) == score over random scores.
final class MIDIRoundTripTests: XCTestCase {
    private let meters = [TimeSignature(beats: 4, beatUnit: 4), TimeSignature(beats: 3, beatUnit: 4),
                          TimeSignature(beats: 2, beatUnit: 2), TimeSignature(beats: 3, beatUnit: 2),
                          TimeSignature(beats: 6, beatUnit: 8), TimeSignature(beats: 5, beatUnit: 16)]
    // Tempos a composer types, including ones that are no whole number of microseconds per quarter.
    private let tempos: [Double] = [60, 66.67, 72, 80, 92.5, 100, 120, 144]

    /// A random score: rests in about one cell in four, runs of held notes, leading and trailing
    /// rests possible, and at least one note.
    private func randomScore(using generator: inout SeededGenerator) throws -> Score {
        let steps = Int.random(in: 1...96, using: &generator)
        var rows: [[Int]] = []
        for _ in 0..<4 {
            var voiceRow: [Int] = []
            for step in 0..<steps {
                if step > 0, Bool.random(using: &generator) {
                    voiceRow.append(voiceRow[step - 1])
                } else if Int.random(in: 0..<4, using: &generator) == 0 {
                    voiceRow.append(-1)
                } else {
                    voiceRow.append(Int.random(in: 30...86, using: &generator))
                }
            }
            rows.append(voiceRow)
        }
        if rows.allSatisfy({ $0.allSatisfy { $0 == -1 } }) {
            rows[Int.random(in: 0..<4, using: &generator)][Int.random(in: 0..<steps, using: &generator)] = 60
        }
        let meter = meters.randomElement(using: &generator)!
        return Score(grid: try SATBGrid(pitches: rows), timeSignature: meter,
                     pickupSteps: Int.random(in: 0..<meter.stepsPerBar, using: &generator),
                     tempo: tempos.randomElement(using: &generator)!)
    }

    func testRoundTripRandomScores() throws {
        var generator = SeededGenerator(seed: 2024)
        for index in 0..<300 {
            let score = try randomScore(using: &generator)
            let (imported, report) = try MIDIImporter.importScore(try MIDIFileWriter.data(for: score))
            XCTAssertEqual(imported, score, "score \(index)")
            XCTAssertEqual(report.notesMoved, 0, "score \(index)")
            XCTAssertEqual(report.warnings, [], "score \(index)")
            XCTAssertEqual(report.assignmentRule, .trackNames, "score \(index)")
            if imported != score { break }
        }
    }

    func testRoundTripWithOrganSounds() throws {
        var generator = SeededGenerator(seed: 5)
        let score = try randomScore(using: &generator)
        let bytes = try MIDIFileWriter.data(for: score, options: .organ)
        XCTAssertEqual(try MIDIImporter.importScore(bytes).score, score)
    }
}
