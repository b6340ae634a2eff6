import Chorale

/// The order of best-of-N candidates: a score per candidate, lower is better.
public struct CandidateRanking: Sendable {
    /// The name shown to the user, such as "model log-likelihood".
    public let name: String
    /// Maps a candidate's score (trimmed to the piece) and its mean model log-likelihood per
    /// regenerated cell to a ranking score; lower ranks first.
    public let score: @Sendable (_ candidate: Score, _ logLikelihood: Double) throws -> Double

    public init(name: String, score: @escaping @Sendable (_ candidate: Score, _ logLikelihood: Double) throws -> Double) {
        self.name = name
        self.score = score
    }

    /// Ranks by the negative mean model log-likelihood, so the most likely candidate comes first.
    public static let modelLikelihood = CandidateRanking(name: "model log-likelihood") { _, logLikelihood in
        -logLikelihood
    }

    /// The ranking that best-of-N uses unless the caller passes another.
    ///
    /// NOTE: this is the model log-likelihood because the Bach-or-Mock grader is not in the
    /// Chorale target yet. Once it is, return a ranking by its overall grade here; every caller
    /// (CLI and editor) picks up the change.
    public static var `default`: CandidateRanking { .modelLikelihood }
}
