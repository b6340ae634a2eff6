import Chorale
import Foundation
import XCTest

final class SessionFileTests: XCTestCase {
    private func sampleSession() throws -> Session {
        let grid = try SATBGrid(pitches: [[72, 72, -1, 74], [64, 64, 65, 65], [55, 55, 57, 57], [48, 48, 50, 50]])
        var keep = KeepMask(steps: 4, keepingAll: true)
        keep[.alto, 2] = false
        keep[.tenor, 3] = false
        let score = Score(grid: grid, timeSignature: TimeSignature(beats: 3, beatUnit: 4), pickupSteps: 2, tempo: 72)
        let candidate = try SATBGrid(pitches: [[72, 72, -1, 74], [64, 64, 67, 67], [55, 55, 57, 59], [48, 48, 50, 50]])
        return Session(score: score, keep: keep, candidates: [candidate],
                       settingsJSON: Data(#"{"preset":"standard","temperature":0.6}"#.utf8))
    }

    private func temporaryURL(_ name: String) -> URL {
        FileManager.default.temporaryDirectory.appendingPathComponent("sunmask-session-\(UUID().uuidString)-\(name)")
    }

    func testRoundTripKeepsEveryField() throws {
        let session = try sampleSession()
        let url = temporaryURL("round.json")
        defer { try? FileManager.default.removeItem(at: url) }
        try SessionFile.write(session, to: url)
        let loaded = try SessionFile.read(from: url)
        XCTAssertEqual(loaded.score, session.score)
        XCTAssertEqual(loaded.keep, session.keep)
        XCTAssertEqual(loaded.candidates, session.candidates)
        let settings = try JSONSerialization.jsonObject(with: loaded.settingsJSON!) as? [String: Any]
        XCTAssertEqual(settings?["preset"] as? String, "standard")
    }

    func testHandWrittenFileIsRead() throws {
        let text = """
        {"format": "sunmask-session", "version": 1,
         "grid": [[60, 60], [55, -1], [52, 52], [48, 48]],
         "keep": [[1, 1], [0, 1], [0, 0], [1, 0]],
         "timeSignature": [4, 4], "pickupSteps": 0, "tempo": 90, "author": "free field"}
        """
        let session = try SessionFile.decode(Data(text.utf8), path: "hand.json")
        XCTAssertEqual(session.score.grid.pitches[1], [55, -1])
        XCTAssertEqual(session.keep.rows, [[1, 1], [0, 1], [0, 0], [1, 0]])
        XCTAssertEqual(session.score.tempo, 90)
    }

    /// Each malformed file gives an error naming the field at fault.
    func testMalformedFilesNameTheProblem() {
        let base = #""grid": [[60], [55], [52], [48]], "keep": [[1], [1], [1], [1]], "timeSignature": [4, 4], "pickupSteps": 0, "tempo": 80"#
        let cases: [(String, String)] = [
            ("not json at all", "not valid JSON"),
            ("[1, 2]", "top level is not a JSON object"),
            ("{\(base), \"version\": 1}", "missing field \"format\""),
            ("{\"format\": \"midi\", \"version\": 1, \(base)}", "field \"format\" is \"midi\""),
            ("{\"format\": \"sunmask-session\", \"version\": 2, \(base)}", "version 2 is not supported"),
            ("{\"format\": \"sunmask-session\", \"version\": 1.5, \(base)}", "non-integer field \"version\""),
            ("{\"format\": \"sunmask-session\", \"version\": true, \(base)}", "non-integer field \"version\""),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52]], "keep": [[1], [1], [1], [1]], "timeSignature": [4, 4], "pickupSteps": 0, "tempo": 80}"#, "grid has 3 voices"),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52], [200]], "keep": [[1], [1], [1], [1]], "timeSignature": [4, 4], "pickupSteps": 0, "tempo": 80}"#, "pitch 200"),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52], [48]], "keep": [[1], [1], [2], [1]], "timeSignature": [4, 4], "pickupSteps": 0, "tempo": 80}"#, "tenor at step 0 is 2"),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52], [48]], "keep": [[1, 1], [1, 1], [1, 1], [1, 1]], "timeSignature": [4, 4], "pickupSteps": 0, "tempo": 80}"#, "\"keep\" has 2 steps but \"grid\" has 1"),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52], [48]], "keep": [[1], [1], [1], [1]], "timeSignature": [4, 3], "pickupSteps": 0, "tempo": 80}"#, "\"timeSignature\""),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52], [48]], "keep": [[1], [1], [1], [1]], "timeSignature": [4, 4], "pickupSteps": 16, "tempo": 80}"#, "\"pickupSteps\""),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52], [48]], "keep": [[1], [1], [1], [1]], "timeSignature": [4, 4], "pickupSteps": 0, "tempo": "fast"}"#, "\"tempo\""),
            (#"{"format": "sunmask-session", "version": 1, "grid": [[60], [55], [52], [48]], "keep": [[1], [1], [1], [1]], "timeSignature": [4, 4], "pickupSteps": 0, "tempo": 80, "settings": 3}"#, "\"settings\" must be a JSON object"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try SessionFile.decode(Data(text.utf8), path: "bad.json"), text) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("session bad.json: "), message)
                XCTAssertTrue(message.contains(expected), "expected '\(expected)' in: \(message)")
                XCTAssertFalse(message.contains("\n"), "one line: \(message)")
            }
        }
    }

    func testTruncatedFileNeverCrashes() throws {
        let data = try SessionFile.encode(try sampleSession())
        for length in stride(from: 0, to: data.count, by: 7) {
            XCTAssertThrowsError(try SessionFile.decode(data.prefix(length), path: "cut.json"), "prefix \(length)")
        }
    }

    func testMissingFileNamesPath() {
        let url = temporaryURL("missing.json")
        XCTAssertThrowsError(try SessionFile.read(from: url)) { error in
            XCTAssertTrue("\(error)".contains(url.path), "\(error)")
        }
    }
}
