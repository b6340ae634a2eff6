import Chorale
import Foundation
import SunmaskEngine

/// A trained SUNMASK model ready for sampling, with the file it came from.
public struct GenerationModel {
    /// The environment variable naming a checkpoint used when no path is given.
    public static let environmentVariable = "SUNMASK_MODEL"

    /// The network.
    public let network: UNet
    /// The checkpoint file the network was read from.
    public let path: String

    /// Checks that `network` samples chorale grids: 4 voices and the 58-token vocabulary.
    public init(network: UNet, path: String) throws {
        let config = network.config
        guard config.voices == Voice.allCases.count, config.vocabularySize == TokenVocabulary.size else {
            throw GenerationError.modelShape(path: path, voices: config.voices, vocabulary: config.vocabularySize)
        }
        self.network = network
        self.path = path
    }

    /// Returns the checkpoint path to use: `explicitPath` when given, else the path in
    /// `SUNMASK_MODEL` (when set and not empty), else `shippedModel` when that file exists.
    ///
    /// - Throws: `GenerationError.noModel` when none of the three applies.
    public static func resolvePath(explicitPath: String?, environment: [String: String],
                                   shippedModel: URL?) throws -> String {
        if let explicitPath { return explicitPath }
        if let fromEnvironment = environment[environmentVariable], !fromEnvironment.isEmpty {
            return fromEnvironment
        }
        if let shippedModel, FileManager.default.fileExists(atPath: shippedModel.path) {
            return shippedModel.path
        }
        throw GenerationError.noModel
    }

    /// Loads the checkpoint `resolvePath` picks.
    ///
    /// - Throws: `GenerationError.noModel`, the checkpoint reader's error for a missing or
    ///   invalid file, or `GenerationError.modelShape` for a model of another grid shape.
    public static func load(explicitPath: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
                            shippedModel: URL?) throws -> GenerationModel {
        let path = try resolvePath(explicitPath: explicitPath, environment: environment, shippedModel: shippedModel)
        let (network, _) = try ModelCheckpoint.loadModel(from: path)
        return try GenerationModel(network: network, path: path)
    }
}
