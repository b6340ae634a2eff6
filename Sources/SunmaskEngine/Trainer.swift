// Shape legend: B batch, V voices, T time steps.
//
// The training loop: batches drawn in a shuffled order per epoch, the SUNMASK objective,
// Adam with clipping by value and a step-decayed learning rate, periodic validation and
// checkpoints. The library reports progress as values; the caller prints and saves.

import Foundation

/// The optimizer and schedule settings of a training run; saved in the checkpoint.
public struct TrainingConfig: Codable, Equatable, Sendable {
    /// B, examples per step.
    public var batchSize: Int = 8
    /// The learning rate at step 0.
    public var learningRate: Double = 3e-4
    /// The learning rate is multiplied by this every `decayEvery` steps.
    public var decayFactor: Double = 0.75
    public var decayEvery: Int = 5000
    /// The step at which the schedule starts: the rate is `learningRate` here and decays from
    /// here on. 0 for a run that keeps its first schedule; a resumed run given a new schedule
    /// starts it at its current step.
    public var scheduleStart: Int = 0
    /// Gradients are clipped to ±this value before each Adam update.
    public var clipValue: Double = 3
    /// Steps between validation passes (0 = never).
    public var validateEvery: Int = 500
    /// Steps between checkpoint requests (0 = never).
    public var checkpointEvery: Int = 200
    /// Seeds the data order, masks, corruption and sampling.
    public var seed: UInt64 = 1
    public var objective = SunmaskObjectiveOptions()

    public init() {}

    /// Returns the learning rate in force at `step`.
    public func learningRate(atStep step: Int) -> Double {
        let elapsed = max(step - scheduleStart, 0)
        return learningRate * pow(decayFactor, Double(elapsed / max(decayEvery, 1)))
    }

    private enum CodingKeys: String, CodingKey {
        case batchSize, learningRate, decayFactor, decayEvery, scheduleStart, clipValue
        case validateEvery, checkpointEvery, seed, objective
    }

    /// Decodes a saved configuration. Checkpoints written before `scheduleStart` existed lack
    /// it and read as 0, the start of their one schedule.
    public init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        batchSize = try container.decode(Int.self, forKey: .batchSize)
        learningRate = try container.decode(Double.self, forKey: .learningRate)
        decayFactor = try container.decode(Double.self, forKey: .decayFactor)
        decayEvery = try container.decode(Int.self, forKey: .decayEvery)
        scheduleStart = try container.decodeIfPresent(Int.self, forKey: .scheduleStart) ?? 0
        clipValue = try container.decode(Double.self, forKey: .clipValue)
        validateEvery = try container.decode(Int.self, forKey: .validateEvery)
        checkpointEvery = try container.decode(Int.self, forKey: .checkpointEvery)
        seed = try container.decode(UInt64.self, forKey: .seed)
        objective = try container.decode(SunmaskObjectiveOptions.self, forKey: .objective)
    }
}

/// The position of a training run; with the weights and Adam's moments it is all a resume needs.
public struct TrainingState: Codable, Equatable, Sendable {
    /// Optimizer steps completed.
    public var step = 0
    /// The epoch being read and the position in its shuffled order.
    public var epoch = 0
    public var position = 0
    /// The generator for masks, corruption and sampling.
    public var generator: RandomGenerator.State
    /// Wall-clock seconds spent training in all sessions so far.
    public var trainingSeconds = 0.0

    public init(seed: UInt64) {
        generator = RandomGenerator(seed: seed ^ 0x5DEE_CE66_D1CE_4E5B).state
    }
}

/// An event the training loop reports to its caller.
public enum TrainingEvent: Sendable {
    /// After each optimizer step.
    case step(TrainingProgress)
    /// After a validation pass.
    case validation(step: Int, result: ValidationResult)
    /// A checkpoint is due: the caller should save the trainer now.
    case checkpointDue(step: Int)
}

/// One step's figures.
public struct TrainingProgress: Sendable {
    public var step: Int
    /// The step the run stops at, when bounded by steps.
    public var totalSteps: Int?
    /// This step's loss (sum over unroll steps, mean over the batch).
    public var loss: Double
    /// Mean loss over the last 50 steps.
    public var smoothedLoss: Double
    public var learningRate: Double
    /// Examples per second over this session so far.
    public var examplesPerSecond: Double
    /// Seconds left until the step or time limit, whichever comes first.
    public var secondsLeft: Double?
}

/// Whether the loop goes on after an event.
public enum TrainingControl: Sendable {
    case proceed
    case stop
}

/// Trains a `UNet` with the SUNMASK objective.
public final class Trainer {
    public let model: UNet
    public let optimizer: Adam
    public let config: TrainingConfig
    public private(set) var state: TrainingState
    private let objective: SunmaskObjective
    private let examples: [[Int32]]
    private let validationExamples: [[Int32]]
    private let steps: Int
    private var order: [Int] = []

    /// - Parameters:
    ///   - examples: training examples, each [V·T] tokens in `0..<K`, voice-major.
    ///   - validationExamples: examples for validation NLL, same shape.
    ///   - steps: T, which must be a multiple of the model's `timeMultiple`.
    ///   - state: a resumed run's state; a fresh run when nil.
    public init(model: UNet, config: TrainingConfig, examples: [[Int32]], validationExamples: [[Int32]],
                steps: Int, state: TrainingState? = nil) throws {
        guard !examples.isEmpty else {
            throw TrainingError.noExamples
        }
        guard steps > 0, steps % model.config.timeMultiple == 0 else {
            throw TrainingError.badLength(steps: steps, multiple: model.config.timeMultiple)
        }
        let cells = model.config.voices * steps
        if let index = examples.firstIndex(where: { $0.count != cells }) {
            throw TrainingError.badExample(index: index, count: examples[index].count, expected: cells)
        }
        let vocabulary = Int32(model.config.vocabularySize)
        if let index = examples.firstIndex(where: { $0.contains { $0 < 0 || $0 >= vocabulary } }) {
            throw TrainingError.tokenOutOfRange(index: index, vocabulary: Int(vocabulary))
        }
        self.model = model
        self.config = config
        self.examples = examples
        self.validationExamples = validationExamples
        self.steps = steps
        self.state = state ?? TrainingState(seed: config.seed)
        optimizer = Adam(parameters: model.parameters, learningRate: Float(config.learningRate),
                         clipValue: Float(config.clipValue))
        objective = SunmaskObjective(model: model, options: config.objective)
        order = Trainer.order(epoch: self.state.epoch, count: examples.count, seed: config.seed)
    }

    /// The shuffled example order of an epoch, a function of the seed and epoch alone, so a
    /// resumed run reads the same order without storing it.
    static func order(epoch: Int, count: Int, seed: UInt64) -> [Int] {
        var generator = RandomGenerator(seed: seed &+ UInt64(epoch) &* 0x9E37_79B9_7F4A_7C15)
        var indices = Array(0..<count)
        generator.shuffle(&indices)
        return indices
    }

    /// Returns the next batch's tokens [B, V, T] and advances the epoch position.
    private func nextBatch() -> [Int32] {
        var tokens: [Int32] = []
        tokens.reserveCapacity(config.batchSize * model.config.voices * steps)
        for _ in 0..<config.batchSize {
            if state.position >= order.count {
                state.epoch += 1
                state.position = 0
                order = Trainer.order(epoch: state.epoch, count: examples.count, seed: config.seed)
            }
            tokens += examples[order[state.position]]
            state.position += 1
        }
        return tokens
    }

    /// Runs one optimizer step and returns the loss.
    public func trainStep() -> Double {
        optimizer.learningRate = Float(config.learningRate(atStep: state.step))
        optimizer.zeroGradients()
        let tokens = nextBatch()
        var generator = RandomGenerator(state: state.generator)
        let losses = objective.accumulateGradients(tokens: tokens, batch: config.batchSize, steps: steps,
                                                   generator: &generator)
        state.generator = generator.state
        optimizer.update()
        state.step += 1
        return losses.reduce(0) { $0 + Double($1) }
    }

    /// Measures validation NLL at the standard drop rates.
    public func validate() -> ValidationResult {
        ValidationNLL.measure(model: model, examples: validationExamples, steps: steps,
                              givesMaskToModel: config.objective.givesMaskToModel)
    }

    /// Trains until `maxSteps` total steps or `seconds` of wall time, whichever comes first,
    /// or until `report` returns `.stop`. Returns the reason it stopped.
    @discardableResult
    public func run(maxSteps: Int?, seconds: Double?, report: (TrainingEvent) -> TrainingControl) -> TrainingStopReason {
        let start = Date()
        let startStep = state.step
        var recent: [Double] = []
        while true {
            if let maxSteps, state.step >= maxSteps { return .reachedSteps }
            let elapsed = Date().timeIntervalSince(start)
            if let seconds, elapsed >= seconds { return .reachedTime }

            let loss = trainStep()
            let now = Date().timeIntervalSince(start)
            state.trainingSeconds += now - elapsed
            recent.append(loss)
            if recent.count > 50 { recent.removeFirst() }

            let stepsDone = Double(state.step - startStep)
            let secondsPerStep = now / stepsDone
            var secondsLeft: Double?
            if let maxSteps { secondsLeft = Double(maxSteps - state.step) * secondsPerStep }
            if let seconds { secondsLeft = min(secondsLeft ?? .infinity, max(0, seconds - now)) }
            let progress = TrainingProgress(
                step: state.step, totalSteps: maxSteps, loss: loss,
                smoothedLoss: recent.reduce(0, +) / Double(recent.count),
                learningRate: config.learningRate(atStep: state.step - 1),
                examplesPerSecond: stepsDone * Double(config.batchSize) / max(now, 1e-9),
                secondsLeft: secondsLeft)
            if report(.step(progress)) == .stop { return .stoppedByCaller }

            if config.validateEvery > 0, state.step % config.validateEvery == 0, !validationExamples.isEmpty {
                if report(.validation(step: state.step, result: validate())) == .stop { return .stoppedByCaller }
            }
            if config.checkpointEvery > 0, state.step % config.checkpointEvery == 0 {
                if report(.checkpointDue(step: state.step)) == .stop { return .stoppedByCaller }
            }
        }
    }
}

/// The reason `Trainer.run` returned.
public enum TrainingStopReason: Sendable, Equatable {
    case reachedSteps, reachedTime, stoppedByCaller
}

/// Training data or settings the trainer cannot use.
public enum TrainingError: Error, Equatable, CustomStringConvertible {
    case noExamples
    case badLength(steps: Int, multiple: Int)
    case badExample(index: Int, count: Int, expected: Int)
    case tokenOutOfRange(index: Int, vocabulary: Int)

    public var description: String {
        switch self {
        case .noExamples:
            return "no training examples; check the data file and the crop length"
        case .badLength(let steps, let multiple):
            return "training length \(steps) steps is not a positive multiple of \(multiple), which the U-Net's levels need"
        case .badExample(let index, let count, let expected):
            return "training example \(index) has \(count) tokens, expected V·T = \(expected)"
        case .tokenOutOfRange(let index, let vocabulary):
            return "training example \(index) has a token outside 0..<\(vocabulary)"
        }
    }
}
