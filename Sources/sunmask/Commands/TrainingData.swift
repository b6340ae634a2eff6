// Shape legend: V voices (4), T time steps per example.
//
// The examples `sunmask train` reads from a JSB file: the reference augmented training set and
// the untransposed validation chunks, as voice-major token arrays [V·T].

import Chorale
import Foundation

/// The token arrays a training run reads, with the counts the start-up block prints.
struct TrainingData {
    /// Training examples, each [V·T] tokens: every silence-free T-step chunk of the training
    /// splits in each transposition −6…+5 that stays in the vocabulary.
    var training: [[Int32]]
    /// Validation examples, each [V·T] tokens: the silence-free T-step chunks of the valid split,
    /// untransposed.
    var validation: [[Int32]]
    /// The chorales per split in the file.
    var choraleCounts: (train: Int, valid: Int, test: Int)
    /// The untransposed training chunks, each [V·T] tokens, for the unigram baseline.
    var trainingChunkTokens: [[Int32]]
    /// The number of untransposed training chunks.
    var trainingChunks: Int { trainingChunkTokens.count }
    /// The splits the training examples come from.
    var trainingSplits: [JSBSplit]

    /// Reads `path` and cuts it into examples of `length` steps.
    /// - Throws: `JSBDatasetError` for an unreadable or malformed file; `RuntimeFailure` when the
    ///   file yields no training example of that length.
    init(path: String, length: Int, includesValid: Bool) throws {
        // Read here rather than through `JSBDataset(contentsOf:)` so errors name the path as given.
        let bytes: Data
        do {
            bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw JSBDatasetError.unreadable(file: path, reason: error.localizedDescription)
        }
        let dataset = try JSBDataset(jsonData: bytes, file: path)
        trainingSplits = includesValid ? [.train, .valid] : [.train]
        choraleCounts = (dataset.train.count, dataset.valid.count, dataset.test.count)

        let chunks = dataset.chorales(in: trainingSplits).flatMap {
            JSBDataset.chunks(of: $0, length: length, skippingSilent: true)
        }
        trainingChunkTokens = try chunks.map { try $0.flatTokens() }
        let augmented = chunks.flatMap { JSBDataset.transpositions(of: $0) }
        training = try augmented.map { try $0.flatTokens() }
        validation = try dataset.valid.flatMap {
            JSBDataset.chunks(of: $0, length: length, skippingSilent: true)
        }.map { try $0.flatTokens() }

        guard !training.isEmpty else {
            let longest = dataset.chorales(in: trainingSplits).map(\.steps).max() ?? 0
            throw RuntimeFailure(
                "JSB dataset \(path) has no silence-free chunk of \(length) steps in its "
                    + "\(trainingSplits.map(\.rawValue).joined(separator: "+")) chorales (longest: \(longest) steps); "
                    + "use a smaller --length or a larger data file")
        }
    }
}
