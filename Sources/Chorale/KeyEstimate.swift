/// The key that best fits a piece's pitch content, by the Krumhansl–Schmuckler method: the
/// Pearson correlation between the piece's total duration per pitch class and the
/// Krumhansl–Kessler key profile of each of the 24 keys (C. L. Krumhansl, "Cognitive Foundations
/// of Musical Pitch", 1990). The key with the highest correlation wins.
public struct KeyEstimate: Equatable, Sendable {
    public let key: Key
    /// The winning correlation, −1…1.
    public let correlation: Double

    /// Probe-tone ratings of the major key profile, from the tonic upwards in semitones
    /// (Krumhansl and Kessler 1982).
    public static let majorProfile: [Double] = [6.35, 2.23, 3.48, 2.33, 4.38, 4.09, 2.52, 5.19, 2.39, 3.66, 2.29, 2.88]
    /// Probe-tone ratings of the minor key profile (Krumhansl and Kessler 1982).
    public static let minorProfile: [Double] = [6.33, 2.68, 3.52, 5.38, 2.60, 3.53, 2.54, 4.75, 3.98, 2.69, 3.34, 3.17]

    /// Returns the best key for twelve durations indexed by pitch class (0 = C), or nil when every
    /// duration is equal (silence gives no evidence). Ties go to the first key in the order
    /// C major, C minor, C# major, ….
    public static func estimate(pitchClassDurations durations: [Double]) -> KeyEstimate? {
        precondition(durations.count == 12, "KeyEstimate needs 12 pitch-class durations, got \(durations.count)")
        var best: KeyEstimate?
        for tonic in 0..<12 {
            for (mode, profile) in [(Key.Mode.major, majorProfile), (.minor, minorProfile)] {
                // Profile value for pitch class pc is the rating of the interval pc − tonic.
                let rotated = (0..<12).map { profile[($0 - tonic + 12) % 12] }
                guard let r = pearsonCorrelation(durations, rotated) else { return nil }
                if best == nil || r > best!.correlation {
                    best = KeyEstimate(key: Key(tonic: tonic, mode: mode), correlation: r)
                }
            }
        }
        return best
    }

    /// Returns the best key for a grid, or nil for a grid with no notes. Each pitch class is
    /// weighted by the number of steps it sounds, summed over the voices.
    public static func estimate(for grid: SATBGrid) -> KeyEstimate? {
        estimate(pitchClassDurations: pitchClassDurations(of: grid))
    }

    /// Returns the number of voice-steps each pitch class sounds in `grid`, indexed 0 = C … 11 = B.
    public static func pitchClassDurations(of grid: SATBGrid) -> [Double] {
        var durations = Array(repeating: 0.0, count: 12)
        for row in grid.pitches {
            for cell in row where cell != SATBGrid.rest {
                durations[cell % 12] += 1
            }
        }
        return durations
    }

    /// Returns Pearson's r of two equal-length samples, or nil when either has zero variance.
    static func pearsonCorrelation(_ x: [Double], _ y: [Double]) -> Double? {
        let n = Double(x.count)
        let meanX = x.reduce(0, +) / n
        let meanY = y.reduce(0, +) / n
        var covariance = 0.0
        var varianceX = 0.0
        var varianceY = 0.0
        for i in x.indices {
            covariance += (x[i] - meanX) * (y[i] - meanY)
            varianceX += (x[i] - meanX) * (x[i] - meanX)
            varianceY += (y[i] - meanY) * (y[i] - meanY)
        }
        guard varianceX > 0, varianceY > 0 else { return nil }
        return covariance / (varianceX * varianceY).squareRoot()
    }
}
