/// Major or minor, the two modes the grader distinguishes.
public enum Mode: String, Codable, Sendable, CaseIterable {
    case major, minor
}

/// A key found by correlating a chorale's pitch-class durations with major and minor key profiles.
///
/// The method is Krumhansl–Schmuckler profile matching (Krumhansl, "Cognitive Foundations of
/// Musical Pitch", 1990) with the Aarden–Essen profiles, which is what music21's
/// `analyze('key')` runs and what the published grader uses: for each of the 24 keys, the
/// Pearson correlation between the rotated profile and the pitch-class histogram; the highest
/// wins.
public struct GradingKeyEstimate: Equatable, Sendable, Codable {
    /// The tonic pitch class, 0 = C … 11 = B.
    public let tonicPitchClass: Int
    public let mode: Mode
    /// The Pearson correlation of the winning key, in -1…1.
    public let correlation: Double

    /// Aarden–Essen major profile, C major at index 0 (values as music21 lists them).
    static let majorProfile: [Double] = [17.7661, 0.145624, 14.9265, 0.160186, 19.8049, 11.3587,
                                         0.291248, 22.062, 0.145624, 8.15494, 0.232998, 4.95122]
    /// Aarden–Essen minor profile, C minor at index 0.
    static let minorProfile: [Double] = [18.2648, 0.737619, 14.0499, 16.8599, 0.702494, 14.4362,
                                         0.702494, 18.6161, 4.56621, 1.93186, 7.37619, 1.75623]

    public init(tonicPitchClass: Int, mode: Mode, correlation: Double) {
        precondition((0..<12).contains(tonicPitchClass), "tonic pitch class \(tonicPitchClass) is outside 0…11")
        self.tonicPitchClass = tonicPitchClass
        self.mode = mode
        self.correlation = correlation
    }

    /// Estimates the key from twelve pitch-class weights (durations, any unit).
    ///
    /// Returns nil when every weight is zero, because no key can be told from silence. Ties keep
    /// the first key in the order C…B major, then C…B minor.
    public static func estimate(pitchClassWeights weights: [Double]) -> GradingKeyEstimate? {
        precondition(weights.count == 12, "expected 12 pitch-class weights, got \(weights.count)")
        guard weights.contains(where: { $0 > 0 }) else { return nil }
        var best: GradingKeyEstimate?
        for mode in Mode.allCases {
            let profile = mode == .major ? majorProfile : minorProfile
            for tonic in 0..<12 {
                let r = correlation(profile: profile, tonic: tonic, weights: weights)
                if best == nil || r > best!.correlation {
                    best = GradingKeyEstimate(tonicPitchClass: tonic, mode: mode, correlation: r)
                }
            }
        }
        return best
    }

    /// Estimates the key of a grid from the duration (in steps) of every pitch class over all voices.
    public static func estimate(_ grid: SATBGrid) -> GradingKeyEstimate? {
        var weights = [Double](repeating: 0, count: 12)
        for row in grid.pitches {
            for pitch in row where pitch != SATBGrid.rest {
                weights[pitch % 12] += 1
            }
        }
        return estimate(pitchClassWeights: weights)
    }

    /// Pearson correlation between the profile rotated to `tonic` and the weights; 0 when either is constant.
    private static func correlation(profile: [Double], tonic: Int, weights: [Double]) -> Double {
        let profileMean = profile.reduce(0, +) / 12
        let weightMean = weights.reduce(0, +) / 12
        var covariance = 0.0, profileSquares = 0.0, weightSquares = 0.0
        for pitchClass in 0..<12 {
            let p = profile[(pitchClass - tonic + 12) % 12] - profileMean
            let w = weights[pitchClass] - weightMean
            covariance += p * w
            profileSquares += p * p
            weightSquares += w * w
        }
        guard profileSquares > 0, weightSquares > 0 else { return 0 }
        return covariance / (profileSquares * weightSquares).squareRoot()
    }

    /// The tonic as music21 spells it: the default spelling of the pitch class, except that a
    /// major key on G♯ is spelled A♭ (music21 keeps only conventional key names).
    var spelledTonic: DefaultSpelledPitch {
        if mode == .major && tonicPitchClass == 8 {
            return DefaultSpelledPitch(letter: 5, alter: -1, pitchClass: 8)
        }
        return DefaultSpelledPitch(defaultSpellingOf: 60 + tonicPitchClass)
    }

    /// The key's name with music21's accidental signs, for example `A- major` or `f# minor`.
    public var name: String {
        let tonic = spelledTonic
        let letters = ["C", "D", "E", "F", "G", "A", "B"]
        var letter = letters[tonic.letter]
        if mode == .minor { letter = letter.lowercased() }
        let accidental = tonic.alter > 0 ? "#" : (tonic.alter < 0 ? "-" : "")
        return letter + accidental + " " + mode.rawValue
    }

    /// The scale degree (1…7) and the alteration against the key's scale of `pitch`, as music21's
    /// `Key.getScaleDegreeAndAccidentalFromPitch` returns them for a major or natural-minor scale.
    func scaleDegree(of pitch: DefaultSpelledPitch) -> (degree: Int, alteration: Int) {
        let majorSteps = [0, 2, 4, 5, 7, 9, 11]
        let minorSteps = [0, 2, 3, 5, 7, 8, 10]
        let tonic = spelledTonic
        let degreeIndex = ((pitch.letter - tonic.letter) % 7 + 7) % 7
        let scalePitchClass = (tonicPitchClass + (mode == .major ? majorSteps : minorSteps)[degreeIndex]) % 12
        let alteration = ((pitch.pitchClass - scalePitchClass + 6) % 12 + 12) % 12 - 6
        return (degreeIndex + 1, alteration)
    }
}

extension DefaultSpelledPitch {
    /// A spelled pitch class with no octave, for key tonics; `midi` holds the pitch class in octave 4.
    init(letter: Int, alter: Int, pitchClass: Int) {
        self.init(spelledMidi: 60 + pitchClass, letter: letter, alter: alter)
    }
}
