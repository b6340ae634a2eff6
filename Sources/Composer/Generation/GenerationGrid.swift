// Shape legend: V = 4 voices, T the score's steps, P the padded steps (T rounded up to the
// model's time multiple). Token arrays are voice-major: index v·P + t.

import Chorale

/// A score and keep mask as the sampler's token and keep arrays, padded to a length the model
/// accepts, and the way back.
///
/// Padding: when T is not a multiple of the model's time multiple m, the grid gets P − T < m
/// extra steps at the end. Every padded cell of every voice is regenerated (keep 0), so the
/// model writes a short continuation there instead of reading a silence the chorales never
/// contain. `score(fromTokens:)` drops those steps again.
public struct GenerationGrid: Equatable, Sendable {
    /// The score the grid was built from; its grid supplies every kept cell.
    public let score: Score
    /// The keep mask, [4][T].
    public let keep: KeepMask
    /// T, the score's number of steps.
    public var steps: Int { score.grid.steps }
    /// P, the padded number of steps, the least multiple of the time multiple ≥ T.
    public let paddedSteps: Int
    /// The tokens, [V·P]. Regenerated and padded cells hold the rest token as a placeholder.
    public let tokens: [Int32]
    /// The keep values, [V·P], 1 = keep and 0 = regenerate; 0 in the padding.
    public let keepValues: [UInt8]

    /// Builds the arrays.
    ///
    /// - Throws: `GenerationError.emptyScore`, `.maskLength` when the mask has another length,
    ///   and `.keptPitchOutOfRange` naming the voice, bar and pitch of the first kept cell
    ///   without a token. Regenerated cells may hold any pitch, since the sampler replaces it.
    public init(score: Score, keep: KeepMask, timeMultiple: Int) throws {
        precondition(timeMultiple >= 1, "GenerationGrid needs a time multiple ≥ 1, got \(timeMultiple)")
        let T = score.grid.steps
        guard T > 0 else { throw GenerationError.emptyScore }
        guard keep.steps == T else { throw GenerationError.maskLength(mask: keep.steps, score: T) }
        let P = (T + timeMultiple - 1) / timeMultiple * timeMultiple

        var tokens = [Int32](repeating: Int32(TokenVocabulary.restToken), count: 4 * P)
        var keepValues = [UInt8](repeating: 0, count: 4 * P)
        for voice in Voice.allCases {
            for t in 0..<T where keep[voice, t] {
                let pitch = score.grid[voice, t]
                guard let token = TokenVocabulary.token(forCell: pitch) else {
                    let bar = GenerationGrid.bar(ofStep: t, in: score)
                    throw GenerationError.keptPitchOutOfRange(voice: voice, bar: bar, step: t, pitch: pitch)
                }
                tokens[voice.rawValue * P + t] = Int32(token)
                keepValues[voice.rawValue * P + t] = 1
            }
        }
        self.score = score
        self.keep = keep
        self.paddedSteps = P
        self.tokens = tokens
        self.keepValues = keepValues
    }

    /// Returns the score with the grid of `tokens` ([V·P]) trimmed to T steps, keeping the
    /// meter, pickup and tempo of the input score.
    ///
    /// - Throws: `VocabularyError.tokenOutOfRange` for a token outside the vocabulary, and
    ///   `GenerationError.keptCellChanged` when a kept cell differs from the input score.
    public func score(fromTokens sampled: [Int32]) throws -> Score {
        precondition(sampled.count == 4 * paddedSteps,
                     "GenerationGrid.score(fromTokens:) needs \(4 * paddedSteps) tokens, got \(sampled.count)")
        let T = steps
        let P = paddedSteps
        let rows = (0..<4).map { v in Array(sampled[(v * P)..<(v * P + T)]) }
        let grid = try SATBGrid(tokenRows: rows)
        for voice in Voice.allCases {
            for t in 0..<T where keep[voice, t] && grid[voice, t] != score.grid[voice, t] {
                throw GenerationError.keptCellChanged(voice: voice, step: t, expected: score.grid[voice, t],
                                                      actual: grid[voice, t])
            }
        }
        var result = score
        result.grid = grid
        return result
    }

    /// Returns the bar number of `step` as composers count it (a pickup is bar 0), for messages.
    static func bar(ofStep step: Int, in score: Score) -> Int {
        do {
            return try score.barLayout().position(ofStep: step).bar
        } catch {
            // A meter or pickup the bar layout rejects still gets a bar number, counted from 1
            // at step 0, because the message only needs to point the composer to the place.
            return step / max(score.timeSignature.stepsPerBar, 1) + 1
        }
    }
}
