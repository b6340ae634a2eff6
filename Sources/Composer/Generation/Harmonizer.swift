// Shape legend: B candidates in one batch, V = 4 voices, P padded steps, W window steps.
// Token arrays are [B, V, P] row-major: candidate b, voice v, step t at (b·V + v)·P + t.

import Chorale
import SunmaskEngine

/// Generates the regenerated cells of a score with a SUNMASK model: the layer between a
/// `Score` with a `KeepMask` and the engine's sampler, shared by the command line and the editor.
///
/// A run turns the score into padded token arrays (`GenerationGrid`) and samples the candidates
/// in batches, each batch over every window of the `LongPieceStrategy` in turn. A final
/// whole-piece model pass gives each candidate's log-likelihood. The candidates are then ranked,
/// and each one returned is checked to contain every kept cell of the input unchanged.
///
/// Not safe to use from two threads at once, because the model adapter shares a workspace;
/// create one `Harmonizer` per thread.
public final class Harmonizer {
    /// The model and the checkpoint it came from.
    public let model: GenerationModel
    private let cellModel: UNetCellModel

    public init(model: GenerationModel) {
        self.model = model
        cellModel = UNetCellModel(model: model.network)
    }

    /// The model's time multiple: sampler calls run on lengths that are multiples of it.
    public var timeMultiple: Int { model.network.config.timeMultiple }

    /// Runs `request` and returns its best candidates.
    ///
    /// - Parameters:
    ///   - ranking: orders the candidates for best-of-N; lower scores rank first, NaN last,
    ///     and equal scores by candidate index.
    ///   - cancellation: a flag another thread may set; the run stops within one model call.
    ///   - progress: called after every sampler step index; `.stop` cancels the run.
    /// - Throws: `SamplerError` for invalid settings or counts, `GenerationError` for a score
    ///   the vocabulary or the window cannot hold, errors of the model or of `ranking`, and
    ///   `GenerationError.keptCellChanged` if sampling ever changed a kept cell.
    public func generate(_ request: HarmonizationRequest, ranking: CandidateRanking = .modelLikelihood,
                         cancellation: SamplerCancellation? = nil,
                         progress: ((HarmonizationProgress) -> SamplerControl)? = nil) throws -> HarmonizationResult {
        try validateCounts(request)
        let grid = try GenerationGrid(score: request.score, keep: request.keep, timeMultiple: timeMultiple)
        let windows = try request.strategy.windows(paddedSteps: grid.paddedSteps, timeMultiple: timeMultiple)
        let windowSettings = try windows.indices.map { index -> SamplerSettings in
            var settings = request.settings
            settings.steps = request.steps.count(voices: 4, steps: windows[index].count)
            // Window 0 keeps the caller's seed, so one window gives the same result as `.whole`.
            settings.seed = request.settings.seed &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15
            try settings.validate()
            return settings
        }
        let batches = stride(from: 0, to: request.candidates, by: request.batchSize).map {
            $0..<min($0 + request.batchSize, request.candidates)
        }
        let stepsPerBatch = windowSettings.reduce(0) { $0 + $1.totalSteps }
        let totalSteps = stepsPerBatch * batches.count

        var ranked: [HarmonizedCandidate] = []
        var stepsBefore = 0
        var samplerCalls = 0
        for batch in batches {
            var tokens = try CellGrids(repeating: grid.tokens, keep: grid.keepValues, voices: 4,
                                       steps: grid.paddedSteps, batch: batch.count)
            var lastResult: SamplerResult?
            var coveredEnd = 0
            for (index, window) in windows.enumerated() {
                let input = try windowGrids(of: tokens, window: window, generatedBefore: coveredEnd)
                let sampler = MaskedSampler(model: cellModel, settings: windowSettings[index])
                let offset = stepsBefore
                let result = try sampler.sample(input, firstCandidate: batch.lowerBound, cancellation: cancellation) { report in
                    guard let progress else { return .proceed }
                    return progress(HarmonizationProgress(step: offset + report.step, totalSteps: totalSteps,
                                                       window: window, sampler: report))
                }
                samplerCalls += 1
                if result.cancelled {
                    return HarmonizationResult(candidates: [], cancelled: true, samplerCalls: samplerCalls)
                }
                copy(result.grids, into: &tokens, window: window)
                coveredEnd = window.upperBound
                stepsBefore += windowSettings[index].totalSteps
                lastResult = result
            }

            let likelihoods: [Double]
            if windows.count == 1, let sampled = lastResult?.logLikelihoods {
                likelihoods = sampled
            } else {
                likelihoods = try MaskedSampler(model: cellModel, settings: request.settings).logLikelihoods(of: tokens)
            }
            let placesKey = request.keyPlacement == .commonKey && !grid.keepValues.contains(1)
            for b in 0..<batch.count {
                var score = try grid.score(fromTokens: tokens.tokens(ofGrid: b))
                var semitones = 0
                if placesKey {
                    (score, semitones) = CommonKey.placed(score)
                }
                let value = try ranking.score(score, likelihoods[b])
                ranked.append(HarmonizedCandidate(index: batch.lowerBound + b, score: score,
                                                 logLikelihood: likelihoods[b], rankingScore: value,
                                                 transposition: semitones))
            }
        }

        ranked.sort { a, b in
            if a.rankingScore.isNaN != b.rankingScore.isNaN { return !a.rankingScore.isNaN }
            if a.rankingScore != b.rankingScore && !a.rankingScore.isNaN { return a.rankingScore < b.rankingScore }
            return a.index < b.index
        }
        return HarmonizationResult(candidates: Array(ranked.prefix(request.best)), cancelled: false,
                                samplerCalls: samplerCalls)
    }

    private func validateCounts(_ request: HarmonizationRequest) throws {
        guard request.candidates >= 1 else {
            throw SamplerError.invalidSetting(name: "candidates", value: "\(request.candidates)", expected: "an integer ≥ 1")
        }
        guard (1...request.candidates).contains(request.best) else {
            throw SamplerError.invalidSetting(name: "best", value: "\(request.best)",
                                              expected: "an integer in 1…candidates = \(request.candidates)")
        }
        guard request.batchSize >= 1 else {
            throw SamplerError.invalidSetting(name: "batchSize", value: "\(request.batchSize)", expected: "an integer ≥ 1")
        }
    }

    // The window's cells [B, V, W]. A cell is kept when the user keeps it or when an earlier
    // window generated it (its step is before `generatedBefore`).
    private func windowGrids(of grids: CellGrids, window: Range<Int>, generatedBefore: Int) throws -> CellGrids {
        let P = grids.steps
        let W = window.count
        var tokens = [Int32](repeating: 0, count: grids.batch * 4 * W)
        var keep = [UInt8](repeating: 0, count: grids.batch * 4 * W)
        for row in 0..<(grids.batch * 4) {
            for (offset, t) in window.enumerated() {
                tokens[row * W + offset] = grids.tokens[row * P + t]
                keep[row * W + offset] = (grids.keep[row * P + t] != 0 || t < generatedBefore) ? 1 : 0
            }
        }
        return try CellGrids(batch: grids.batch, voices: 4, steps: W, tokens: tokens, keep: keep)
    }

    // Writes the window's sampled tokens back into the whole-piece grids.
    private func copy(_ sampled: CellGrids, into grids: inout CellGrids, window: Range<Int>) {
        let P = grids.steps
        let W = window.count
        for row in 0..<(grids.batch * 4) {
            for (offset, t) in window.enumerated() {
                grids.tokens[row * P + t] = sampled.tokens[row * W + offset]
            }
        }
    }
}
