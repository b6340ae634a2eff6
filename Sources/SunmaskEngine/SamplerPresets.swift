// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// A named sampling configuration: the sampler settings plus how many candidates to sample
/// and how many of the best to keep.
public struct SamplerPreset: Equatable, Sendable {
    /// The name a user selects the preset by (`preview`, `standard`, `best`, `reference`).
    public var name: String
    /// The settings of every candidate's run.
    public var settings: SamplerSettings
    /// N of best-of-N, the number of candidates sampled, at least 1.
    public var candidates: Int
    /// M of best-of-N, the number of candidates kept, in `1 ... candidates`.
    public var keep: Int

    public init(name: String, settings: SamplerSettings, candidates: Int = 1, keep: Int = 1) {
        self.name = name
        self.settings = settings
        self.candidates = candidates
        self.keep = keep
    }

    /// Returns the interactive preset: 32 steps of the reference schedule (triangular
    /// acceptance, τ 0.6, typical filtering with top-k 3), one candidate.
    ///
    /// Triangular acceptance over N = 32 steps makes 31 model calls, because the last step
    /// accepts nothing and is skipped, and resamples each cell about 16 times. Its first
    /// steps, while the model mask hides almost everything, accept few positions, and its last
    /// steps refine a few cells at a time in almost full context. A constant fraction of 1/2
    /// would cost the same number of calls but resample half of each voice at once even in
    /// the first, nearly blind steps.
    ///
    /// NOTE: 32 steps fit in one second only if a batch-1 model call takes under about 32 ms,
    /// because the preset makes 31 calls. Pass fewer `steps` for a slower model.
    public static func preview(steps: Int = 32, seed: UInt64 = 0) -> SamplerPreset {
        SamplerPreset(name: "preview", settings: referenceSettings(steps: steps, seed: seed))
    }

    /// Returns the full-generation preset: the reference schedule (N = 2·V·T steps, 1024 for 4
    /// voices × 128 steps, triangular acceptance) sampling the model's distribution as it is
    /// (τ 1, no typical or top-k filtering) while the masking rate anneals, with new tokens only
    /// at cells the model mask dropped. After the annealing (the last quarter of the steps) the
    /// masking rate stays at α_min 0.3 and tokens are drawn at τ_final 0.5, one candidate.
    ///
    /// The setting was chosen by grade, on 48 chorales from nothing per setting (median overall
    /// grade, lower is better). With the model at step 34,500: the reference setting gave 24.8,
    /// masked cells only with filtering at τ 0.6 gave 18.8 at α_min 0.15, and unfiltered τ 1 at
    /// α_min 0.15 gave 15.9. With the model at step 51,411, unfiltered τ 1 at α_min 0.15 gave
    /// 17.7. Adding τ_final 0.3, 0.5 or 0.7 gave 16.9, 16.9 and 16.8 at α_min 0.15, and 13.4,
    /// 12.7 and 14.7 at α_min 0.3. τ_final 0.5 gave 15.3 at α_min 0.4 and 14.4 at 0.5.
    ///
    /// On 200 chorales with the model at step 81,478 this setting graded 14.33 (16.79 without
    /// the cleanup).
    ///
    /// The last quarter works as a cleanup. Each step hides about a third of the cells and
    /// redraws the accepted hidden ones from their context alone, at a low temperature. In the
    /// sweep this halved the rhythm grade (fewer held notes broken into short ones) and lowered
    /// the parallel-motion grade. The annealed steps before still draw at τ 1.
    public static func standard(voices: Int, timeSteps: Int, seed: UInt64 = 0) -> SamplerPreset {
        let settings = SamplerSettings(steps: 2 * voices * timeSteps, temperature: 1, topK: nil, typicalSampling: false,
                                       acceptance: .triangular, minimumMaskRate: 0.3,
                                       acceptsMaskedCellsOnly: true, finalTemperature: 0.5, seed: seed)
        return SamplerPreset(name: "standard", settings: settings)
    }

    /// Returns the published SUNMASK setting for full generation: N = 2·V·T steps, τ 0.6,
    /// typical filtering with top-k 3, triangular acceptance, α_min 0.001, and new tokens at
    /// every accepted cell, one candidate.
    public static func reference(voices: Int, timeSteps: Int, seed: UInt64 = 0) -> SamplerPreset {
        SamplerPreset(name: "reference", settings: referenceSettings(steps: 2 * voices * timeSteps, seed: seed))
    }

    /// Returns the best-of-N preset: `candidates` runs of `standard`, ranked by a score given
    /// when the run starts (the CLI and the editor rank by overall grade), keeping the best
    /// `keep`. The defaults are the reference best 20 of 200.
    ///
    /// Runs without standard's cleanup (α_min 0.15, τ 1 to the last step) vary more, but their
    /// best 20 of 200 were not better. With the model at step 81,478 they graded 11.12 against
    /// 9.80 with the cleanup. With the model at step 51,411 they graded 10.29 against 10.89.
    public static func best(voices: Int, timeSteps: Int, candidates: Int = 200, keep: Int = 20,
                            seed: UInt64 = 0) -> SamplerPreset {
        SamplerPreset(name: "best", settings: standard(voices: voices, timeSteps: timeSteps, seed: seed).settings,
                      candidates: candidates, keep: keep)
    }

    private static func referenceSettings(steps: Int, seed: UInt64) -> SamplerSettings {
        SamplerSettings(steps: steps, temperature: 0.6, topK: 3, typicalSampling: true,
                        acceptance: .triangular, seed: seed)
    }

    /// Throws `SamplerError.invalidSetting` naming the first invalid value.
    public func validate() throws {
        try settings.validate()
        guard candidates >= 1 else {
            throw SamplerError.invalidSetting(name: "candidates", value: "\(candidates)", expected: "an integer ≥ 1")
        }
        guard keep >= 1 && keep <= candidates else {
            throw SamplerError.invalidSetting(name: "keep", value: "\(keep)",
                                              expected: "an integer in 1...candidates = \(candidates)")
        }
    }
}
