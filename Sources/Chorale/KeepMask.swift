/// The cells the sampler must keep: 4 voices × T steps of Bool, `true` = keep (the cell is
/// given and never changed), `false` = regenerate. This type is the one place that defines the
/// 1 = keep convention, and files and the model see it as 1 and 0.
public struct KeepMask: Equatable, Hashable, Codable, Sendable {
    /// `keep[voice.rawValue][step]`; all four rows have equal length.
    public private(set) var keep: [[Bool]]

    /// The number of steps.
    public var steps: Int { keep[0].count }

    /// Creates a mask of `steps` steps with every cell set to `keep`.
    public init(steps: Int, keepingAll keepAll: Bool) {
        precondition(steps >= 0, "KeepMask steps must be non-negative, got \(steps)")
        keep = Array(repeating: Array(repeating: keepAll, count: steps), count: 4)
    }

    /// Creates a mask from four rows of 0 (regenerate) and 1 (keep), as session files store it.
    /// Throws `KeepMaskError` for a wrong shape or a value other than 0 or 1.
    public init(rows: [[Int]]) throws {
        guard rows.count == 4 else { throw KeepMaskError.wrongVoiceCount(rows.count) }
        let lengths = rows.map(\.count)
        guard Set(lengths).count == 1 else { throw KeepMaskError.unequalVoiceLengths(lengths) }
        keep = try Voice.allCases.map { voice in
            try rows[voice.rawValue].enumerated().map { step, value in
                guard value == 0 || value == 1 else {
                    throw KeepMaskError.invalidValue(value, voice: voice, step: step)
                }
                return value == 1
            }
        }
    }

    public subscript(voice: Voice, step: Int) -> Bool {
        get { keep[voice.rawValue][step] }
        set { keep[voice.rawValue][step] = newValue }
    }

    /// Sets every cell of `voices` in the steps `range` to `keep`.
    public mutating func set(_ keep: Bool, voices: [Voice] = Voice.allCases, steps range: Range<Int>) {
        precondition(range.lowerBound >= 0 && range.upperBound <= steps,
                     "KeepMask range \(range) is outside 0..<\(steps)")
        for voice in voices {
            for step in range { self.keep[voice.rawValue][step] = keep }
        }
    }

    /// Returns the rows as 0/1 integers, the session-file form.
    public var rows: [[Int]] { keep.map { $0.map { $0 ? 1 : 0 } } }

    /// Returns the mask flattened voice-major as 1 (keep) and 0 (regenerate), shape [4·T],
    /// matching `SATBGrid.flatTokens()`.
    public func flatValues() -> [Float] {
        keep.flatMap { $0.map { $0 ? 1 : 0 } }
    }

    /// The number of cells kept.
    public var keptCount: Int { keep.reduce(0) { $0 + $1.filter { $0 }.count } }
}

/// Mask rows that do not form a 4 × T keep mask.
public enum KeepMaskError: Error, Equatable, CustomStringConvertible {
    case wrongVoiceCount(Int)
    case unequalVoiceLengths([Int])
    case invalidValue(Int, voice: Voice, step: Int)

    public var description: String {
        switch self {
        case .wrongVoiceCount(let count):
            return "keep mask has \(count) rows; expected 4 (soprano, alto, tenor, bass)"
        case .unequalVoiceLengths(let lengths):
            return "keep mask rows have unequal lengths \(lengths); every voice needs the same number of steps"
        case .invalidValue(let value, let voice, let step):
            return "keep mask \(voice) at step \(step) is \(value); expected 1 (keep) or 0 (regenerate)"
        }
    }
}
