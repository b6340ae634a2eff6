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

    /// Ranks by the overall Bach-style grade of `grader`, lower first, as best-of-N is defined.
    public static func overallGrade(_ grader: Grader) -> CandidateRanking {
        CandidateRanking(name: "overall grade") { candidate, _ in grader.grade(candidate.grid).overall }
    }

    /// Ranks by the overall grade of the grader shipped with the package; throws when its
    /// reference file is missing from the build.
    public static func shippedGrade() throws -> CandidateRanking {
        .overallGrade(try Grader.shipped())
    }

    /// The ranking `Harmonizer.generate` uses when the caller passes none. It needs no grader
    /// reference file; the command line and the editor pass `shippedGrade()` instead.
    public static var `default`: CandidateRanking { .modelLikelihood }
}
