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

    /// Ranks by the overall Bach-or-Mock grade of the shipped reference, so the candidate that
    /// grades most like Bach comes first. Throws when the shipped reference cannot be read.
    public static func bachGrade() throws -> CandidateRanking {
        let grader = try Grader.shipped()
        return CandidateRanking(name: "Bach-style grade") { candidate, _ in
            grader.grade(candidate.grid).overall
        }
    }

}
