import Chorale
import SunmaskEngine

/// The number of sampling steps N of each sampler call.
public enum SamplingSteps: Equatable, Sendable {
    /// N fixed, whatever the length of the call.
    case fixed(Int)
    /// N = multiplier · V · T, with T the length of each sampler call (a window, or the whole
    /// padded piece). The reference schedule is multiplier 2: 1024 steps for 4 voices × 128.
    case perCell(multiplier: Int)

    /// Returns N for a sampler call over `voices` × `steps` cells.
    public func count(voices: Int, steps: Int) -> Int {
        switch self {
        case let .fixed(count): return count
        case let .perCell(multiplier): return multiplier * voices * steps
        }
    }
}

/// A generation job: the piece, the cells to keep and the sampling settings.
public struct HarmonizationRequest: Sendable {
    /// The piece; its pitches at kept cells are given, the rest are ignored.
    public var score: Score
    /// The cells to keep, [4][T] (true = keep).
    public var keep: KeepMask
    /// Every sampler setting except `steps`, which `steps` below sets per call.
    public var settings: SamplerSettings
    /// N per sampler call.
    public var steps: SamplingSteps
    /// The number of candidates sampled, at least 1.
    public var candidates: Int
    /// The number of best candidates returned, in 1…candidates.
    public var best: Int
    /// Whole-piece or windowed sampling.
    public var strategy: LongPieceStrategy
    /// The number of candidates advancing together through one model call, at least 1.
    public var batchSize: Int
    /// The key placement of a chorale generated from nothing (no kept cell). It is ignored when
    /// any cell is kept, because the kept cells fix the key.
    public var keyPlacement: KeyPlacement

    public init(score: Score, keep: KeepMask, settings: SamplerSettings, steps: SamplingSteps,
                candidates: Int = 1, best: Int = 1, strategy: LongPieceStrategy = .default, batchSize: Int = 16,
                keyPlacement: KeyPlacement = .asSampled) {
        self.score = score
        self.keep = keep
        self.settings = settings
        self.steps = steps
        self.candidates = candidates
        self.best = best
        self.strategy = strategy
        self.batchSize = batchSize
        self.keyPlacement = keyPlacement
    }

    /// Returns a request from a preset: its settings, candidate counts and step count. The
    /// presets named `standard`, `best` and `reference` use N = 2·V·T per sampler call, whatever
    /// its length. Any other preset keeps its fixed N.
    public init(score: Score, keep: KeepMask, preset: SamplerPreset, strategy: LongPieceStrategy = .default) {
        let scalesWithLength = ["standard", "best", "reference"].contains(preset.name)
        let steps: SamplingSteps = scalesWithLength ? .perCell(multiplier: 2) : .fixed(preset.settings.steps)
        self.init(score: score, keep: keep, settings: preset.settings, steps: steps,
                  candidates: preset.candidates, best: preset.keep, strategy: strategy)
    }
}

/// The key of a chorale generated from nothing.
public enum KeyPlacement: Equatable, Sendable {
    /// The key the model sampled.
    case asSampled
    /// Transposed as a whole into a common key with the voices centred in their ranges
    /// (`CommonKey`), before the candidates are ranked.
    case commonKey
}

/// One returned candidate.
public struct HarmonizedCandidate: Equatable, Sendable {
    /// The candidate's index among the N sampled, which also selects its random stream.
    public let index: Int
    /// The generated piece, the input's length, meter, pickup and tempo.
    public let score: Score
    /// The mean natural-log probability per regenerated cell under one whole-piece model pass
    /// with the user's keep mask (τ = 1, no filtering); 0 when no cell was regenerated.
    public let logLikelihood: Double
    /// The ranking score; lower is better.
    public let rankingScore: Double
    /// The semitones the sampled chorale was moved by `KeyPlacement.commonKey`, 0 otherwise.
    /// `score.grid.transposed(by: -transposition)` is the chorale as sampled.
    public let transposition: Int

    public init(index: Int, score: Score, logLikelihood: Double, rankingScore: Double, transposition: Int = 0) {
        self.index = index
        self.score = score
        self.logLikelihood = logLikelihood
        self.rankingScore = rankingScore
        self.transposition = transposition
    }
}

/// The outcome of a generation run.
public struct HarmonizationResult: Sendable {
    /// The best candidates, best first; empty when the run was cancelled.
    public let candidates: [HarmonizedCandidate]
    /// Whether the run stopped early, through the cancellation flag or the progress callback.
    public let cancelled: Bool
    /// The sampler calls made, one per window and batch of candidates.
    public let samplerCalls: Int
}

/// Progress across a whole generation run: every window of every batch of candidates.
public struct HarmonizationProgress {
    /// Step indices finished so far over the whole run.
    public let step: Int
    /// Step indices of the whole run: (N + D) per window per batch of candidates.
    public let totalSteps: Int
    /// The piece steps of the window being sampled.
    public let window: Range<Int>
    /// The sampler's own report for the current call; its grids are the window only.
    public let sampler: SamplerProgress
}
