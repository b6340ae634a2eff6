import Chorale
import Foundation

/// Reads a command's input piece: a MIDI file, or `jsb:SPLIT:INDEX` from the JSB data file.
enum ScoreInput {
    /// The environment variable naming the JSB data file.
    static let datasetVariable = "SUNMASK_JSB_PATH"

    /// Returns the score and a one-line summary of how it was read.
    ///
    /// MIDI notes keep their pitches, whatever the model range, so that a kept note the model
    /// cannot hold is reported by the generation layer with its voice, bar and pitch instead of
    /// being moved silently.
    static func load(_ argument: String) throws -> (score: Score, summary: String) {
        if JSBReference.isReference(argument) {
            let reference = try JSBReference(parsing: argument)
            let dataset = try JSBDataset(contentsOf: try datasetURL())
            let grid = try reference.chorale(in: dataset)
            return (Score(grid: grid), "read \(reference): \(grid.steps) steps, 4 voices")
        }
        let url = URL(fileURLWithPath: argument)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw RuntimeFailure("input file \(argument) not found; pass a MIDI file or jsb:SPLIT:INDEX")
        }
        let options = MIDIImportOptions(outOfRangePitches: .reject, pitchRange: 0...127)
        let (score, report) = try MIDIImporter.importScore(contentsOf: url, options: options)
        return (score, summary(of: report, path: argument, steps: score.grid.steps))
    }

    /// Returns one line with the length, the notes per voice and what quantization changed.
    static func summary(of report: MIDIImportReport, path: String, steps: Int) -> String {
        let voices = report.voices.map { "\($0.voice.letter) \($0.noteCount)" }.joined(separator: ", ")
        var parts = ["read \(path): \(steps) steps", "notes per voice \(voices)",
                     "\(report.notesMoved) of \(report.notesImported) notes moved by quantization"]
        if report.notesMoved > 0 {
            parts.append("largest shift \(String(format: "%.2f", report.largestShiftSteps)) 16ths")
        }
        let overlaps = report.notesShortened + report.notesLengthened + report.notesDropped
        if overlaps > 0 { parts.append("\(overlaps) overlapping notes adjusted") }
        if report.pickupSteps > 0 { parts.append("pickup \(report.pickupSteps) 16ths") }
        if !report.warnings.isEmpty { parts.append("\(report.warnings.count) warnings") }
        return parts.joined(separator: "; ")
    }

    /// Returns the JSB data file: `SUNMASK_JSB_PATH`, else `../shared/data/Jsb16thSeparated.json` or
    /// `data/Jsb16thSeparated.json` from the current directory.
    static func datasetURL() throws -> URL {
        let environment = ProcessInfo.processInfo.environment
        if let path = environment[datasetVariable], !path.isEmpty {
            return URL(fileURLWithPath: path)
        }
        let candidates = ["../shared/data/Jsb16thSeparated.json", "data/Jsb16thSeparated.json"]
        for candidate in candidates where FileManager.default.fileExists(atPath: candidate) {
            return URL(fileURLWithPath: candidate)
        }
        throw RuntimeFailure("JSB data file not found at \(candidates.joined(separator: " or ")); "
                             + "set \(datasetVariable) to the path of Jsb16thSeparated.json")
    }
}
