/// Four voices × T steps of a 16th-note grid; each cell is a MIDI pitch or a rest.
///
/// Consecutive equal pitches in one voice are one held note: the grid does not encode
/// whether a note is re-struck. A rest is stored as `SATBGrid.rest` (-1), the JSB convention.
public struct SATBGrid: Equatable, Hashable, Codable, Sendable {
    /// The pitch value that marks a rest.
    public static let rest = -1

    /// `pitches[voice.rawValue][step]`: a MIDI pitch 0…127, or `rest`. All four rows have equal length.
    public private(set) var pitches: [[Int]]

    /// The number of 16th-note steps.
    public var steps: Int { pitches[0].count }

    /// Creates an all-rest grid of `steps` steps.
    public init(steps: Int) {
        precondition(steps >= 0, "SATBGrid steps must be non-negative, got \(steps)")
        pitches = Array(repeating: Array(repeating: SATBGrid.rest, count: steps), count: 4)
    }

    /// Creates a grid from four rows (S, A, T, B) of equal length.
    public init(pitches: [[Int]]) throws {
        guard pitches.count == 4 else {
            throw GridError.wrongVoiceCount(pitches.count)
        }
        let lengths = pitches.map(\.count)
        guard Set(lengths).count == 1 else {
            throw GridError.unequalVoiceLengths(lengths)
        }
        for (voice, row) in pitches.enumerated() {
            if let step = row.firstIndex(where: { $0 != SATBGrid.rest && !(0...127).contains($0) }) {
                throw GridError.pitchOutOfRange(voice: Voice(rawValue: voice)!, step: step, pitch: row[step])
            }
        }
        self.pitches = pitches
    }

    /// The pitch of `voice` at `step`, or `rest`.
    public subscript(voice: Voice, step: Int) -> Int {
        get { pitches[voice.rawValue][step] }
        set {
            precondition(newValue == SATBGrid.rest || (0...127).contains(newValue),
                         "SATBGrid cell value \(newValue) is neither a rest nor a MIDI pitch 0…127")
            pitches[voice.rawValue][step] = newValue
        }
    }
}

/// A grid that cannot be built from the rows given.
public enum GridError: Error, Equatable, CustomStringConvertible {
    case wrongVoiceCount(Int)
    case unequalVoiceLengths([Int])
    case pitchOutOfRange(voice: Voice, step: Int, pitch: Int)

    public var description: String {
        switch self {
        case .wrongVoiceCount(let count):
            return "grid has \(count) voices; expected 4 rows (soprano, alto, tenor, bass)"
        case .unequalVoiceLengths(let lengths):
            return "grid voices have unequal lengths \(lengths); every voice needs the same number of steps"
        case .pitchOutOfRange(let voice, let step, let pitch):
            return "grid \(voice) at step \(step) has pitch \(pitch); expected a MIDI pitch 0…127 or -1 for a rest"
        }
    }
}
