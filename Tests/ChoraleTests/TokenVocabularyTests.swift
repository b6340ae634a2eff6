import XCTest
import Chorale

final class TokenVocabularyTests: XCTestCase {
    func testSizeAndBoundaries() {
        XCTAssertEqual(TokenVocabulary.size, 58)
        XCTAssertEqual(TokenVocabulary.token(forCell: 30), 0)
        XCTAssertEqual(TokenVocabulary.token(forCell: 86), 56)
        XCTAssertEqual(TokenVocabulary.token(forCell: -1), 57)
        XCTAssertNil(TokenVocabulary.token(forCell: 29))
        XCTAssertNil(TokenVocabulary.token(forCell: 87))
        XCTAssertEqual(TokenVocabulary.cell(forToken: 57), -1)
        XCTAssertNil(TokenVocabulary.cell(forToken: 58))
        XCTAssertNil(TokenVocabulary.cell(forToken: -1))
    }

    func testEveryTokenRoundTrips() {
        for token in 0..<58 {
            let cell = TokenVocabulary.cell(forToken: token)!
            XCTAssertEqual(TokenVocabulary.token(forCell: cell), token)
        }
    }

    func testOutOfRangeErrorNamesPitchVoiceStep() throws {
        var grid = SATBGrid(steps: 5)
        grid[.tenor, 3] = 29
        XCTAssertThrowsError(try grid.tokenRows()) { error in
            XCTAssertEqual(error as? VocabularyError, .pitchOutOfRange(pitch: 29, voice: .tenor, step: 3))
            let message = String(describing: error)
            XCTAssertTrue(message.contains("tenor"), message)
            XCTAssertTrue(message.contains("step 3"), message)
            XCTAssertTrue(message.contains("29"), message)
        }
    }

    func testFlatTokensAreVoiceMajor() throws {
        let grid = try SATBGrid(pitches: [[60, 62, -1], [55, 55, 57], [48, 50, 52], [36, 38, 40]])
        let flat = try grid.flatTokens()
        // Independently: token = pitch − 30, rest = 57, index = voice · 3 + step.
        XCTAssertEqual(flat, [30, 32, 57, 25, 25, 27, 18, 20, 22, 6, 8, 10])
        XCTAssertEqual(try SATBGrid(flatTokens: flat, steps: 3), grid)
        XCTAssertEqual(try SATBGrid(tokenRows: grid.tokenRows()), grid)
    }

    func testBadTokenArraysThrow() {
        XCTAssertThrowsError(try SATBGrid(flatTokens: [0, 1, 2], steps: 1)) {
            XCTAssertEqual($0 as? VocabularyError, .wrongTokenCount(count: 3, expected: 4))
        }
        XCTAssertThrowsError(try SATBGrid(tokenRows: [[0], [1], [58], [2]])) {
            XCTAssertEqual($0 as? VocabularyError, .tokenOutOfRange(token: 58, voice: .tenor, step: 0))
        }
        XCTAssertThrowsError(try SATBGrid(tokenRows: [[0], [1], [2]])) {
            XCTAssertEqual($0 as? GridError, .wrongVoiceCount(3))
        }
    }
}
