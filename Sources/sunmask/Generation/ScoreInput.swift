import Chorale
import Foundation

/// Reads the input piece of `harmonize` and `infill`: a MIDI file, a session file (`.json`), or
/// `jsb:SPLIT:INDEX` from the JSB data file.
enum ScoreInput {
    /// Returns the score and a one-line summary of how it was read.
    ///
    /// MIDI notes keep their pitches, whatever the model range, so that a kept note the model
    /// cannot hold is reported by the generation layer with its voice, bar and pitch instead of
    /// being moved silently. A session's own keep mask is not used: the command's options choose
    /// what to keep.
    static func load(_ argument: String, jsbData: JSBDataLocation) throws -> (score: Score, summary: String) {
        let source = try ScoreSource(argument: argument)
        if case .jsb = source {} else if !FileManager.default.fileExists(atPath: argument) {
            throw RuntimeFailure("input file \(argument) not found; pass a MIDI file, a session .json or jsb:SPLIT:INDEX")
        }
        let options = MIDIImportOptions(outOfRangePitches: .reject, pitchRange: 0...127)
        let loaded = try ScoreLoader(midiOptions: options, jsbData: jsbData).load(source)
        let steps = loaded.score.grid.steps
        if let report = loaded.importReport {
            return (loaded.score, summary(of: report, path: argument, steps: steps))
        }
        if case .jsb(let reference) = source {
            return (loaded.score, "read \(reference): \(steps) steps, 4 voices")
        }
        return (loaded.score, "read \(argument): \(steps) steps, session")
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
}
