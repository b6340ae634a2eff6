/// One feature of the grading function; each gets its own grade.
public enum GradingFeature: String, CaseIterable, Codable, Sendable {
    /// Scale degrees (with alteration) of every sounding step, against Bach's for the mode.
    case note
    /// Note and rest durations.
    case rhythm
    /// Parallel fifths and octaves, weighted by how often they occur per note compared with Bach.
    case parallelError
    /// Chord qualities of the vertical sonorities, against Bach's for the mode.
    case harmonicQuality
    /// Directed melodic intervals of the soprano, against Bach's for the mode.
    case sopranoInterval
    /// Directed melodic intervals of the alto.
    case altoInterval
    /// Directed melodic intervals of the tenor.
    case tenorInterval
    /// Directed melodic intervals of the bass.
    case bassInterval
    /// Lengths of maximal repeated sequences within each voice.
    case repeatedSequence

    /// The interval feature of `voice`.
    public static func interval(_ voice: Voice) -> GradingFeature {
        [.sopranoInterval, .altoInterval, .tenorInterval, .bassInterval][voice.rawValue]
    }

    /// Whether Bach's distribution for this feature depends on the mode of the key.
    public var dependsOnMode: Bool {
        switch self {
        case .note, .harmonicQuality, .sopranoInterval, .altoInterval, .tenorInterval, .bassInterval: return true
        case .rhythm, .parallelError, .repeatedSequence: return false
        }
    }
}
