import Chorale

/// A generation request that cannot run, or a sampled result that breaks the kept-cell guarantee.
public enum GenerationError: Error, Equatable, CustomStringConvertible {
    /// No model path was given, `SUNMASK_MODEL` is unset and no model ships with the program.
    case noModel
    /// The model's grid shape differs from the chorale vocabulary's 4 voices × 58 tokens.
    case modelShape(path: String, voices: Int, vocabulary: Int)
    /// A kept cell contains a pitch that has no token in the vocabulary.
    case keptPitchOutOfRange(voice: Voice, bar: Int, step: Int, pitch: Int)
    /// The keep mask and the score have different lengths.
    case maskLength(mask: Int, score: Int)
    /// The score has no steps.
    case emptyScore
    /// A window setting that cannot tile a piece.
    case invalidWindow(window: Int, hop: Int, timeMultiple: Int)
    /// The sampler changed a kept cell: a bug in the sampler or in this layer, never bad input.
    case keptCellChanged(voice: Voice, step: Int, expected: Int, actual: Int)

    public var description: String {
        let range = "\(TokenVocabulary.lowestPitch)…\(TokenVocabulary.highestPitch)"
        switch self {
        case .noModel:
            return "no trained model found: none given by --model or SUNMASK_MODEL, and none ships beside the "
                + "sunmask binary; pass --model FILE, or install the program with 'make install'"
        case let .modelShape(path, voices, vocabulary):
            return "model \(path) has \(voices) voices and \(vocabulary) tokens; expected 4 voices and "
                + "\(TokenVocabulary.size) tokens (MIDI \(range) plus a rest), so pass a chorale model"
        case let .keptPitchOutOfRange(voice, bar, step, pitch):
            return "kept \(voice) note \(pitch) in bar \(bar) (step \(step)) is outside the model range MIDI \(range); "
                + "transpose the piece or regenerate that note"
        case let .maskLength(mask, score):
            return "keep mask has \(mask) steps but the score has \(score); pass a mask of the score's length"
        case .emptyScore:
            return "score has no steps; pass a piece with at least one note or rest"
        case let .invalidWindow(window, hop, multiple):
            return "window of \(window) steps with hop \(hop) is invalid; expected a window that is a positive "
                + "multiple of \(multiple) and a hop in 1…window"
        case let .keptCellChanged(voice, step, expected, actual):
            return "internal error: sampling changed the kept \(voice) cell at step \(step) from \(expected) to "
                + "\(actual); please report this"
        }
    }
}
