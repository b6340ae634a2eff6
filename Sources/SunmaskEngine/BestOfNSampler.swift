// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// One sampled candidate of a best-of-N run with its ranking.
public struct RankedCandidate: Equatable, Sendable {
    /// The candidate's global index, which also selects its random stream.
    public let candidate: Int
    /// The sampled grid [V, T].
    public let tokens: [Int32]
    /// The mean log-probability of its regenerated cells under the model.
    public let logLikelihood: Double
    /// The ranking score; lower is better.
    public let score: Double
}

/// The outcome of a best-of-N run.
public struct BestOfNResult {
    /// The best candidates, best first: `keep` of them, or fewer when cancelled early.
    public let best: [RankedCandidate]
    /// The number of candidates that finished sampling and were scored.
    public let sampledCandidates: Int
    /// Whether the run stopped early.
    public let cancelled: Bool
}

/// Best-of-N sampling: samples N candidates from one grid and keeps the M with the lowest
/// score, running the candidates in batches of `batchSize` through one model.
///
/// Candidate `i` uses the random stream `(seed, i)` whatever `batchSize` is, so the result
/// does not depend on the batch size.
public struct BestOfNSampler {
    /// The model `f(x, m)`.
    public let model: any CellModel
    /// The settings and the candidate counts N and M.
    public var preset: SamplerPreset
    /// The number of candidates advancing together through one model call, at least 1.
    public var batchSize: Int

    public init(model: any CellModel, preset: SamplerPreset, batchSize: Int = 16) {
        self.model = model
        self.preset = preset
        self.batchSize = batchSize
    }

    /// Scores a candidate by its negative mean log-likelihood, so the most likely grid ranks first.
    public static func negativeLogLikelihood(_ tokens: [Int32], _ logLikelihood: Double) -> Double {
        -logLikelihood
    }

    /// Samples `preset.candidates` candidates from `tokens` and `keep` ([V, T]) and returns the
    /// best `preset.keep`, ranked by `score` with lower first. Equal scores are ordered by
    /// candidate index, and NaN scores rank last.
    ///
    /// - Parameters:
    ///   - score: maps a candidate's grid [V, T] and its model log-likelihood to a score.
    ///   - progress: called after every step index of every batch; `firstCandidate` of the
    ///     report tells which batch. `.stop` ends the run.
    /// - Throws: `SamplerError` for invalid settings or input, or an error of the model or of
    ///   `score`.
    public func run(tokens: [Int32], keep: [UInt8], steps: Int,
                    score: (_ tokens: [Int32], _ logLikelihood: Double) throws -> Double = negativeLogLikelihood,
                    cancellation: SamplerCancellation? = nil,
                    progress: ((SamplerProgress) -> SamplerControl)? = nil) throws -> BestOfNResult {
        try preset.validate()
        guard batchSize >= 1 else {
            throw SamplerError.invalidSetting(name: "batchSize", value: "\(batchSize)", expected: "an integer ≥ 1")
        }
        let sampler = MaskedSampler(model: model, settings: preset.settings)

        var ranked: [RankedCandidate] = []
        var cancelled = false
        var first = 0
        while first < preset.candidates && !cancelled {
            let count = min(batchSize, preset.candidates - first)
            let input = try CellGrids(repeating: tokens, keep: keep, voices: model.voices, steps: steps, batch: count)
            let result = try sampler.sample(input, firstCandidate: first, cancellation: cancellation,
                                            progress: progress)
            if result.cancelled {
                cancelled = true
                break
            }
            let likelihoods = result.logLikelihoods ?? []
            for b in 0..<count {
                let grid = result.grids.tokens(ofGrid: b)
                let value = try score(grid, likelihoods[b])
                ranked.append(RankedCandidate(candidate: first + b, tokens: grid,
                                              logLikelihood: likelihoods[b], score: value))
            }
            first += count
        }

        let sampled = ranked.count
        ranked.sort { a, b in
            if a.score.isNaN != b.score.isNaN { return !a.score.isNaN }
            if a.score != b.score && !a.score.isNaN { return a.score < b.score }
            return a.candidate < b.candidate
        }
        return BestOfNResult(best: Array(ranked.prefix(preset.keep)), sampledCandidates: sampled,
                             cancelled: cancelled)
    }
}
