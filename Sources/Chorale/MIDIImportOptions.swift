/// Choices the composer makes when importing a MIDI file.
public struct MIDIImportOptions: Equatable, Sendable {
    /// The handling of a note outside `pitchRange`.
    public enum OutOfRangePitches: Equatable, Sendable {
        /// Move the note by whole octaves into the range and list it in the report.
        case transposeByOctaves
        /// Throw `MIDIError.pitchOutOfRange` naming the first such note, its voice and bar.
        case reject
    }

    public var outOfRangePitches: OutOfRangePitches
    /// The pitches the model can write; defaults to the token vocabulary's MIDI 30…86.
    /// Must span at least an octave so that octave transposition always lands inside.
    public var pitchRange: ClosedRange<Int>
    /// The maximum piece length accepted, in 16th-note steps.
    public var maxSteps: Int

    public init(outOfRangePitches: OutOfRangePitches = .transposeByOctaves,
                pitchRange: ClosedRange<Int> = TokenVocabulary.pitchRange,
                maxSteps: Int = MIDIFileReader.defaultMaxSteps) {
        precondition(pitchRange.count >= 12, "pitch range \(pitchRange) spans less than an octave")
        precondition(maxSteps > 0, "maxSteps must be positive, got \(maxSteps)")
        self.outOfRangePitches = outOfRangePitches
        self.pitchRange = pitchRange
        self.maxSteps = maxSteps
    }
}
