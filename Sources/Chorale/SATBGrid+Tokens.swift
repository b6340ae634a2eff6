// Conversions between a grid and the model's token arrays, in both directions.
// Shapes: tokens [V][T] (V = 4 voices), or flat [V·T] in voice-major order,
// so flat[v * T + t] is voice v at step t.

extension SATBGrid {
    /// Returns the tokens as four rows of `steps` tokens, shape [4][T]; throws
    /// `VocabularyError.pitchOutOfRange` at the first cell outside the vocabulary.
    public func tokenRows() throws -> [[Int32]] {
        try Voice.allCases.map { voice in
            try pitches[voice.rawValue].enumerated().map { step, cell in
                Int32(try TokenVocabulary.token(forCell: cell, voice: voice, step: step))
            }
        }
    }

    /// Returns the tokens flattened voice-major, shape [4·T]: index `voice * steps + step`.
    public func flatTokens() throws -> [Int32] {
        try tokenRows().flatMap { $0 }
    }

    /// Creates a grid from four rows of tokens, shape [4][T]; throws `GridError` for a wrong
    /// shape and `VocabularyError.tokenOutOfRange` for a value outside 0..<58.
    public init(tokenRows: [[Int32]]) throws {
        guard tokenRows.count == 4 else {
            throw GridError.wrongVoiceCount(tokenRows.count)
        }
        let rows = try Voice.allCases.map { voice in
            try tokenRows[voice.rawValue].enumerated().map { step, token in
                guard let cell = TokenVocabulary.cell(forToken: Int(token)) else {
                    throw VocabularyError.tokenOutOfRange(token: Int(token), voice: voice, step: step)
                }
                return cell
            }
        }
        try self.init(pitches: rows)
    }

    /// Creates a grid of `steps` steps from voice-major flat tokens, shape [4·steps].
    public init(flatTokens: [Int32], steps: Int) throws {
        guard steps >= 0, flatTokens.count == 4 * steps else {
            throw VocabularyError.wrongTokenCount(count: flatTokens.count, expected: 4 * max(steps, 0))
        }
        let rows = (0..<4).map { voice in Array(flatTokens[(voice * steps)..<((voice + 1) * steps)]) }
        try self.init(tokenRows: rows)
    }
}
