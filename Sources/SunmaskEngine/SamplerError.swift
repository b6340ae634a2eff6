/// A sampler input or setting that cannot be used, with the offending value.
public enum SamplerError: Error, Equatable, CustomStringConvertible {
    /// A sampler setting is outside its valid range.
    case invalidSetting(name: String, value: String, expected: String)
    /// A grid dimension is zero or negative.
    case invalidGridShape(batch: Int, voices: Int, steps: Int)
    /// The tokens or keep array does not hold B·V·T values.
    case gridCountMismatch(what: String, count: Int, expected: Int)
    /// A keep-mask value other than 0 or 1, at a flat [B, V, T] index.
    case invalidKeepValue(index: Int, value: UInt8)
    /// The grids have a different number of voices from the model.
    case voiceCountMismatch(grid: Int, model: Int)
    /// A kept cell holds a token outside `0 ..< vocabulary`.
    case tokenOutOfRange(grid: Int, voice: Int, step: Int, token: Int32, vocabulary: Int)
    /// The model returned logits of the wrong shape.
    case modelOutputShape(expected: [Int], actual: [Int])

    public var description: String {
        switch self {
        case let .invalidSetting(name, value, expected):
            return "sampler setting \(name) = \(value) is invalid: expected \(expected); change it and retry"
        case let .invalidGridShape(batch, voices, steps):
            return "grid shape [B \(batch), V \(voices), T \(steps)] is invalid: every dimension must be at least 1"
        case let .gridCountMismatch(what, count, expected):
            return "grid \(what) has \(count) values, expected B·V·T = \(expected); pass one value per cell"
        case let .invalidKeepValue(index, value):
            return "keep mask value \(value) at flat index \(index) is invalid: use 1 = keep or 0 = regenerate"
        case let .voiceCountMismatch(grid, model):
            return "grid has \(grid) voices but the model expects \(model); pass a grid with \(model) voices"
        case let .tokenOutOfRange(grid, voice, step, token, vocabulary):
            return "kept token \(token) at grid \(grid), voice \(voice), step \(step) is outside 0..<\(vocabulary); "
                + "fix the token or mark the cell for regeneration"
        case let .modelOutputShape(expected, actual):
            return "model returned logits of shape \(actual), expected \(expected); check the model adapter"
        }
    }
}
