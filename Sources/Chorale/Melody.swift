/// A single melodic line with note values, the form in which example tunes are stored before
/// they become a soprano line on the grid.
public struct Melody: Equatable, Sendable {
    /// One note or rest: a MIDI pitch (or `SATBGrid.rest`) and a length in 16th-note steps.
    public struct Note: Equatable, Sendable {
        public var pitch: Int
        public var steps: Int

        public init(_ pitch: Int, _ steps: Int) {
            self.pitch = pitch
            self.steps = steps
        }

        public static func rest(_ steps: Int) -> Note { Note(SATBGrid.rest, steps) }
    }

    public var title: String
    /// Composer and edition the notes were taken from.
    public var source: String
    public var timeSignature: TimeSignature
    /// Steps before the first full bar.
    public var pickupSteps: Int
    /// Quarter notes per minute.
    public var tempo: Double
    public var notes: [Note]

    public init(title: String, source: String, timeSignature: TimeSignature = .fourFour,
                pickupSteps: Int = 0, tempo: Double, notes: [Note]) {
        self.title = title
        self.source = source
        self.timeSignature = timeSignature
        self.pickupSteps = pickupSteps
        self.tempo = tempo
        self.notes = notes
    }

    /// The total length in 16th-note steps.
    public var steps: Int { notes.reduce(0) { $0 + $1.steps } }

    /// Returns the melody as the soprano of a score whose other voices rest.
    ///
    /// The grid does not record re-strikes, so two consecutive notes of the same pitch become
    /// one held note. Throws `GridError.pitchOutOfRange` for a pitch that is neither a rest nor
    /// MIDI 0…127.
    public func score() throws -> Score {
        var soprano: [Int] = []
        for note in notes {
            precondition(note.steps >= 1, "Melody \"\(title)\" has a note of \(note.steps) steps; notes need at least 1")
            soprano += Array(repeating: note.pitch, count: note.steps)
        }
        let silence = Array(repeating: SATBGrid.rest, count: soprano.count)
        let grid = try SATBGrid(pitches: [soprano, silence, silence, silence])
        return Score(grid: grid, timeSignature: timeSignature, pickupSteps: pickupSteps, tempo: tempo)
    }
}
