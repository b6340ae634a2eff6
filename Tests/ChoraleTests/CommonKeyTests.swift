import XCTest
import Chorale

final class CommonKeyTests: XCTestCase {
    /// Four voices on the white keys, C major chords over C, F, G and C in the bass, with each
    /// voice's mean pitch at the middle of its range: soprano 70.5, alto 63, tenor 57.5, bass 51.
    private func centredCMajor() throws -> SATBGrid {
        // Each row lists four chords of 8 steps. The means in the comments are worked out by hand.
        let soprano = [72, 72, 67, 71]  // C5 C5 G4 B4 → mean 70.5
        let alto = [64, 64, 62, 62]     // E4 E4 D4 D4 → mean 63
        let tenor = [55, 57, 59, 59]    // G3 A3 B3 B3 → mean 57.5
        let bass = [48, 53, 55, 48]     // C3 F3 G3 C3 → mean 51
        func row(_ chords: [Int]) -> [Int] { chords.flatMap { Array(repeating: $0, count: 8) } }
        return try SATBGrid(pitches: [row(soprano), row(alto), row(tenor), row(bass)])
    }

    func testCentredChoraleInCMajorStays() throws {
        let grid = try centredCMajor()
        XCTAssertEqual(KeyEstimate.estimate(for: grid)?.key, Key(tonic: 0, mode: .major))
        XCTAssertEqual(CommonKey.transposition(for: grid), 0)
    }

    func testTritoneAwayComesBackExactly() throws {
        // Up 6 semitones the chorale is in F# (Gb) major, 6 accidentals, and every voice sits 6
        // above its middle. Of the six signatures allowed, C major (down 6) centres every voice.
        let grid = try centredCMajor().transposed(by: 6)
        XCTAssertEqual(KeyEstimate.estimate(for: grid)?.key.fifths, -6)
        XCTAssertEqual(CommonKey.transposition(for: grid), -6)
        let placed = CommonKey.placed(Score(grid: grid, tempo: 66))
        XCTAssertEqual(placed.semitones, -6)
        XCTAssertEqual(placed.score.grid, try centredCMajor())
        XCTAssertEqual(placed.score.tempo, 66)
    }

    func testRegisterDecidesBetweenAllowedKeys() throws {
        // Down 5 semitones the chorale is in G major (1 sharp, allowed) but 5 below the middles.
        // Staying costs 4 × 5 = 20; up 5 (back to C) costs 0, so the register wins over the
        // smaller move.
        let grid = try centredCMajor().transposed(by: -5)
        XCTAssertEqual(KeyEstimate.estimate(for: grid)?.key, Key(tonic: 7, mode: .major))
        XCTAssertEqual(CommonKey.transposition(for: grid), 5)
    }

    func testSilentGridIsNotMoved() {
        XCTAssertEqual(CommonKey.transposition(for: SATBGrid(steps: 32)), 0)
        let placed = CommonKey.placed(Score(grid: SATBGrid(steps: 32)))
        XCTAssertEqual(placed.semitones, 0)
    }

    func testTransposedTestChunksLandInAllowedKeys() throws {
        let dataset = try JSBTestData.load()
        var checked = 0
        for chorale in dataset.test {
            for chunk in JSBDataset.chunks(of: chorale, length: 128, skippingSilent: true) {
                for offset in [-6, -1, 1, 4] {
                    guard let moved = try? chunk.transposed(by: offset) else { continue }
                    let semitones = CommonKey.transposition(for: moved)
                    XCTAssertTrue((-6...5).contains(semitones))
                    let placed = try moved.transposed(by: semitones)
                    let key = try XCTUnwrap(KeyEstimate.estimate(for: placed)).key
                    XCTAssertTrue(CommonKey.signatures.contains(key.fifths), "\(key) after moving \(semitones)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 300)
    }
}
