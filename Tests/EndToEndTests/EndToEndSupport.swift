import Chorale
import Foundation
import XCTest
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A fresh temporary folder, removed when the test ends.
func makeTemporaryDirectory(_ test: XCTestCase) throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("sunmask-e2e-\(UUID().uuidString)", isDirectory: true)
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: url) }
    return url
}

/// The real JSB data set: `SUNMASK_JSB_PATH` first, else `../shared/data/Jsb16thSeparated.json`
/// beside the repository root. Skips the calling test, naming the paths tried, when it is absent.
enum JSBData {
    static func path() throws -> String {
        var paths: [String] = []
        if let fromEnvironment = ProcessInfo.processInfo.environment["SUNMASK_JSB_PATH"], !fromEnvironment.isEmpty {
            paths.append(fromEnvironment)
        }
        paths.append(repositoryRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/data/Jsb16thSeparated.json").standardizedFileURL.path)
        guard let found = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw XCTSkip("JSB data set not found; tried \(paths.joined(separator: ", ")). Set SUNMASK_JSB_PATH to Jsb16thSeparated.json")
        }
        return found
    }

    nonisolated(unsafe) private static var cache: (path: String, dataset: JSBDataset)?

    static func load() throws -> JSBDataset {
        let path = try path()
        if let cache, cache.path == path { return cache.dataset }
        let dataset = try JSBDataset(contentsOf: URL(fileURLWithPath: path))
        cache = (path, dataset)
        return dataset
    }
}

/// Bytes of a format 0 MIDI file with one track, built by hand so the tests do not rely on the
/// product's writer. Events are `(delta ticks, bytes)`; delta times must be below 128.
func formatZeroMIDIFile(ticksPerQuarter: UInt16, events: [(delta: UInt8, bytes: [UInt8])]) -> [UInt8] {
    precondition(events.allSatisfy { $0.delta < 128 }, "one-byte delta times only")
    var track: [UInt8] = []
    for event in events {
        track.append(event.delta)
        track += event.bytes
    }
    track += [0x00, 0xFF, 0x2F, 0x00]
    let length = UInt32(track.count)
    var file: [UInt8] = Array("MThd".utf8) + [0, 0, 0, 6, 0, 0, 0, 1]
    file += [UInt8(ticksPerQuarter >> 8), UInt8(ticksPerQuarter & 0xFF)]
    file += Array("MTrk".utf8)
    file += [UInt8(length >> 24), UInt8((length >> 16) & 0xFF), UInt8((length >> 8) & 0xFF), UInt8(length & 0xFF)]
    return file + track
}

/// The parts and measures of a MusicXML file read with Foundation's XMLParser: for each part, for
/// each measure, the summed `<duration>` of the notes of each (staff, voice), chords and `<backup>`
/// accounted for.
final class MusicXMLMeasures: NSObject, XMLParserDelegate {
    struct Measure {
        var number = ""
        var durationByVoice: [String: Int] = [:]
    }

    private(set) var parts: [[Measure]] = []
    private(set) var staffCount = 1
    private var text = ""
    private var inNote = false
    private var isChord = false
    private var noteDuration = 0
    private var noteVoice = "1"
    private var noteStaff = "1"

    static func parse(_ url: URL) throws -> MusicXMLMeasures {
        let result = MusicXMLMeasures()
        let parser = try XCTUnwrap(XMLParser(contentsOf: url))
        parser.delegate = result
        XCTAssertTrue(parser.parse(), "MusicXML \(url.path) does not parse: \(String(describing: parser.parserError))")
        return result
    }

    func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                qualifiedName: String?, attributes: [String: String] = [:]) {
        text = ""
        switch name {
        case "part": parts.append([])
        case "measure": parts[parts.count - 1].append(Measure(number: attributes["number"] ?? ""))
        case "note":
            inNote = true
            isChord = false
            noteDuration = 0
            noteVoice = "1"
            noteStaff = "1"
        case "chord" where inNote: isChord = true
        default: break
        }
    }

    func parser(_ parser: XMLParser, foundCharacters string: String) {
        text += string
    }

    func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        switch name {
        case "staves": staffCount = max(staffCount, Int(value) ?? 1)
        case "duration" where inNote: noteDuration = Int(value) ?? 0
        case "voice" where inNote: noteVoice = value
        case "staff" where inNote: noteStaff = value
        case "note":
            inNote = false
            if !isChord {
                let key = "\(noteStaff)/\(noteVoice)"
                parts[parts.count - 1][parts[parts.count - 1].count - 1].durationByVoice[key, default: 0] += noteDuration
            }
        default: break
        }
    }
}
