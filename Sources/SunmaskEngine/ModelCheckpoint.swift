import Foundation

/// Saving and loading a `UNet`, alone for inference or with its training run for `--resume`.
///
/// The file is a `Checkpoint`: the configuration is the `UNetConfig` as JSON; a training
/// checkpoint adds Adam's moments as extra tensors `adam.m.NAME` and `adam.v.NAME`, and the
/// metadata entries `training_config`, `training_state` (JSON) and `adam_step`. The caller
/// may add its own metadata, such as the token vocabulary.
public enum ModelCheckpoint {
    /// Writes `model` (and, when given, its optimizer and training run) to `path` atomically.
    public static func save(model: UNet, to path: String, metadata: [String: String] = [:],
                            training: (config: TrainingConfig, state: TrainingState, optimizer: Adam)? = nil,
                            storage: SafeTensorsStorage = .float32) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let config = String(decoding: try encoder.encode(model.config), as: UTF8.self)
        var entries = metadata
        var extra: [String: Tensor] = [:]
        if let training {
            entries["training_config"] = String(decoding: try encoder.encode(training.config), as: UTF8.self)
            entries["training_state"] = String(decoding: try encoder.encode(training.state), as: UTF8.self)
            entries["adam_step"] = String(training.optimizer.step)
            for (index, parameter) in model.parameters.enumerated() {
                extra["adam.m.\(parameter.name)"] = training.optimizer.firstMoments[index]
                extra["adam.v.\(parameter.name)"] = training.optimizer.secondMoments[index]
            }
        }
        try Checkpoint.write(to: path, parameters: model.parameters, config: config, metadata: entries,
                             extraTensors: extra, storage: storage)
    }

    /// Builds the model a checkpoint describes and fills its parameters.
    public static func loadModel(from path: String) throws -> (model: UNet, checkpoint: Checkpoint) {
        let checkpoint = try Checkpoint.read(from: path)
        let config: UNetConfig
        do {
            config = try JSONDecoder().decode(UNetConfig.self, from: Data(checkpoint.config.utf8))
        } catch {
            throw CheckpointError.invalidMetadata(path: path, key: "config", value: String(checkpoint.config.prefix(80)),
                                                  expected: "a U-Net configuration in JSON")
        }
        var generator = RandomGenerator(seed: 0)
        let model = try UNet(config: config, generator: &generator)
        try checkpoint.load(into: model.parameters)
        return (model, checkpoint)
    }

    /// Copies Adam's moments and step count from a training checkpoint into `optimizer` and
    /// returns the saved training configuration and state.
    public static func restoreTraining(from checkpoint: Checkpoint, model: UNet,
                                       optimizer: Adam) throws -> (config: TrainingConfig, state: TrainingState) {
        let path = checkpoint.path
        func json<T: Decodable>(_ key: String, _ type: T.Type) throws -> T {
            guard let text = checkpoint.metadata[key] else {
                throw CheckpointError.missingMetadata(path: path, key: key)
            }
            do {
                return try JSONDecoder().decode(type, from: Data(text.utf8))
            } catch {
                throw CheckpointError.invalidMetadata(path: path, key: key, value: String(text.prefix(80)),
                                                      expected: "JSON written by sunmask train")
            }
        }
        let config = try json("training_config", TrainingConfig.self)
        let state = try json("training_state", TrainingState.self)
        guard let stepText = checkpoint.metadata["adam_step"], let step = Int(stepText), step >= 0 else {
            throw CheckpointError.missingMetadata(path: path, key: "adam_step")
        }
        // Check every moment tensor before copying any, so a bad file changes nothing.
        var moments: [(Tensor, Tensor)] = []
        for parameter in model.parameters {
            for kind in ["m", "v"] {
                let name = "adam.\(kind).\(parameter.name)"
                guard let tensor = checkpoint.extraTensors[name] else {
                    throw CheckpointError.missingMetadata(path: path, key: name)
                }
                guard tensor.shape == parameter.value.shape else {
                    throw CheckpointError.shapeMismatch(path: path, tensor: name, fileShape: tensor.shape,
                                                        modelShape: parameter.value.shape, moreMismatches: 0)
                }
            }
            moments.append((checkpoint.extraTensors["adam.m.\(parameter.name)"]!,
                            checkpoint.extraTensors["adam.v.\(parameter.name)"]!))
        }
        for (index, (first, second)) in moments.enumerated() {
            optimizer.firstMoments[index].copy(from: first)
            optimizer.secondMoments[index].copy(from: second)
        }
        optimizer.step = step
        return (config, state)
    }
}
