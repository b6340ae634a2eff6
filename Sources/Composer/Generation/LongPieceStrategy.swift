/// How a piece is split into sampler calls.
///
/// The U-Net is convolutional in time, so it can sample a piece of any length (a multiple of
/// its time multiple) in one call. Windowed sampling instead runs windows of `window` steps,
/// `hop` steps apart, left to right. Each window keeps every cell that an earlier window
/// generated, so it continues the music on its left.
public enum LongPieceStrategy: Equatable, Sendable, CustomStringConvertible {
    /// One sampler call over the whole padded piece.
    case whole
    /// Overlapping windows; pieces no longer than `window` are sampled whole.
    case windowed(window: Int, hop: Int)

    /// The default: whole-piece sampling, which scored a higher model log-likelihood than
    /// 128/64 windows on long test-split chorales (the measurement is in docs/RESULTS.md).
    public static let `default` = LongPieceStrategy.whole

    /// 128-step windows (the training crop length) with hop 64.
    public static let standardWindows = LongPieceStrategy.windowed(window: 128, hop: 64)

    public var description: String {
        switch self {
        case .whole: return "whole"
        case let .windowed(window, hop): return "windowed \(window)/\(hop)"
        }
    }

    /// Returns the step ranges of the sampler calls over `paddedSteps`, left to right.
    ///
    /// Windows start at 0, hop, 2·hop, …; the last window ends at `paddedSteps`, so it may
    /// overlap its neighbour by more than `window − hop`. Every range is a multiple of
    /// `timeMultiple` long and starts at a multiple of it.
    ///
    /// - Throws: `GenerationError.invalidWindow` when the window is not a positive multiple of
    ///   `timeMultiple` or the hop is not a positive multiple of it at most `window`.
    public func windows(paddedSteps: Int, timeMultiple: Int) throws -> [Range<Int>] {
        guard case let .windowed(window, hop) = self else { return [0..<paddedSteps] }
        guard window > 0, window % timeMultiple == 0, hop > 0, hop <= window, hop % timeMultiple == 0 else {
            throw GenerationError.invalidWindow(window: window, hop: hop, timeMultiple: timeMultiple)
        }
        guard paddedSteps > window else { return [0..<paddedSteps] }
        var ranges: [Range<Int>] = []
        var start = 0
        while start + window < paddedSteps {
            ranges.append(start..<(start + window))
            start += hop
        }
        ranges.append((paddedSteps - window)..<paddedSteps)
        return ranges
    }
}
