/// A summary of what the importer found in a MIDI file and changed to fit it on the grid.
///
/// Bars are numbered from 1 at the first full bar; a pickup (a partial first bar) is bar 0.
public struct MIDIImportReport: Equatable, Sendable, CustomStringConvertible {
    /// A note moved by octaves into the model's range.
    public struct TransposedNote: Equatable, Sendable {
        public var voice: Voice
        public var bar: Int
        public var originalPitch: Int
        public var importedPitch: Int
    }

    public var format: Int
    public var ticksPerQuarter: Int
    public var assignmentRule: MIDIVoiceAssignmentRule
    /// One entry per voice, soprano first.
    public var voices: [MIDIVoiceSource]
    /// Track-and-channel lines given to no voice, such as `track 6 "Piano" channel 1`.
    public var ignoredLines: [String]
    /// Notes of a chord split beyond four voices (the inner notes of 5-note chords and more).
    public var ignoredChordNotes: Int
    /// Notes paired in the file, before voice assignment.
    public var notesRead: Int
    /// Notes written into the grid.
    public var notesImported: Int
    /// Imported notes whose onset or end moved to reach the grid.
    public var notesMoved: Int
    /// Notes cut short because the next note of their voice starts before they end.
    public var notesShortened: Int
    /// Notes that rounded to no length and were given one 16th step.
    public var notesLengthened: Int
    /// Notes dropped because a later note of their voice starts on the same step.
    public var notesDropped: Int
    /// The largest move of an onset or end, in ticks and in 16th steps.
    public var largestShiftTicks: Double
    public var largestShiftSteps: Double
    /// Bars holding the onset of a moved note, ascending, without repeats.
    public var barsWithMovedNotes: [Int]
    public var transposedNotes: [TransposedNote]
    public var pickupSteps: Int
    /// Silent steps before the first note that were removed (files from other programs only).
    public var trimmedLeadingSteps: Int
    public var warnings: [MIDIWarning]

    /// A multi-line summary for the command line.
    public var description: String {
        var lines: [String] = []
        lines.append("MIDI format \(format), \(ticksPerQuarter) ticks per quarter note")
        lines.append("voices \(assignmentRule.explanation):")
        for source in voices {
            let origin = source.source ?? (source.noteCount > 0 ? "chord split" : "rests")
            lines.append("  \(source.voice): \(origin), \(source.noteCount) notes")
        }
        if !ignoredLines.isEmpty {
            lines.append("ignored lines: \(ignoredLines.joined(separator: ", "))")
        }
        if ignoredChordNotes > 0 {
            lines.append("ignored chord notes beyond four voices: \(ignoredChordNotes)")
        }
        lines.append("notes: \(notesRead) read, \(notesImported) imported, \(notesMoved) moved by quantization")
        if notesShortened + notesLengthened + notesDropped > 0 {
            lines.append("overlaps: \(notesShortened) shortened, \(notesLengthened) lengthened to one 16th, \(notesDropped) dropped")
        }
        if notesMoved > 0 {
            let steps = (largestShiftSteps * 100).rounded() / 100
            lines.append("largest shift: \(largestShiftTicks) ticks (\(steps) 16ths); bars with moved notes: \(barsWithMovedNotes.map(String.init).joined(separator: " "))")
        }
        for note in transposedNotes {
            lines.append("out of range: \(note.voice) bar \(note.bar) pitch \(note.originalPitch) → \(note.importedPitch)")
        }
        if pickupSteps > 0 || trimmedLeadingSteps > 0 {
            lines.append("pickup: \(pickupSteps) 16ths; leading silence removed: \(trimmedLeadingSteps) 16ths")
        }
        for warning in warnings {
            lines.append("warning: \(warning)")
        }
        return lines.joined(separator: "\n")
    }
}
