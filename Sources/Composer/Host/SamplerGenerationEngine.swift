import Chorale
import Foundation
import SunmaskEngine

/// A `GenerationEngine` that runs the editor's requests through a `Harmonizer`.
///
/// The editor's preset selects the sampler settings of `SamplerPreset.preview` (32 steps),
/// `SamplerPreset.standard` or `SamplerPreset.best` (N = 2·V·T steps). The settings
/// panel's temperature replaces the preset's. `Candidates` in the settings is the number of
/// candidates returned, ranked by the shipped grader's overall grade (best first), which is
/// shown as each candidate's grade, lower is better. "best" samples
/// `bestSamplesPerCandidate` times as many and returns only the best ones.
public final class SamplerGenerationEngine: GenerationEngine {
    public let model: GenerationModel
    /// Sampler steps N for every preset, replacing the preset's own; nil keeps the preset's.
    public let stepsOverride: Int?
    /// The minimum time between two progress reports, in seconds.
    public let progressInterval: TimeInterval

    public init(model: GenerationModel, stepsOverride: Int? = nil, progressInterval: TimeInterval = 0.05) {
        if let stepsOverride {
            precondition(stepsOverride >= 1, "stepsOverride must be at least 1, got \(stepsOverride)")
        }
        self.model = model
        self.stepsOverride = stepsOverride
        self.progressInterval = progressInterval
    }

    public func generate(_ request: GenerationRequest, progress: @escaping (JobProgress) -> Void,
                         cancellation: SamplerCancellation) throws -> [Candidate] {
        let document = request.document
        let count = max(1, request.settings.candidates)
        let sampled = sampledCandidates(for: request.settings)
        var score = document.score
        score.tempo = request.settings.tempo
        let harmonization = HarmonizationRequest(
            score: score, keep: try KeepMask(rows: document.keep.map { $0.map { $0 ? 1 : 0 } }),
            settings: samplerSettings(for: request.settings, timeSteps: document.steps),
            steps: samplingSteps(for: request.settings),
            candidates: sampled, best: count, strategy: .whole)

        let label = request.kind.label
        let started = Date()
        var lastReport = Date.distantPast
        let steps = document.steps
        let result = try Harmonizer(model: model).generate(harmonization, ranking: try CandidateRanking.shippedGrade(),
                                                           cancellation: cancellation) { report in
            let now = Date()
            guard report.step == report.totalSteps || now.timeIntervalSince(lastReport) >= self.progressInterval else {
                return .proceed
            }
            lastReport = now
            let elapsed = now.timeIntervalSince(started)
            let left = report.step > 0 ? elapsed / Double(report.step) * Double(report.totalSteps - report.step) : nil
            let preview = SamplerGenerationEngine.preview(report, steps: steps)
            progress(JobProgress(label: label, step: report.step, total: report.totalSteps,
                                 secondsLeft: left, preview: preview))
            return .proceed
        }
        if result.cancelled { return [] }
        return result.candidates.map { Candidate(grid: $0.score.grid, grade: $0.rankingScore) }
    }

    /// How many candidates "best" samples for each one it returns.
    public static let bestSamplesPerCandidate = 8

    /// Returns the number of candidates a job samples: the settings' count, times
    /// `bestSamplesPerCandidate` for "best".
    func sampledCandidates(for editorSettings: EditorSettings) -> Int {
        let count = max(1, editorSettings.candidates)
        return editorSettings.preset == "best" ? count * Self.bestSamplesPerCandidate : count
    }

    /// Returns the sampler settings of the editor's preset, temperature and seed, for a piece of
    /// `timeSteps` steps.
    func samplerSettings(for editorSettings: EditorSettings, timeSteps: Int) -> SamplerSettings {
        var settings = EditorSettings.presetSettings(named: editorSettings.preset, timeSteps: timeSteps)
        settings.temperature = Float(editorSettings.temperature)
        settings.seed = editorSettings.seed
        return settings
    }

    /// N: the override, else 32 for "preview" and 2·V·T for the other presets.
    func samplingSteps(for editorSettings: EditorSettings) -> SamplingSteps {
        if let stepsOverride { return .fixed(stepsOverride) }
        return editorSettings.preset == "preview" ? .fixed(SamplerPreset.preview().settings.steps) : .perCell(multiplier: 2)
    }

    /// Decodes the first candidate's current grid to pitches when the window covers the piece.
    static func preview(_ report: HarmonizationProgress, steps: Int) -> SATBGrid? {
        let grids = report.sampler.grids
        guard report.window.lowerBound == 0, grids.steps >= steps else { return nil }
        let tokens = grids.tokens(ofGrid: 0)
        let rows = (0..<4).map { voice in
            (0..<steps).map { step in
                TokenVocabulary.cell(forToken: Int(tokens[voice * grids.steps + step])) ?? SATBGrid.rest
            }
        }
        do {
            return try SATBGrid(pitches: rows)
        } catch {
            // Unreachable: the four rows have equal lengths and every token decodes to a MIDI
            // pitch or a rest. Without a grid the job simply shows no preview.
            return nil
        }
    }
}
