/// Per-feature grades of one chorale and their sum. Lower is better; Bach's own chorales score
/// lowest on average.
public struct Grade: Equatable, Sendable {
    /// One grade per feature, each a Wasserstein distance to Bach's distribution (≥ 0, finite).
    public let features: [GradingFeature: Double]
    /// The sum of the feature grades.
    public let overall: Double
    /// The key the mode-dependent features were compared under; nil for a grid without notes.
    public let key: GradingKeyEstimate?

    public subscript(feature: GradingFeature) -> Double { features[feature] ?? 0 }
}

/// The "Bach or Mock" grading function (Fang, Liu, Hadjeres, Seetharaman and Pardo, "Bach or
/// Mock? A Grading Function for Chorales in the Style of J.S. Bach", 2020) on SATB grids.
///
/// Each feature grade is the 1-D Wasserstein distance between the chorale's category distribution
/// and Bach's, with categories placed on positions 0, 1, 2, … in order of Bach's frequency, as the
/// published grader places them. The parallel-error grade is further scaled by the chorale's
/// parallel errors per note over Bach's (0 without errors); the repeated-sequence grade places
/// sequence lengths at their own value. Where the published grader fails (a voice with no melodic
/// interval, a grid with no sonority), this one grades the empty distribution as a point mass one
/// position beyond every category: finite, and worse than any distribution the chorale could have
/// had.
public struct Grader: Sendable {
    public let reference: BachReference
    private let ordered: [String: OrderedCategories]
    /// Bach's repeated-sequence counts by length, index = length in steps.
    private let bachSequenceLengths: [Double]

    public init(reference: BachReference) {
        self.reference = reference
        var ordered: [String: OrderedCategories] = [:]
        for (name, counts) in reference.counts {
            ordered[name] = OrderedCategories(bachCounts: counts.mapValues(Double.init))
        }
        self.ordered = ordered
        var lengths: [Double] = []
        for (category, count) in reference.counts[GradingFeature.repeatedSequence.rawValue, default: [:]] {
            guard let length = Int(category), length >= 0 else { continue }
            if lengths.count <= length { lengths += [Double](repeating: 0, count: length + 1 - lengths.count) }
            lengths[length] += Double(count)
        }
        bachSequenceLengths = lengths
    }

    /// A grader on the reference that ships with the package.
    public static func shipped() throws -> Grader {
        Grader(reference: try BachReference.shipped())
    }

    /// Grades one chorale (any length; the model's chunks are 128 steps).
    public func grade(_ grid: SATBGrid) -> Grade {
        grade(ChoraleHistograms(grid))
    }

    /// Grades histograms already computed.
    public func grade(_ histograms: ChoraleHistograms) -> Grade {
        var features: [GradingFeature: Double] = [:]
        for feature in GradingFeature.allCases {
            let counts = histograms.counts[feature, default: [:]]
            switch feature {
            case .parallelError:
                features[feature] = parallelErrorGrade(counts, noteCount: histograms.noteCount)
            case .repeatedSequence:
                features[feature] = repeatedSequenceGrade(counts)
            default:
                let name = BachReference.distributionName(feature, mode: histograms.mode)
                features[feature] = ordered[name]?.distance(choraleCounts: counts) ?? 0
            }
        }
        let overall = GradingFeature.allCases.reduce(0) { $0 + features[$1]! }
        return Grade(features: features, overall: overall, key: histograms.key)
    }

    private func parallelErrorGrade(_ counts: [String: Int], noteCount: Int) -> Double {
        let errors = counts.values.reduce(0, +)
        guard errors > 0, noteCount > 0,
              let categories = ordered[GradingFeature.parallelError.rawValue] else { return 0 }
        let errorsPerNote = Double(errors) / Double(noteCount)
        return categories.distance(choraleCounts: counts) * errorsPerNote / reference.parallelErrorsPerNote
    }

    private func repeatedSequenceGrade(_ counts: [String: Int]) -> Double {
        var chorale = [Double](repeating: 0, count: bachSequenceLengths.count)
        for (category, count) in counts {
            guard let length = Int(category), length >= 0, count > 0 else { continue }
            if chorale.count <= length { chorale += [Double](repeating: 0, count: length + 1 - chorale.count) }
            chorale[length] += Double(count)
        }
        // No repeat at all counts as one sequence of length 0, as in the published grader.
        if !chorale.contains(where: { $0 > 0 }) {
            if chorale.isEmpty { chorale = [0] }
            chorale[0] = 1
        }
        var bach = bachSequenceLengths
        let size = max(chorale.count, bach.count, 1)
        chorale += [Double](repeating: 0, count: size - chorale.count)
        bach += [Double](repeating: 0, count: size - bach.count)
        return Wasserstein.distance(chorale, bach)
    }
}
