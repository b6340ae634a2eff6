import Composer
import SunmaskEngine

/// The sampling flags that `harmonize`, `infill` and `sample` share, read into sampler settings.
struct SamplingOptions {
    /// The option specs, in the order `--help` lists them.
    static let specs: [OptionSpec] = [
        .option("--preset", value: "NAME", help: "preview (32 steps), standard (2·V·T steps per sampler call), best (best 20 of 200 standard runs) or reference (the published SUNMASK setting, 2·V·T steps); default standard."),
        .option("--steps", value: "N", help: "Sampling steps per sampler call, 1…1000000; default the preset's (preview 32, the others 2·V·T)."),
        .option("--temperature", value: "T", help: "Divides the logits before filtering, > 0; default 1 (0.6 for preview and reference)."),
        .option("--final-temperature", value: "T",
                help: "Temperature of the steps after the annealing (the last quarter at the default --eta 0.75; none when --eta ≥ 1), in (0, 100], or 'none' to keep --temperature; default 0.5 (none for preview and reference)."),
        .option("--top-k", value: "K", help: "Keep at most K tokens per cell, or 'none'; default none (3 for preview and reference)."),
        .flag("--typical", help: "Use typical filtering (the default of preview and reference)."),
        .flag("--no-typical", help: "Turn typical filtering off (the default of standard and best)."),
        .option("--typical-mass", value: "P", help: "Probability mass typical filtering keeps, in (0, 1]; default 0.95."),
        .option("--acceptance", value: "RULE", help: "triangular (default) or constant:F, accepting a fraction F of each voice per step."),
        .option("--eta", value: "F", help: "Fraction of the steps over which the masking rate anneals, > 0; default 0.75."),
        .option("--alpha-min", value: "F", help: "Final masking rate, in [0, 1]; default 0.3 (0.001 for preview and reference)."),
        .option("--alpha-max", value: "F", help: "Masking rate of the first step, in [0, 1]; default 0.999."),
        .option("--steps-per-mask", value: "R", help: "Steps that reuse one model mask, ≥ 1; default 1."),
        .option("--dwell", value: "D", help: "Extra steps at the end that accept every position, ≥ 0; default 0."),
        .flag("--active-balance", help: "Prefer positions accepted least often so far."),
        .flag("--masked-only", help: "Give new tokens only to accepted cells the model mask dropped (the standard preset's rule)."),
        .flag("--no-masked-only", help: "Give new tokens to every accepted cell (the rule of preview and reference)."),
        .option("--seed", value: "S", help: "Seed of every random draw, 0…2^64−1; default 0."),
        .option("--candidates", value: "N", help: "Candidates to sample; default 1 (200 with --preset best)."),
        .option("--best", value: "M", help: "Best candidates to write, best first; default 1 (20 with --preset best)."),
        .option("--model", value: "FILE", help: "Model checkpoint; default $SUNMASK_MODEL, else the shipped model."),
        .option("--threads", value: "N", help: "Compute threads, 1 or 2; default 2."),
        .flag("--whole", help: "Sample the whole piece in one call (the default)."),
        .flag("--windowed", help: "Sample long pieces in overlapping windows (see --window and --hop)."),
        .option("--window", value: "STEPS", help: "Window length for --windowed; default 128."),
        .option("--hop", value: "STEPS", help: "Distance between window starts for --windowed; default 64."),
    ]

    var settings: SamplerSettings
    var steps: SamplingSteps
    var candidates: Int
    var best: Int
    var strategy: LongPieceStrategy
    var modelPath: String?
    var threads: Int

    /// Reads every sampling flag; throws `CommandLineError` naming the first invalid one.
    init(_ arguments: ParsedArguments) throws {
        let presetName = try arguments.choice("--preset", default: "standard",
                                              from: ["preview", "standard", "best", "reference"])
        let preset: SamplerPreset
        switch presetName {
        case "preview": preset = .preview()
        case "best": preset = .best(voices: 4, timeSteps: 128)
        case "reference": preset = .reference(voices: 4, timeSteps: 128)
        default: preset = .standard(voices: 4, timeSteps: 128)
        }
        var settings = preset.settings
        steps = presetName == "preview" ? .fixed(preset.settings.steps) : .perCell(multiplier: 2)
        if arguments.string("--steps") != nil {
            let count = try arguments.int("--steps", default: settings.steps, in: 1...1_000_000)
            steps = .fixed(count)
            settings.steps = count
        }

        let temperature = try arguments.double("--temperature", default: Double(settings.temperature),
                                               above: 0, atMost: 100, hint: "such as 0.6")
        settings.temperature = Float(temperature)
        if let text = arguments.string("--final-temperature") {
            if text.lowercased() == "none" {
                settings.finalTemperature = nil
            } else {
                let value = try arguments.double("--final-temperature", default: 1, above: 0, atMost: 100,
                                                 hint: "or 'none'")
                settings.finalTemperature = Float(value)
            }
        }
        if let text = arguments.string("--top-k") {
            if text.lowercased() == "none" {
                settings.topK = nil
            } else {
                guard let value = Int(text), (1...1_000_000).contains(value) else {
                    throw CommandLineError.invalidValue(option: "--top-k", value: text,
                                                        expected: "an integer from 1 to 1000000, or 'none'")
                }
                settings.topK = value
            }
        }
        if arguments.flag("--typical") && arguments.flag("--no-typical") {
            throw CommandLineError.invalid("--typical and --no-typical exclude each other; pass one")
        }
        if arguments.flag("--typical") { settings.typicalSampling = true }
        if arguments.flag("--no-typical") { settings.typicalSampling = false }
        let mass = try arguments.double("--typical-mass", default: Double(settings.typicalMass), above: 0, atMost: 1)
        settings.typicalMass = Float(mass)
        if let text = arguments.string("--acceptance") {
            settings.acceptance = try Self.acceptance(text)
        }
        settings.annealingFraction = try arguments.double("--eta", default: settings.annealingFraction,
                                                          above: 0, atMost: 1e6)
        settings.minimumMaskRate = try arguments.double("--alpha-min", default: settings.minimumMaskRate, in: 0...1)
        settings.maximumMaskRate = try arguments.double("--alpha-max", default: settings.maximumMaskRate, in: 0...1)
        guard settings.minimumMaskRate <= settings.maximumMaskRate else {
            throw CommandLineError.invalid("--alpha-min \(settings.minimumMaskRate) is above --alpha-max "
                                           + "\(settings.maximumMaskRate); the masking rate anneals downwards")
        }
        settings.stepsPerMask = try arguments.int("--steps-per-mask", default: settings.stepsPerMask, in: 1...1_000_000)
        settings.finalDwellSteps = try arguments.int("--dwell", default: settings.finalDwellSteps, in: 0...1_000_000)
        settings.activeBalance = arguments.flag("--active-balance")
        if arguments.flag("--masked-only") && arguments.flag("--no-masked-only") {
            throw CommandLineError.invalid("--masked-only and --no-masked-only exclude each other; pass one")
        }
        if arguments.flag("--masked-only") { settings.acceptsMaskedCellsOnly = true }
        if arguments.flag("--no-masked-only") { settings.acceptsMaskedCellsOnly = false }
        if let text = arguments.string("--seed") {
            guard let seed = UInt64(text) else {
                throw CommandLineError.invalidValue(option: "--seed", value: text, expected: "an integer from 0 to 2^64−1")
            }
            settings.seed = seed
        }
        self.settings = settings

        candidates = try arguments.int("--candidates", default: preset.candidates, in: 1...100_000)
        best = try arguments.int("--best", default: min(preset.keep, candidates), in: 1...100_000)
        guard best <= candidates else {
            throw CommandLineError.invalid("--best \(best) is more than --candidates \(candidates); "
                                           + "keep at most as many candidates as are sampled")
        }

        if arguments.flag("--whole") && arguments.flag("--windowed") {
            throw CommandLineError.invalid("--whole and --windowed exclude each other; pass one")
        }
        let windowed = arguments.flag("--windowed")
        let window = try arguments.int("--window", default: 128, in: 1...1_000_000)
        let hop = try arguments.int("--hop", default: 64, in: 1...1_000_000)
        if !windowed && (arguments.string("--window") != nil || arguments.string("--hop") != nil) {
            throw CommandLineError.invalid("--window and --hop apply to windowed sampling; add --windowed")
        }
        guard hop <= window else {
            throw CommandLineError.invalid("--hop \(hop) is longer than --window \(window); windows must overlap or touch")
        }
        strategy = windowed ? .windowed(window: window, hop: hop) : (arguments.flag("--whole") ? .whole : .default)

        modelPath = arguments.string("--model")
        threads = try arguments.int("--threads", default: 2, in: 1...2)
    }

    private static func acceptance(_ text: String) throws -> AcceptanceSchedule {
        if text == "triangular" { return .triangular }
        if text.hasPrefix("constant:"), let fraction = Double(text.dropFirst("constant:".count)),
           fraction > 0, fraction <= 1 {
            return .constant(fraction: fraction)
        }
        throw CommandLineError.invalidValue(option: "--acceptance", value: text,
                                            expected: "triangular or constant:F with F in (0, 1], such as constant:0.5")
    }
}
