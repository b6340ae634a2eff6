// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

import Foundation

/// The outcome of a sampling run.
public struct SamplerResult {
    /// The sampled grids [B, V, T] with the user's keep mask. When the run was cancelled, the
    /// grids as they were after the last finished step.
    public let grids: CellGrids
    /// Per grid, the mean natural-log probability of its regenerated cells under one final
    /// model pass with the user's keep mask (τ = 1, no filtering); 0 for a grid with no
    /// regenerated cell. `nil` when the run was cancelled, because the final pass is skipped.
    public let logLikelihoods: [Double]?
    /// Whether the run stopped early, through the cancellation flag or the progress callback.
    public let cancelled: Bool
    /// The number of step indices finished, skipped steps included.
    public let completedSteps: Int
    /// The number of sampling-step model calls, not counting the final likelihood pass.
    public let modelCalls: Int
}

/// The SUNMASK sampler: iterative masked resampling of categorical grids, every candidate of
/// a batch advancing through one model call per step.
///
/// For grids `y` with keep mask `c` and the settings (N, τ, filter, schedules, R, D, seed):
/// 1. Each cell with `c = 0` starts as a uniform random token.
/// 2. For each step index `n` in `0 ..< N + D`:
///    - `a_n` = `MaskSchedule.acceptanceCount`. When `a_n` is 0 the step is skipped: no model
///      call and no random draw.
///    - The model mask keeps each cell with probability `1 − α_n` (`MaskSchedule.maskRate`),
///      OR the user mask. It is drawn at the first performed step and redrawn at a performed
///      step `n` once `n − (step of the last draw) ≥ R`, and reused in between.
///    - `logits = f(x, mask) / τ`, filtered by `TypicalFilter`.
///    - Per voice, `a_n` time positions are chosen (`AcceptedPositions`: uniform, or active
///      balance), and each chosen cell takes a token drawn from its filtered distribution; with
///      `acceptsMaskedCellsOnly`, only the chosen cells the model mask dropped do.
///    - Every `c = 1` cell is restored to its given token.
/// 3. A final model pass with the user mask gives each grid's mean log-likelihood.
///
/// Tokens are drawn only at chosen cells with `c = 0`. Cells are independent given the
/// logits, so this has the same distribution as drawing every cell and copying the chosen
/// ones, and it saves the filtering work at cells that would be discarded.
///
/// Every random draw of grid `b` comes from its own stream `(seed, firstCandidate + b)`. Within
/// a step the order is fixed: the model mask over all V·T cells, then per voice the positions
/// and the tokens. So a grid's result does not depend on the batch it runs in, provided the
/// model's logits for a grid depend only on that grid.
public struct MaskedSampler {
    /// The model `f(x, m)`.
    public let model: any CellModel
    /// The sampling parameters, validated at each `sample` call.
    public var settings: SamplerSettings

    public init(model: any CellModel, settings: SamplerSettings) {
        self.model = model
        self.settings = settings
    }

    /// Samples every grid of `input` and returns the result.
    ///
    /// - Parameters:
    ///   - input: grids [B, V, T] with V = the model's voices; kept tokens in `0 ..< K`.
    ///   - firstCandidate: the global index of `input`'s first grid, which selects the random
    ///     streams; chunks of a large best-of-N run pass their offset here.
    ///   - cancellation: a flag another thread may set; read before each step index.
    ///   - progress: called on the sampling thread after every step index; `.stop` ends the
    ///     run as cancelled.
    /// - Throws: `SamplerError` for invalid settings or input, or the model's error.
    public func sample(_ input: CellGrids, firstCandidate: Int = 0,
                       cancellation: SamplerCancellation? = nil,
                       progress: ((SamplerProgress) -> SamplerControl)? = nil) throws -> SamplerResult {
        try settings.validate()
        try validate(input, checkingRegeneratedTokens: false)

        let B = input.batch
        let V = input.voices
        let T = input.steps
        let K = model.vocabulary
        let cellsPerGrid = V * T
        let cellCount = B * cellsPerGrid

        var streams = (0..<B).map { SamplerRandomStream(seed: settings.seed, candidate: firstCandidate + $0) }
        var tokens = input.tokens
        let userKeep = input.keep

        // Step 1: uniform random tokens at the regenerated cells.
        for b in 0..<B {
            for cell in (b * cellsPerGrid)..<((b + 1) * cellsPerGrid) where userKeep[cell] == 0 {
                tokens[cell] = Int32(streams[b].nextInt(below: K))
            }
        }

        var modelKeep = [UInt8](repeating: 0, count: cellCount)
        var lastMaskDraw: Int?
        var acceptedCounts = [Int32](repeating: 0, count: settings.activeBalance ? cellCount : 0)
        let filter = TypicalFilter(vocabulary: K, settings: settings)
        let positions = AcceptedPositions(steps: T)

        var cancelled = false
        var completedSteps = 0
        var modelCalls = 0
        for n in 0..<settings.totalSteps {
            if cancellation?.isCancelled == true {
                cancelled = true
                break
            }

            let accepted = MaskSchedule.acceptanceCount(step: n, settings: settings, timeSteps: T)
            if accepted > 0 {
                if lastMaskDraw.map({ n - $0 >= settings.stepsPerMask }) ?? true {
                    let rate = MaskSchedule.maskRate(step: n, settings: settings)
                    drawModelMask(&modelKeep, userKeep: userKeep, rate: rate,
                                  cellsPerGrid: cellsPerGrid, streams: &streams)
                    lastMaskDraw = n
                }
                let logits = try callModel(tokens: tokens, keep: modelKeep, batch: B, steps: T)
                modelCalls += 1
                acceptTokens(&tokens, logits: logits, userKeep: userKeep, modelKeep: modelKeep, givenTokens: input.tokens,
                             accepted: accepted, temperature: settings.temperature(atStep: n), grids: (B, V, T), filter: filter, positions: positions,
                             acceptedCounts: &acceptedCounts, streams: &streams)
            }
            completedSteps = n + 1

            if let progress {
                let current = CellGrids(checkedBatch: B, voices: V, steps: T, tokens: tokens, keep: userKeep)
                let report = SamplerProgress(step: completedSteps, totalSteps: settings.totalSteps,
                                             firstCandidate: firstCandidate, grids: current)
                if progress(report) == .stop {
                    cancelled = true
                    break
                }
            }
        }

        let output = CellGrids(checkedBatch: B, voices: V, steps: T, tokens: tokens, keep: userKeep)
        let logLikelihoods = cancelled ? nil : try self.logLikelihoods(of: output)
        return SamplerResult(grids: output, logLikelihoods: logLikelihoods, cancelled: cancelled,
                             completedSteps: completedSteps, modelCalls: modelCalls)
    }

    /// Returns each grid's mean natural-log probability of its regenerated cells (`keep = 0`)
    /// under one model pass with the grids' own keep mask, at τ = 1 without filtering; 0 for a
    /// grid with no regenerated cell. Every token must be in `0 ..< K`.
    public func logLikelihoods(of grids: CellGrids) throws -> [Double] {
        try validate(grids, checkingRegeneratedTokens: true)
        let B = grids.batch
        let V = grids.voices
        let T = grids.steps
        let K = model.vocabulary
        let logits = try callModel(tokens: grids.tokens, keep: grids.keep, batch: B, steps: T)
        let stride = B * T

        var result = [Double](repeating: 0, count: B)
        for b in 0..<B {
            var sum = 0.0
            var count = 0
            for v in 0..<V {
                for t in 0..<T where grids.keep[(b * V + v) * T + t] == 0 {
                    let cell = logits.pointer + ((v * K) * B + b) * T + t
                    var maximum = -Float.infinity
                    for k in 0..<K { maximum = max(maximum, cell[k * stride]) }
                    var total = 0.0
                    for k in 0..<K { total += Double(expf(cell[k * stride] - maximum)) }
                    let token = Int(grids.tokens[(b * V + v) * T + t])
                    sum += Double(cell[token * stride] - maximum) - log(total)
                    count += 1
                }
            }
            result[b] = count == 0 ? 0 : sum / Double(count)
        }
        return result
    }

    // MARK: - Steps

    // Each cell's model keep bit: 1 with probability 1 − rate, forced to 1 at given cells.
    // A uniform draw is made for every cell, given or not, so the draw count per grid is V·T.
    private func drawModelMask(_ modelKeep: inout [UInt8], userKeep: [UInt8], rate: Double,
                               cellsPerGrid: Int, streams: inout [SamplerRandomStream]) {
        modelKeep.withUnsafeMutableBufferPointer { keep in
            for b in 0..<streams.count {
                for cell in (b * cellsPerGrid)..<((b + 1) * cellsPerGrid) {
                    let keptByModel = streams[b].nextUnit() >= rate
                    keep[cell] = (keptByModel || userKeep[cell] != 0) ? 1 : 0
                }
            }
        }
    }

    // Chooses the accepted positions of every voice, draws new tokens there and restores the
    // given cells. Logits are [V·K, B, T].
    private func acceptTokens(_ tokens: inout [Int32], logits: Tensor, userKeep: [UInt8], modelKeep: [UInt8],
                              givenTokens: [Int32], accepted: Int, temperature: Float,
                              grids: (batch: Int, voices: Int, steps: Int),
                              filter: TypicalFilter, positions: AcceptedPositions,
                              acceptedCounts: inout [Int32], streams: inout [SamplerRandomStream]) {
        let (B, V, T) = grids
        let K = model.vocabulary
        let stride = B * T
        let drawing = settings.drawing
        let balanced = settings.activeBalance
        let maskedOnly = settings.acceptsMaskedCellsOnly

        tokens.withUnsafeMutableBufferPointer { x in
            acceptedCounts.withUnsafeMutableBufferPointer { counts in
                userKeep.withUnsafeBufferPointer { given in
                    for b in 0..<B {
                        for v in 0..<V {
                            let rowStart = (b * V + v) * T
                            if balanced {
                                positions.chooseBalanced(count: accepted, acceptedCounts: counts.baseAddress! + rowStart,
                                                         random: &streams[b])
                            } else {
                                positions.chooseUniform(count: accepted, random: &streams[b])
                            }
                            let voiceLogits = logits.pointer + (v * K * B + b) * T
                            for i in 0..<accepted {
                                let t = positions.chosen[i]
                                if given[rowStart + t] != 0 { continue }
                                if maskedOnly && modelKeep[rowStart + t] != 0 { continue }
                                filter.filter(logits: voiceLogits + t, stride: stride, temperature: temperature)
                                x[rowStart + t] = filter.drawToken(drawing, using: &streams[b])
                            }
                        }
                    }
                    // Restore every given cell. Tokens are never drawn there, so this only
                    // guards the invariant.
                    for cell in 0..<x.count where given[cell] != 0 {
                        x[cell] = givenTokens[cell]
                    }
                }
            }
        }
    }

    // MARK: - Checks

    private func callModel(tokens: [Int32], keep: [UInt8], batch: Int, steps: Int) throws -> Tensor {
        let logits = try tokens.withUnsafeBufferPointer { x in
            try keep.withUnsafeBufferPointer { m in
                try model.logits(tokens: x, keep: m, batch: batch, steps: steps)
            }
        }
        let expected = [model.voices * model.vocabulary, batch, steps]
        guard logits.shape == expected else {
            throw SamplerError.modelOutputShape(expected: expected, actual: logits.shape)
        }
        return logits
    }

    private func validate(_ grids: CellGrids, checkingRegeneratedTokens: Bool) throws {
        guard grids.voices == model.voices else {
            throw SamplerError.voiceCountMismatch(grid: grids.voices, model: model.voices)
        }
        let K = model.vocabulary
        for (cell, token) in grids.tokens.enumerated() where token < 0 || Int(token) >= K {
            if grids.keep[cell] != 0 || checkingRegeneratedTokens {
                let b = cell / grids.cellsPerGrid
                let v = (cell % grids.cellsPerGrid) / grids.steps
                throw SamplerError.tokenOutOfRange(grid: b, voice: v, step: cell % grids.steps,
                                                   token: token, vocabulary: K)
            }
        }
    }
}
