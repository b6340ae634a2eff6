/// The model's token vocabulary: MIDI pitches 30…86 are tokens 0…56 and a rest is token 57,
/// so there are 58 tokens. This type is the only place that maps pitches to tokens.
///
/// The pitch span is that of the JSB chorales (MIDI 36…81) transposed by −6…+5 semitones.
/// The rest token lets the model harmonize melodies with rests.
public enum TokenVocabulary {
    /// The lowest pitch with a token (token 0).
    public static let lowestPitch = 30
    /// The highest pitch with a token (token 56).
    public static let highestPitch = 86
    /// The pitches that have a token.
    public static let pitchRange = lowestPitch...highestPitch
    /// The token of a rest, after the 57 pitch tokens.
    public static let restToken = highestPitch - lowestPitch + 1
    /// The number of tokens: 57 pitches plus the rest.
    public static let size = restToken + 1

    /// Returns the token of a grid cell (a MIDI pitch or `SATBGrid.rest`), or nil when the pitch
    /// has no token.
    public static func token(forCell cell: Int) -> Int? {
        if cell == SATBGrid.rest { return restToken }
        guard pitchRange.contains(cell) else { return nil }
        return cell - lowestPitch
    }

    /// Returns the token of the cell of `voice` at `step`; throws `VocabularyError.pitchOutOfRange`
    /// naming the pitch, voice and step when the pitch has no token.
    public static func token(forCell cell: Int, voice: Voice, step: Int) throws -> Int {
        guard let token = token(forCell: cell) else {
            throw VocabularyError.pitchOutOfRange(pitch: cell, voice: voice, step: step)
        }
        return token
    }

    /// Returns the grid cell of a token: a MIDI pitch, or `SATBGrid.rest` for the rest token;
    /// nil for a value outside 0..<size.
    public static func cell(forToken token: Int) -> Int? {
        if token == restToken { return SATBGrid.rest }
        guard (0..<restToken).contains(token) else { return nil }
        return token + lowestPitch
    }

    /// Returns whether a cell value (MIDI pitch or rest) has a token.
    public static func contains(cell: Int) -> Bool {
        token(forCell: cell) != nil
    }
}

/// A pitch or token that the vocabulary cannot represent.
public enum VocabularyError: Error, Equatable, CustomStringConvertible {
    case pitchOutOfRange(pitch: Int, voice: Voice, step: Int)
    case tokenOutOfRange(token: Int, voice: Voice, step: Int)
    case wrongTokenCount(count: Int, expected: Int)
    case transpositionOutOfRange(semitones: Int, pitch: Int, voice: Voice, step: Int)

    public var description: String {
        let range = "MIDI \(TokenVocabulary.lowestPitch)…\(TokenVocabulary.highestPitch)"
        switch self {
        case .pitchOutOfRange(let pitch, let voice, let step):
            return "\(voice) at step \(step) has pitch \(pitch), outside the model range \(range); transpose it by octaves into that range"
        case .tokenOutOfRange(let token, let voice, let step):
            return "\(voice) at step \(step) has token \(token); expected 0…\(TokenVocabulary.size - 1)"
        case .wrongTokenCount(let count, let expected):
            return "token array has \(count) values; expected \(expected) (4 voices × steps, voice-major)"
        case .transpositionOutOfRange(let semitones, let pitch, let voice, let step):
            return "transposing by \(semitones) semitones moves \(voice) pitch \(pitch) at step \(step) outside the model range \(range); choose a smaller interval"
        }
    }
}
