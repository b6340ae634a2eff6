import Chorale
import Foundation
import SunmaskEngine

/// Metadata keys `sunmask train` adds to its checkpoints, so `--resume` can check that it
/// reads the same examples.
enum TrainingMetadataKey {
    /// T, the time steps per example.
    static let length = "training_length"
    /// The splits trained on, such as "train" or "train+valid".
    static let splits = "training_splits"
    /// The number of training examples after augmentation.
    static let examples = "training_examples"
}

extension TrainCommand {
    func run() throws {
        ComputeThreads.count = threads
        let stopRequest = StopRequest()
        let console = TrainingConsole()

        let setup = try prepare()
        let data = setup.data
        let model = setup.trainer.model
        let trainer = setup.trainer
        let config = trainer.config
        let stepLimit = maxSteps ?? (minutes == nil ? TrainCommand.defaultSteps : nil)
        printConfiguration(setup, stepLimit: stepLimit, console: console)

        let log = try logPath.map { try TrainingLog(path: $0) }
        let metadata = [
            TrainingMetadataKey.length: String(setup.length),
            TrainingMetadataKey.splits: data.trainingSplits.map(\.rawValue).joined(separator: "+"),
            TrainingMetadataKey.examples: String(data.training.count),
        ]
        func save() throws {
            try ModelCheckpoint.save(model: model, to: outPath, metadata: metadata,
                                     training: (config, trainer.state, trainer.optimizer))
        }

        var lastValidatedStep: Int?
        func report(validation result: ValidationResult, step: Int) throws {
            console.line("validation at step \(step): NLL per dropped cell at drop rate "
                         + TrainingConsole.nllText(result)
                         + String(format: "  (unigram %.4f, uniform %.4f)", setup.unigram, setup.uniform))
            try log?.record(validation: result, step: step)
            lastValidatedStep = step
        }

        // The report callback cannot throw, so the first error is held and stops the loop.
        var failure: Error?
        var lastProgress: TrainingProgress?
        let reason = trainer.run(maxSteps: stepLimit, seconds: minutes.map { $0 * 60 }) { event in
            do {
                switch event {
                case .step(let progress):
                    lastProgress = progress
                    console.show(progress)
                    try log?.record(progress, trainingSeconds: trainer.state.trainingSeconds)
                case .validation(let step, let result):
                    try report(validation: result, step: step)
                case .checkpointDue(let step):
                    try save()
                    console.line("saved checkpoint \(outPath) at step \(step)")
                }
            } catch {
                failure = error
                return .stop
            }
            return stopRequest.signalNumber == nil ? .proceed : .stop
        }
        if let lastProgress { console.show(lastProgress, force: true) }
        if let failure {
            try log?.flush()
            throw failure
        }

        // A run that ends on its step or time limit is validated once more at its last step, so
        // the final checkpoint has a figure. An interrupted run skips this and saves at once.
        let step = trainer.state.step
        if reason != .stoppedByCaller, config.validateEvery > 0, !data.validation.isEmpty,
           lastValidatedStep != step, lastProgress != nil {
            try report(validation: trainer.validate(), step: step)
        }
        try log?.flush()

        try save()
        if reason == .stoppedByCaller, let signalNumber = stopRequest.signalNumber {
            let name = signalNumber == SIGINT ? "SIGINT" : "SIGTERM"
            console.line("stopped by \(name) at step \(step); saved checkpoint \(outPath); continue with --resume")
            exit(130)
        }
        let stopCause = reason == .reachedTime ? "time budget reached" : "step limit reached"
        console.line("finished at step \(step) (\(stopCause)); saved checkpoint \(outPath)")
    }

    /// The starting point of a run: the data, the trainer (new or resumed) and the baselines.
    struct Setup {
        var data: TrainingData
        var trainer: Trainer
        var length: Int
        var resumedFrom: Int?
        var uniform: Double
        var unigram: Double
    }

    /// Reads the data and builds a new trainer or restores the one saved in `outPath`.
    private func prepare() throws -> Setup {
        if resumes {
            return try prepareResumed()
        }
        let length = length ?? TrainCommand.defaultLength
        let data = try TrainingData(path: dataPath, length: length, includesValid: includesValid)
        let modelConfig = model.resolved(over: .standard(vocabularySize: TrainCommand.vocabularySize))
        let trainingConfig = optimizer.resolved(validateEvery: validateEvery, checkpointEvery: checkpointEvery)
        var generator = RandomGenerator(seed: trainingConfig.seed)
        let network = try UNet(config: modelConfig, generator: &generator)
        let trainer = try Trainer(model: network, config: trainingConfig, examples: data.training,
                                  validationExamples: data.validation, steps: length)
        return makeSetup(data: data, trainer: trainer, length: length, resumedFrom: nil)
    }

    private func prepareResumed() throws -> Setup {
        let (network, checkpoint) = try ModelCheckpoint.loadModel(from: outPath)
        func reject(_ mismatches: [String]) throws {
            guard !mismatches.isEmpty else { return }
            throw CommandLineError.invalid(
                "--resume: \(mismatches.joined(separator: ", ")) disagree with the checkpoint \(outPath); "
                    + "leave those flags out to use the checkpoint's values")
        }
        // Adam's moments are read again into the trainer's own optimizer below; this first
        // read only decodes the saved configuration and state.
        let scratch = Adam(parameters: network.parameters, learningRate: 1)
        let saved = try ModelCheckpoint.restoreTraining(from: checkpoint, model: network, optimizer: scratch)
        var savedConfig = saved.config
        if restartsSchedule {
            // The new schedule's flags replace the saved ones before the comparison, so only
            // the flags outside the schedule must still match.
            if let rate = optimizer.learningRate { savedConfig.learningRate = rate }
            if let factor = optimizer.decayFactor { savedConfig.decayFactor = factor }
            if let every = optimizer.decayEvery { savedConfig.decayEvery = every }
            savedConfig.scheduleStart = saved.state.step
        }
        try reject(model.disagreements(with: network.config) + optimizer.disagreements(with: savedConfig))

        guard let lengthText = checkpoint.metadata[TrainingMetadataKey.length], let savedLength = Int(lengthText),
              let splits = checkpoint.metadata[TrainingMetadataKey.splits],
              let examplesText = checkpoint.metadata[TrainingMetadataKey.examples], let savedExamples = Int(examplesText)
        else {
            throw RuntimeFailure("--resume: \(outPath) has no training data record (\(TrainingMetadataKey.length), "
                                 + "\(TrainingMetadataKey.splits), \(TrainingMetadataKey.examples)); "
                                 + "only checkpoints written by sunmask train can be resumed")
        }
        if let length, length != savedLength {
            try reject(["--length \(length) (checkpoint: \(savedLength))"])
        }
        let savedIncludesValid = splits == "train+valid"
        if includesValid != savedIncludesValid {
            try reject(["--include-valid \(includesValid ? "given" : "left out") (checkpoint trained on \(splits))"])
        }

        let data = try TrainingData(path: dataPath, length: savedLength, includesValid: savedIncludesValid)
        guard data.training.count == savedExamples else {
            throw RuntimeFailure(
                "--resume: \(dataPath) gives \(data.training.count) training examples but the checkpoint \(outPath) "
                    + "was trained on \(savedExamples); resume with the same --data file")
        }

        var trainingConfig = savedConfig
        if let validateEvery { trainingConfig.validateEvery = validateEvery }
        if let checkpointEvery { trainingConfig.checkpointEvery = checkpointEvery }
        let trainer = try Trainer(model: network, config: trainingConfig, examples: data.training,
                                  validationExamples: data.validation, steps: savedLength, state: saved.state)
        _ = try ModelCheckpoint.restoreTraining(from: checkpoint, model: network, optimizer: trainer.optimizer)
        return makeSetup(data: data, trainer: trainer, length: savedLength, resumedFrom: saved.state.step)
    }

    private func makeSetup(data: TrainingData, trainer: Trainer, length: Int, resumedFrom: Int?) -> Setup {
        let voices = trainer.model.config.voices
        let vocabulary = trainer.model.config.vocabularySize
        return Setup(data: data, trainer: trainer, length: length, resumedFrom: resumedFrom,
                     uniform: NLLBaselines.uniform(vocabulary: vocabulary),
                     unigram: NLLBaselines.unigram(training: data.trainingChunkTokens, validation: data.validation,
                                                   voices: voices, vocabulary: vocabulary))
    }

    private func printConfiguration(_ setup: Setup, stepLimit: Int?, console: TrainingConsole) {
        let data = setup.data
        let config = setup.trainer.config
        let modelConfig = setup.trainer.model.config
        let splits = data.trainingSplits.map(\.rawValue).joined(separator: "+")
        let counts = data.choraleCounts
        let decay = String(format: "%g", config.decayFactor)
        var stop: [String] = []
        if let stepLimit { stop.append("step \(stepLimit)") }
        if let minutes { stop.append(String(format: "%g minutes", minutes)) }
        let lines = [
            "sunmask train",
            "  data        \(dataPath): \(counts.train) train, \(counts.valid) valid, \(counts.test) test chorales",
            "  training    \(splits): \(data.trainingChunks) silence-free chunks of \(setup.length) steps, "
                + "\(data.training.count) examples with transpositions −6…+5",
            "  validation  valid: \(data.validation.count) silence-free chunks of \(setup.length) steps, untransposed"
                + (includesValid ? " (also trained on)" : ""),
            "  model       width \(modelConfig.baseWidth), multipliers \(listText(modelConfig.multipliers)), "
                + "\(modelConfig.residualBlocksPerLevel) blocks per level, kernel \(modelConfig.kernelSize), "
                + "attention levels \(listText(modelConfig.attentionLevels)), \(modelConfig.groups) groups, "
                + "\(setup.trainer.model.parameterCount) parameters",
            "  optimizer   batch \(config.batchSize), lr \(config.learningRate) × \(decay) every \(config.decayEvery) steps"
                + (config.scheduleStart > 0 ? " from step \(config.scheduleStart)" : "") + ", "
                + "clip ±\(config.clipValue), seed \(config.seed), \(ComputeThreads.count) threads",
            "  kernels     \(BLASKernels.summary)",
            "  objective   ablations: \(ablationText(config.objective))",
            "  schedule    validate every \(config.validateEvery), checkpoint every \(config.checkpointEvery) steps; "
                + "stop at \(stop.joined(separator: " or "))",
            String(format: "  baselines   uniform ln %d = %.4f nats; per-voice unigram on valid = %.4f nats per cell",
                   modelConfig.vocabularySize, setup.uniform, setup.unigram),
            "  checkpoint  \(outPath)" + (setup.resumedFrom.map { ", resumed at step \($0)" } ?? ", new run"),
        ]
        for line in lines { console.line(line) }
    }
}
