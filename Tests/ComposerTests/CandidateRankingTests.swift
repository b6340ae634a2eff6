import Chorale
import SunmaskEngine
import XCTest
@testable import Composer

final class CandidateRankingTests: XCTestCase {
    /// A I–IV–V–I cadence in C major in half notes, repeated to 64 steps.
    private func cadence() throws -> Score {
        let chords = [[72, 67, 64, 48], [72, 69, 65, 53], [71, 67, 62, 55], [72, 67, 64, 48]]
        var rows = [[Int]](repeating: [], count: 4)
        for _ in 0..<2 {
            for chord in chords {
                for voice in 0..<4 { rows[voice] += Array(repeating: chord[voice], count: 8) }
            }
        }
        return Score(grid: try SATBGrid(pitches: rows))
    }

    func testBachGradeRanksCadenceAboveRandomNotes() throws {
        let ranking = try CandidateRanking.shippedGrade()
        var generator = RandomGenerator(seed: 5)
        var rows = [[Int]](repeating: [], count: 4)
        for voice in 0..<4 {
            let range = Voice(rawValue: voice)!.modelRange
            rows[voice] = (0..<64).map { _ in Int.random(in: range, using: &generator) }
        }
        let random = Score(grid: try SATBGrid(pitches: rows))
        let cadenceScore = try ranking.score(try cadence(), 0)
        let randomScore = try ranking.score(random, 0)
        XCTAssertLessThan(cadenceScore, randomScore)
        XCTAssertEqual(cadenceScore, try Grader.shipped().grade(try cadence().grid).overall, accuracy: 1e-12)
    }
}
