import Chorale
import Composer
import Foundation
import SunmaskEngine

/// `sunmask nll`: a model's negative log-likelihood per dropped cell on a JSB split, beside the
/// uniform and unigram baselines.
struct NLLCommand: Command {
    static let spec = CommandSpec(
        name: "nll",
        abstract: "Measure a model's NLL per dropped cell on the JSB valid or test split.",
        synopsis: "[--split valid|test] [--model FILE] [options]",
        discussion: """
            Cuts the split's chorales into silence-free chunks of 128 steps, untransposed, as
            training validation does. For each drop rate (0.25, 0.5, 0.75 and 1) every cell is
            dropped with that probability under a fixed seed, dropped cells get uniform random
            tokens, and one model pass predicts them; the figure is the mean negative natural-log
            probability of the true tokens, in nats per dropped cell. The same seed gives every
            model the same masks, so two models compare on identical inputs. The baselines are
            ln K (uniform) and the per-voice unigram of the untransposed train chunks.
            """,
        options: [
            .option("--split", value: "NAME", help: "valid (default) or test."),
            .option("--model", value: "FILE", help: "Model checkpoint; default $SUNMASK_MODEL, else the shipped model."),
            .option("--threads", value: "N", help: "Compute threads, 1 or 2; default 2."),
            .flag("--json", help: "Print the figures as JSON instead of a table."),
            JSBDataLocation.option,
        ])

    static let chunkLength = 128

    let split: JSBSplit
    let modelPath: String?
    let threads: Int
    let json: Bool
    let jsbData: JSBDataLocation

    init(arguments: ParsedArguments) throws {
        _ = try arguments.positionals(named: [], minimum: 0, maximum: 0)
        let name = arguments.string("--split") ?? "valid"
        guard name == "valid" || name == "test", let split = JSBSplit(rawValue: name) else {
            throw CommandLineError.invalidValue(option: "--split", value: name, expected: "valid or test")
        }
        self.split = split
        modelPath = arguments.string("--model")
        threads = try arguments.int("--threads", default: 2, in: 1...2)
        json = arguments.flag("--json")
        jsbData = JSBDataLocation(arguments: arguments)
    }

    func run() throws {
        ComputeThreads.count = threads
        let model = try GenerationModel.load(explicitPath: modelPath, shippedModel: GenerationRun.shippedModel)
        let (dataset, dataPath) = try jsbData.load()
        let length = NLLCommand.chunkLength
        func chunkTokens(_ split: JSBSplit) throws -> [[Int32]] {
            try dataset[split].flatMap { JSBDataset.chunks(of: $0, length: length, skippingSilent: true) }
                .map { try $0.flatTokens() }
        }
        let examples = try chunkTokens(split)
        guard !examples.isEmpty else {
            throw RuntimeFailure("JSB data set \(dataPath) has no silence-free \(length)-step chunk in its "
                                 + "\(split.rawValue) split; check that the file is Jsb16thSeparated.json")
        }
        let config = model.network.config
        let result = ValidationNLL.measure(model: model.network, examples: examples, steps: length)
        let uniform = NLLBaselines.uniform(vocabulary: config.vocabularySize)
        let unigram = NLLBaselines.unigram(training: try chunkTokens(.train), validation: examples,
                                           voices: config.voices, vocabulary: config.vocabularySize)

        if json {
            let object: [String: Any] = [
                "model": model.path, "split": split.rawValue, "chunks": examples.count,
                "drop_rates": result.dropRates, "nll": result.nll, "dropped_cells": result.droppedCells,
                "uniform": uniform, "unigram": unigram,
            ]
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
            return
        }
        print("model \(model.path)")
        print("JSB \(split.rawValue) split: \(examples.count) silence-free chunks of \(length) steps, untransposed")
        print("drop rate  NLL per dropped cell  dropped cells")
        for index in result.dropRates.indices {
            print(String(format: "%9.2f  %20.4f  %13d", result.dropRates[index], result.nll[index],
                         result.droppedCells[index]))
        }
        print(String(format: "baselines: uniform ln %d = %.4f; per-voice unigram of the train split = %.4f nats per cell",
                     config.vocabularySize, uniform, unigram))
    }
}
