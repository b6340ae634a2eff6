import Foundation
import SunmaskEngine

/// `sunmask train`: trains a SUNMASK U-Net on a JSB chorale file and writes a checkpoint.
struct TrainCommand: Command {
    private static let standard = UNetConfig.standard(vocabularySize: vocabularySize)
    private static let defaults = TrainingConfig()

    static let spec = CommandSpec(
        name: "train",
        abstract: "Train a SUNMASK model on JSB chorales.",
        synopsis: "--data FILE --out MODEL.safetensors [options]",
        discussion: """
            Trains on the silence-free 128-step chunks of the train split (with --include-valid, \
            train+valid), each in the 12 transpositions −6…+5, and validates on the valid split's \
            chunks untransposed: the mean negative log-likelihood in nats per dropped cell at drop \
            rates 0.25, 0.5, 0.75 and 1, with a fixed seed. Checkpoints are written atomically \
            every --checkpoint-every steps, at the end, and on Ctrl-C (exit 130). --resume continues \
            the run in --out with its optimizer state and data order; the model and optimizer flags \
            may then be left out and must match the checkpoint when given. --resume --new-schedule \
            keeps the weights, Adam's moments and data order but starts a new learning-rate schedule \
            at the current step from --lr, --lr-decay and --lr-decay-every.
            """,
        options: [
            .option("--data", value: "FILE", help: "JSB chorale JSON with train, valid and test splits (required)."),
            .option("--out", value: "MODEL", help: "The checkpoint to write (.safetensors, required)."),
            .flag("--resume", help: "Continue the training run saved in --out."),
            .flag("--new-schedule",
                  help: "With --resume: restart the learning-rate schedule at the current step from the --lr flags."),
            .option("--width", value: "N", help: "Channels of the first level (default \(standard.baseWidth))."),
            .option("--multipliers", value: "LIST", help: "Width multiplier per level, comma-separated (default 1,2,2)."),
            .option("--blocks", value: "N", help: "Residual blocks per encoder level (default 2)."),
            .option("--kernel", value: "N", help: "Convolution kernel size in time steps (default 3)."),
            .option("--attention-levels", value: "LIST",
                    help: "Levels with self-attention, 0 = full time, or 'none' (default 2)."),
            .option("--groups", value: "N", help: "GroupNorm groups; must divide every width (default \(standard.groups))."),
            .option("--batch", value: "N", help: "Examples per optimizer step (default \(defaults.batchSize))."),
            .option("--lr", value: "RATE", help: "Adam learning rate at step 0 (default \(defaults.learningRate))."),
            .option("--lr-decay", value: "FACTOR", help: "Learning-rate factor applied every --lr-decay-every steps (default \(defaults.decayFactor))."),
            .option("--lr-decay-every", value: "N", help: "Steps between learning-rate decays (default \(defaults.decayEvery))."),
            .option("--clip", value: "VALUE", help: "Clip each gradient element to ±VALUE (default \(defaults.clipValue))."),
            .option("--steps", value: "N",
                    help: "Stop at this total step count (default 50000, or no limit with --minutes)."),
            .option("--minutes", value: "M", help: "Stop cleanly after M minutes of this session."),
            .option("--length", value: "T", help: "Time steps per example, a multiple of 2^(levels-1) (default 128)."),
            .option("--validate-every", value: "N", help: "Steps between validation passes, 0 = never (default \(defaults.validateEvery))."),
            .option("--checkpoint-every", value: "N", help: "Steps between checkpoints, 0 = only at the end (default \(defaults.checkpointEvery))."),
            .option("--seed", value: "N", help: "Seeds the weights, data order, masks and corruption (default \(defaults.seed))."),
            .option("--threads", value: "N", help: "Compute threads, 1 or 2 (default 2)."),
            .option("--log", value: "FILE.csv", help: "Append a CSV row per step (loss, lr, examples/s, validation NLLs)."),
            .flag("--include-valid", help: "Train on train+valid; validation then sees training data."),
            .flag("--no-unroll", help: "Ablation: one denoising step instead of two unrolled steps."),
            .flag("--no-mask-input", help: "Ablation: the model does not see the keep mask (SUNDAE-style)."),
            .flag("--loss-all-cells", help: "Ablation: kept cells enter the loss too."),
            .flag("--no-reweight", help: "Ablation: do not divide each example's loss by 1 + dropped cells."),
        ])

    let dataPath: String
    let outPath: String
    let resumes: Bool
    /// Whether a resumed run starts a new learning-rate schedule from the given --lr flags.
    let restartsSchedule: Bool
    /// The model settings given on the command line; nil where the flag was left out.
    let model: ModelFlags
    /// The optimizer and objective settings given on the command line; nil where left out.
    let optimizer: OptimizerFlags
    let length: Int?
    let maxSteps: Int?
    let minutes: Double?
    let validateEvery: Int?
    let checkpointEvery: Int?
    let threads: Int
    let logPath: String?
    let includesValid: Bool

    init(arguments: ParsedArguments) throws {
        _ = try arguments.positionals(named: [], minimum: 0, maximum: 0)
        guard let data = arguments.string("--data") else {
            throw CommandLineError.invalid("missing option '--data FILE'; give the JSB chorale JSON to train on")
        }
        guard let out = arguments.string("--out") else {
            throw CommandLineError.invalid("missing option '--out MODEL.safetensors'; give the checkpoint to write")
        }
        dataPath = data
        outPath = out
        resumes = arguments.flag("--resume")
        restartsSchedule = arguments.flag("--new-schedule")
        if restartsSchedule && !resumes {
            throw CommandLineError.invalid("--new-schedule applies only with --resume; a new run takes --lr and --lr-decay directly")
        }
        let exists = FileManager.default.fileExists(atPath: out)
        if resumes && !exists {
            throw CommandLineError.invalid("--resume: no checkpoint at \(out); leave out --resume to start a new run")
        }
        if !resumes && exists {
            throw CommandLineError.invalid("\(out) already exists; pass --resume to continue it or remove it to start over")
        }

        model = try ModelFlags(arguments)
        optimizer = try OptimizerFlags(arguments)
        length = try arguments.optionalInt("--length", in: 4...65_536)
        maxSteps = try arguments.optionalInt("--steps", in: 1...1_000_000_000)
        minutes = try arguments.optionalDouble("--minutes", in: 0.001...10_000_000)
        validateEvery = try arguments.optionalInt("--validate-every", in: 0...1_000_000_000)
        checkpointEvery = try arguments.optionalInt("--checkpoint-every", in: 0...1_000_000_000)
        threads = try arguments.int("--threads", default: 2, in: 1...2)
        logPath = arguments.string("--log")
        includesValid = arguments.flag("--include-valid")

        // A new run's configuration is complete here, so its errors are usage errors.
        if !resumes {
            let config = model.resolved(over: .standard(vocabularySize: TrainCommand.vocabularySize))
            do {
                try config.validate()
            } catch let error as UNetConfigError {
                throw CommandLineError.invalid("invalid model flags: \(error.field) = \(error.value), expected \(error.expected)")
            }
            let steps = length ?? TrainCommand.defaultLength
            if steps % config.timeMultiple != 0 {
                throw CommandLineError.invalidValue(
                    option: "--length", value: "\(steps)",
                    expected: "a multiple of \(config.timeMultiple), because the U-Net has \(config.multipliers.count) levels")
            }
        }
    }

    static let defaultLength = 128
    /// K: 57 pitch tokens and the rest token.
    static let vocabularySize = 58
    /// The step limit when neither --steps nor --minutes is given: the reference run's length.
    static let defaultSteps = 50_000
}

/// The U-Net flags as given; nil for a flag left out.
struct ModelFlags {
    var width: Int?
    var multipliers: [Int]?
    var blocks: Int?
    var kernel: Int?
    var attentionLevels: [Int]?
    var groups: Int?

    init(_ arguments: ParsedArguments) throws {
        width = try arguments.optionalInt("--width", in: 1...4096)
        multipliers = try arguments.optionalIntList("--multipliers", in: 1...64, allowsEmpty: false)
        blocks = try arguments.optionalInt("--blocks", in: 1...16)
        kernel = try arguments.optionalInt("--kernel", in: 1...63)
        attentionLevels = try arguments.optionalIntList("--attention-levels", in: 0...7, allowsEmpty: true)
        groups = try arguments.optionalInt("--groups", in: 1...4096)
    }

    /// `base` with every given flag applied.
    func resolved(over base: UNetConfig) -> UNetConfig {
        var config = base
        if let width { config.baseWidth = width }
        if let multipliers { config.multipliers = multipliers }
        if let blocks { config.residualBlocksPerLevel = blocks }
        if let kernel { config.kernelSize = kernel }
        if let attentionLevels { config.attentionLevels = attentionLevels }
        if let groups { config.groups = groups }
        return config
    }

    /// Returns the given flags whose value differs from `config`, as "--flag value (checkpoint: value)".
    func disagreements(with config: UNetConfig) -> [String] {
        var found: [String] = []
        func check<T: Equatable>(_ flag: String, _ given: T?, _ saved: T, _ show: (T) -> String) {
            if let given, given != saved { found.append("\(flag) \(show(given)) (checkpoint: \(show(saved)))") }
        }
        check("--width", width, config.baseWidth, { "\($0)" })
        check("--multipliers", multipliers, config.multipliers, listText)
        check("--blocks", blocks, config.residualBlocksPerLevel, { "\($0)" })
        check("--kernel", kernel, config.kernelSize, { "\($0)" })
        check("--attention-levels", attentionLevels, config.attentionLevels, listText)
        check("--groups", groups, config.groups, { "\($0)" })
        return found
    }
}

/// The optimizer and objective flags as given; nil (or false) for a flag left out.
struct OptimizerFlags {
    var batch: Int?
    var learningRate: Double?
    var decayFactor: Double?
    var decayEvery: Int?
    var clip: Double?
    var seed: UInt64?
    var noUnroll: Bool
    var noMaskInput: Bool
    var lossOnAllCells: Bool
    var noReweight: Bool

    init(_ arguments: ParsedArguments) throws {
        batch = try arguments.optionalInt("--batch", in: 1...4096)
        learningRate = try arguments.optionalDouble("--lr", in: 1e-9...1)
        decayFactor = try arguments.optionalDouble("--lr-decay", in: 1e-6...1)
        decayEvery = try arguments.optionalInt("--lr-decay-every", in: 1...1_000_000_000)
        clip = try arguments.optionalDouble("--clip", in: 1e-6...1e6)
        if let text = arguments.string("--seed") {
            guard let value = UInt64(text) else {
                throw CommandLineError.invalidValue(option: "--seed", value: text,
                                                    expected: "an integer from 0 to \(UInt64.max)")
            }
            seed = value
        }
        noUnroll = arguments.flag("--no-unroll")
        noMaskInput = arguments.flag("--no-mask-input")
        lossOnAllCells = arguments.flag("--loss-all-cells")
        noReweight = arguments.flag("--no-reweight")
    }

    /// Returns a new run's training configuration: the defaults with every given flag applied.
    func resolved(validateEvery: Int?, checkpointEvery: Int?) -> TrainingConfig {
        var config = TrainingConfig()
        if let batch { config.batchSize = batch }
        if let learningRate { config.learningRate = learningRate }
        if let decayFactor { config.decayFactor = decayFactor }
        if let decayEvery { config.decayEvery = decayEvery }
        if let clip { config.clipValue = clip }
        if let seed { config.seed = seed }
        config.objective = objective
        if let validateEvery { config.validateEvery = validateEvery }
        if let checkpointEvery { config.checkpointEvery = checkpointEvery }
        return config
    }

    var objective: SunmaskObjectiveOptions {
        SunmaskObjectiveOptions(unrollSteps: noUnroll ? 1 : 2, givesMaskToModel: !noMaskInput,
                                lossOnAllCells: lossOnAllCells, reweightsByMaskSize: !noReweight)
    }

    /// Returns the given flags whose value differs from a saved run's configuration.
    func disagreements(with config: TrainingConfig) -> [String] {
        var found: [String] = []
        func check<T: Equatable>(_ flag: String, _ given: T?, _ saved: T) {
            if let given, given != saved { found.append("\(flag) \(given) (checkpoint: \(saved))") }
        }
        check("--batch", batch, config.batchSize)
        check("--lr", learningRate, config.learningRate)
        check("--lr-decay", decayFactor, config.decayFactor)
        check("--lr-decay-every", decayEvery, config.decayEvery)
        check("--clip", clip, config.clipValue)
        check("--seed", seed, config.seed)
        // The ablation flags are compared both ways: a run trained with an ablation resumes only
        // with the same switches given again.
        if objective != config.objective {
            found.append("ablation switches \(ablationText(objective)) (checkpoint: \(ablationText(config.objective)))")
        }
        return found
    }
}

/// Returns the ablation flags that produce `options`, or "none".
func ablationText(_ options: SunmaskObjectiveOptions) -> String {
    var flags: [String] = []
    if options.unrollSteps == 1 { flags.append("--no-unroll") }
    if !options.givesMaskToModel { flags.append("--no-mask-input") }
    if options.lossOnAllCells { flags.append("--loss-all-cells") }
    if !options.reweightsByMaskSize { flags.append("--no-reweight") }
    return flags.isEmpty ? "none" : flags.joined(separator: " ")
}

/// Returns a list of integers as the flags spell it: "1,2,2", or "none" when empty.
func listText(_ values: [Int]) -> String {
    values.isEmpty ? "none" : values.map(String.init).joined(separator: ",")
}

extension ParsedArguments {
    /// Returns the option as an integer in `range`, or nil when absent.
    func optionalInt(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
        string(name) == nil ? nil : try int(name, default: 0, in: range)
    }

    /// Returns the option as a number in `range`, or nil when absent.
    func optionalDouble(_ name: String, in range: ClosedRange<Double>) throws -> Double? {
        string(name) == nil ? nil : try double(name, default: 0, in: range)
    }

    /// Returns the option as a comma-separated list of integers in `range` ("none" for an empty list
    /// where `allowsEmpty`), or nil when absent.
    func optionalIntList(_ name: String, in range: ClosedRange<Int>, allowsEmpty: Bool) throws -> [Int]? {
        guard let text = string(name) else { return nil }
        if allowsEmpty && text == "none" { return [] }
        let parts = text.split(separator: ",", omittingEmptySubsequences: false)
        let values = parts.compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard !text.isEmpty, values.count == parts.count, values.allSatisfy(range.contains) else {
            let empty = allowsEmpty ? ", or 'none'" : ""
            throw CommandLineError.invalidValue(
                option: name, value: text,
                expected: "comma-separated integers from \(range.lowerBound) to \(range.upperBound)\(empty)")
        }
        return values
    }
}
