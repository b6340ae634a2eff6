import Foundation
import XCTest
import Chorale

/// Exports real JSB test chorales and checks them through the XML parser. When
/// `SUNMASK_MUSICXML_EXPORT_DIR` is set, the files are also kept there for
/// `Scripts/check_musicxml.py` (music21).
final class MusicXMLJSBTests: XCTestCase {
    func testExportTestChorales() throws {
        let dataset = try JSBTestData.load()
        let exportDirectory = ProcessInfo.processInfo.environment["SUNMASK_MUSICXML_EXPORT_DIR"].map {
            URL(fileURLWithPath: $0)
        }
        for index in [0, 1, 40] {
            let chorale = dataset.test[index]
            let score = Score(grid: chorale)
            let writer = MusicXMLWriter(title: "jsb:test:\(index)")
            let parsed = try ParsedMusicXML(data: Data(writer.document(for: score).utf8))
            let bars = (chorale.steps + 15) / 16
            XCTAssertEqual(parsed.parts.count, 4)
            for (part, voice) in zip(parsed.parts.indices, Voice.allCases) {
                XCTAssertEqual(parsed.parts[part].measures.count, bars)
                XCTAssertTrue(parsed.parts[part].measures.allSatisfy { $0.durationByVoice[1] == 16 })
                let cells = parsed.cells(part: part, voice: 1)
                XCTAssertEqual(Array(cells.prefix(chorale.steps)), chorale.pitches[voice.rawValue])
                XCTAssertTrue(cells.dropFirst(chorale.steps).allSatisfy { $0 == -1 })
            }
            if let exportDirectory {
                try FileManager.default.createDirectory(at: exportDirectory, withIntermediateDirectories: true)
                try writer.write(score, to: exportDirectory.appendingPathComponent("jsb-test-\(index).musicxml"))
            }
        }
    }
}
