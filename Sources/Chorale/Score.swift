/// A meter such as 4/4 or 3/2.
public struct TimeSignature: Equatable, Hashable, Codable, Sendable {
    /// Beats per bar (the numerator).
    public var beats: Int
    /// The note value of one beat (the denominator): 4 for a quarter note, 2 for a half note.
    public var beatUnit: Int

    public init(beats: Int, beatUnit: Int) {
        self.beats = beats
        self.beatUnit = beatUnit
    }

    /// Common time, the meter of almost every Bach chorale.
    public static let fourFour = TimeSignature(beats: 4, beatUnit: 4)

    /// The length of one beat in 16th-note steps (4 for a quarter-note beat).
    public var stepsPerBeat: Int { 16 / beatUnit }

    /// The length of one bar in 16th-note steps.
    public var stepsPerBar: Int { beats * stepsPerBeat }
}

/// A chorale as the product edits it: the grid plus the meter, pickup and tempo needed to
/// place bars and to play it.
public struct Score: Equatable, Codable, Sendable {
    public var grid: SATBGrid
    public var timeSignature: TimeSignature
    /// Steps before the first full bar (0 when the piece starts on a downbeat).
    public var pickupSteps: Int
    /// Quarter notes per minute.
    public var tempo: Double

    public init(grid: SATBGrid, timeSignature: TimeSignature = .fourFour,
                pickupSteps: Int = 0, tempo: Double = 80) {
        self.grid = grid
        self.timeSignature = timeSignature
        self.pickupSteps = pickupSteps
        self.tempo = tempo
    }
}
