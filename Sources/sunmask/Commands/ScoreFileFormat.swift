import Chorale
import Foundation

/// A file format a command can write, chosen by the output path's extension.
enum ScoreFileFormat: String {
    case midi = "MIDI"
    case musicXML = "MusicXML"
    case session = "session"

    /// The extensions of each format, for the format choice and its error message.
    static let extensions: [(format: ScoreFileFormat, names: [String])] = [
        (.midi, ["mid", "midi"]),
        (.musicXML, ["musicxml", "xml"]),
        (.session, ["json"]),
    ]

    /// Chooses the format of `path` by its extension, ignoring case; a `CommandLineError` names
    /// the extensions accepted.
    init(path: String, option: String) throws {
        let pathExtension = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard let match = ScoreFileFormat.extensions.first(where: { $0.names.contains(pathExtension) }) else {
            let accepted = ScoreFileFormat.extensions.flatMap(\.names).map { "." + $0 }.joined(separator: ", ")
            let found = pathExtension.isEmpty ? "no extension" : "extension '.\(pathExtension)'"
            throw CommandLineError.invalid("cannot choose an output format for '\(path)' (\(found)) in \(option); use one of \(accepted)")
        }
        self = match.format
    }
}

extension Score {
    /// One line for the command line: length in steps and bars, meter, pickup and tempo.
    var summary: String {
        let meter = "\(timeSignature.beats)/\(timeSignature.beatUnit)"
        let bars: String
        do {
            bars = "\(try barLayout().barStarts(steps: grid.steps).count) bars of \(meter)"
        } catch {
            bars = "meter \(meter) (\(error))"
        }
        let pickup = pickupSteps > 0 ? ", pickup \(pickupSteps) 16ths" : ""
        let tempo = tempo == tempo.rounded() ? String(Int(tempo)) : String(tempo)
        return "\(grid.steps) steps, \(bars)\(pickup), tempo \(tempo)"
    }
}
