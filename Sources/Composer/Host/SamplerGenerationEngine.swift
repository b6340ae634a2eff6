import Chorale
import Foundation
import SunmaskEngine

/// A `GenerationEngine` that runs the SUNMASK sampler on a U-Net checkpoint.
///
/// The grid is padded at the end with kept rests up to a multiple of the U-Net's time
/// multiple, sampled as one piece, and cropped back. The editor's preset selects the sampler
/// settings: "preview" is `SamplerPreset.preview` (32 steps), "standard" and "best" use
/// N = 2·V·T steps. `Candidates` in the settings is the batch size, and the candidates come
/// back ordered by their negative mean log-likelihood under the model, which is also shown as
/// their grade (lower is better).
public final class SamplerGenerationEngine: GenerationEngine {
    public let model: UNet
    /// Sampler steps N for every preset, replacing the preset's own; nil keeps the preset's.
    public let stepsOverride: Int?
    /// The least time between two progress reports, in seconds.
    public let progressInterval: TimeInterval

    public init(model: UNet, stepsOverride: Int? = nil, progressInterval: TimeInterval = 0.05) throws {
        guard model.config.voices == 4, model.config.vocabularySize == TokenVocabulary.size else {
            throw GenerationError.incompatibleModel(voices: model.config.voices,
                                                    vocabulary: model.config.vocabularySize)
        }
        if let stepsOverride {
            precondition(stepsOverride >= 1, "stepsOverride must be at least 1, got \(stepsOverride)")
        }
        self.model = model
        self.stepsOverride = stepsOverride
        self.progressInterval = progressInterval
    }

    /// Loads the checkpoint at `path` (see `ModelCheckpoint.loadModel`).
    public convenience init(checkpointPath path: String, stepsOverride: Int? = nil) throws {
        try self.init(model: try ModelCheckpoint.loadModel(from: path).model, stepsOverride: stepsOverride)
    }

    public func generate(_ request: GenerationRequest, progress: @escaping (JobProgress) -> Void,
                         cancellation: SamplerCancellation) throws -> [Candidate] {
        let document = request.document
        let steps = document.steps
        let multiple = model.config.timeMultiple
        let paddedSteps = max(multiple, (steps + multiple - 1) / multiple * multiple)

        // [V, T'] tokens and keep bits; the padding is kept rests.
        var tokens = [Int32](repeating: Int32(TokenVocabulary.restToken), count: 4 * paddedSteps)
        var keep = [UInt8](repeating: 1, count: 4 * paddedSteps)
        for voice in 0..<4 {
            for step in 0..<steps {
                let cell = voice * paddedSteps + step
                let kept = document.keep[voice][step]
                keep[cell] = kept ? 1 : 0
                let pitch = document.pitch(voice: voice, step: step)
                if let token = TokenVocabulary.token(forCell: pitch) {
                    tokens[cell] = Int32(token)
                } else if kept {
                    throw GenerationError.keptPitchOutsideVocabulary(pitch: pitch, voice: voice, step: step)
                } else {
                    tokens[cell] = -1
                }
            }
        }

        let settings = samplerSettings(for: request.settings, paddedSteps: paddedSteps)
        let count = max(1, request.settings.candidates)
        let input = try CellGrids(repeating: tokens, keep: keep, voices: 4, steps: paddedSteps, batch: count)
        let sampler = MaskedSampler(model: UNetCellModel(model: model), settings: settings)

        let label = request.kind.label
        let started = Date()
        var lastReport = Date.distantPast
        let result = try sampler.sample(input, cancellation: cancellation) { report in
            let now = Date()
            guard report.step == report.totalSteps || now.timeIntervalSince(lastReport) >= self.progressInterval else {
                return .proceed
            }
            lastReport = now
            let elapsed = now.timeIntervalSince(started)
            let left = report.step > 0 ? elapsed / Double(report.step) * Double(report.totalSteps - report.step) : nil
            let preview = try? SamplerGenerationEngine.grid(from: report.grids.tokens(ofGrid: 0),
                                                             paddedSteps: paddedSteps, steps: steps)
            progress(JobProgress(label: label, step: report.step, total: report.totalSteps,
                                 secondsLeft: left, preview: preview))
            return .proceed
        }
        if result.cancelled { return [] }

        var candidates: [Candidate] = []
        for index in 0..<count {
            let grid = try SamplerGenerationEngine.grid(from: result.grids.tokens(ofGrid: index),
                                                        paddedSteps: paddedSteps, steps: steps)
            let grade = result.logLikelihoods.map { -$0[index] }
            candidates.append(Candidate(grid: grid, grade: grade))
        }
        return candidates.sorted { ($0.grade ?? .infinity) < ($1.grade ?? .infinity) }
    }

    /// The sampler settings of the editor's preset, temperature and seed.
    func samplerSettings(for editorSettings: EditorSettings, paddedSteps: Int) -> SamplerSettings {
        var settings: SamplerSettings
        switch editorSettings.preset {
        case "standard", "best":
            settings = SamplerPreset.standard(voices: 4, timeSteps: paddedSteps).settings
        default:
            settings = SamplerPreset.preview().settings
        }
        if let stepsOverride { settings.steps = stepsOverride }
        settings.temperature = Float(editorSettings.temperature)
        settings.seed = editorSettings.seed
        return settings
    }

    /// Decodes tokens [V, T'] into a grid of the first `steps` steps.
    static func grid(from tokens: [Int32], paddedSteps: Int, steps: Int) throws -> SATBGrid {
        let rows = (0..<4).map { voice in
            (0..<steps).map { step in
                TokenVocabulary.cell(forToken: Int(tokens[voice * paddedSteps + step])) ?? SATBGrid.rest
            }
        }
        return try SATBGrid(pitches: rows)
    }
}

/// A generation that cannot start or finish.
public enum GenerationError: Error, Equatable, CustomStringConvertible {
    case incompatibleModel(voices: Int, vocabulary: Int)
    case keptPitchOutsideVocabulary(pitch: Int, voice: Int, step: Int)

    public var description: String {
        switch self {
        case .incompatibleModel(let voices, let vocabulary):
            return "the model has \(voices) voices and \(vocabulary) tokens; the editor needs 4 voices and "
                + "\(TokenVocabulary.size) tokens (MIDI \(TokenVocabulary.lowestPitch)–\(TokenVocabulary.highestPitch) plus rest); "
                + "use a checkpoint written by sunmask train"
        case .keptPitchOutsideVocabulary(let pitch, let voice, let step):
            return "kept MIDI pitch \(pitch) of voice \(voice) at step \(step) has no model token; "
                + "transpose it into \(TokenVocabulary.lowestPitch)…\(TokenVocabulary.highestPitch) or mark it to regenerate"
        }
    }
}
