import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// A MusicXML document read back with Foundation's XMLParser, independently of the writer:
/// parts → measures → notes, with each note's voice, duration, pitch and ties.
struct ParsedMusicXML {
    struct Note {
        var voice = 1
        var duration = 0
        var isRest = false
        var step = ""
        var alter = 0
        var octave = 0
        var tieStart = false
        var tieStop = false
        var tiedStart = false
        var tiedStop = false

        /// The MIDI number from step, alter and octave, with C4 = 60.
        var midi: Int {
            let naturals: [String: Int] = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11]
            return (octave + 1) * 12 + naturals[step]! + alter
        }
    }

    struct Measure {
        var number = ""
        var implicit = false
        var notes: [Note] = []
        /// Durations per voice number, summed over the measure's notes.
        var durationByVoice: [Int: Int] = [:]
        /// The backup durations, in order.
        var backups: [Int] = []
    }

    struct Part {
        var id = ""
        var measures: [Measure] = []
    }

    var partNames: [String] = []
    var parts: [Part] = []
    var divisions: [Int] = []
    var fifths: [Int] = []
    var modes: [String] = []
    var beats: [Int] = []
    var beatTypes: [Int] = []

    init(data: Data) throws {
        let delegate = Delegate()
        let parser = XMLParser(data: data)
        parser.delegate = delegate
        guard parser.parse() else {
            throw NSError(domain: "ParsedMusicXML", code: 1,
                          userInfo: [NSLocalizedDescriptionKey: "XML parse failed: \(parser.parserError.map { "\($0)" } ?? "unknown")"])
        }
        self = delegate.result
    }

    private final class Delegate: NSObject, XMLParserDelegate {
        var result = ParsedMusicXML(empty: ())
        var path: [String] = []
        var text = ""
        var note: Note?
        var backup: Int?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?,
                    qualifiedName: String?, attributes: [String: String] = [:]) {
            path.append(name)
            text = ""
            switch name {
            case "part":
                result.parts.append(Part(id: attributes["id"] ?? ""))
            case "measure":
                result.parts[result.parts.count - 1].measures.append(
                    Measure(number: attributes["number"] ?? "", implicit: attributes["implicit"] == "yes"))
            case "note":
                note = Note()
            case "rest":
                note?.isRest = true
            case "tie":
                if attributes["type"] == "start" { note?.tieStart = true }
                if attributes["type"] == "stop" { note?.tieStop = true }
            case "tied":
                if attributes["type"] == "start" { note?.tiedStart = true }
                if attributes["type"] == "stop" { note?.tiedStop = true }
            case "backup":
                backup = 0
            default:
                break
            }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            text += string
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
            let parent = path.count >= 2 ? path[path.count - 2] : ""
            path.removeLast()
            switch (parent, name) {
            case ("score-part", "part-name"): result.partNames.append(value)
            case ("attributes", "divisions"): result.divisions.append(Int(value) ?? -1)
            case ("key", "fifths"): result.fifths.append(Int(value) ?? -99)
            case ("key", "mode"): result.modes.append(value)
            case ("time", "beats"): result.beats.append(Int(value) ?? -1)
            case ("time", "beat-type"): result.beatTypes.append(Int(value) ?? -1)
            case ("note", "duration"): note?.duration = Int(value) ?? -1
            case ("note", "voice"): note?.voice = Int(value) ?? -1
            case ("pitch", "step"): note?.step = value
            case ("pitch", "alter"): note?.alter = Int(value) ?? -99
            case ("pitch", "octave"): note?.octave = Int(value) ?? -99
            case ("backup", "duration"): backup = Int(value) ?? -1
            case (_, "note"):
                if let note {
                    let p = result.parts.count - 1
                    let m = result.parts[p].measures.count - 1
                    result.parts[p].measures[m].notes.append(note)
                    result.parts[p].measures[m].durationByVoice[note.voice, default: 0] += note.duration
                }
                note = nil
            case (_, "backup"):
                let p = result.parts.count - 1
                let m = result.parts[p].measures.count - 1
                result.parts[p].measures[m].backups.append(backup ?? -1)
                backup = nil
            default:
                break
            }
            text = ""
        }
    }

    private init(empty: Void) {}

    /// Returns the cells of one voice (a part and voice number), one per division, -1 for rests.
    func cells(part: Int, voice: Int) -> [Int] {
        parts[part].measures.flatMap { measure in
            measure.notes.filter { $0.voice == voice }.flatMap { note in
                Array(repeating: note.isRest ? -1 : note.midi, count: note.duration)
            }
        }
    }

    /// Returns the notes of one voice across all measures, in order.
    func notes(part: Int, voice: Int) -> [Note] {
        parts[part].measures.flatMap { $0.notes.filter { $0.voice == voice } }
    }
}
