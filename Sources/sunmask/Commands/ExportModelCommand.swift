import Chorale
import Foundation
import SunmaskEngine

/// `sunmask export-model IN OUT`: turns a training checkpoint into a model to ship.
///
/// The output keeps the U-Net configuration, records the token vocabulary and where the
/// weights came from, drops Adam's state, and stores the weights as Float16 unless
/// `--float32` is given.
struct ExportModelCommand: Command {
    static let spec = CommandSpec(
        name: "export-model",
        abstract: "Write a training checkpoint as a model to ship (a developer command).",
        synopsis: "IN.safetensors OUT.safetensors [--float32]",
        discussion: """
            Reads a checkpoint written by 'sunmask train', drops the optimizer state and writes the \
            weights as Float16 (half the size; --float32 keeps full precision). The training step \
            and time are kept in the metadata.
            """,
        options: [.flag("--float32", help: "Store the weights as Float32 instead of Float16.")])

    let input: String
    let output: String
    let storage: SafeTensorsStorage

    init(arguments: ParsedArguments) throws {
        let positionals = try arguments.positionals(named: ["IN.safetensors", "OUT.safetensors"], minimum: 2, maximum: 2)
        input = positionals[0]
        output = positionals[1]
        storage = arguments.flag("--float32") ? .float32 : .float16
    }

    func run() throws {
        let (model, checkpoint) = try ModelCheckpoint.loadModel(from: input)
        var metadata: [String: String] = [
            "vocabulary": "tokens 0…\(TokenVocabulary.restToken - 1) are MIDI pitches "
                + "\(TokenVocabulary.lowestPitch)…\(TokenVocabulary.highestPitch); token \(TokenVocabulary.restToken) is a rest",
        ]
        for key in ["training_examples", "training_length", "training_splits"] {
            if let value = checkpoint.metadata[key] { metadata[key] = value }
        }
        if let stateText = checkpoint.metadata["training_state"] {
            let state: TrainingState
            do {
                state = try JSONDecoder().decode(TrainingState.self, from: Data(stateText.utf8))
            } catch {
                throw CheckpointError.invalidMetadata(path: input, key: "training_state", value: String(stateText.prefix(80)),
                                                      expected: "the JSON training state written by sunmask train")
            }
            metadata["trained_steps"] = String(state.step)
            metadata["training_seconds"] = String(Int(state.trainingSeconds.rounded()))
        }
        try ModelCheckpoint.save(model: model, to: output, metadata: metadata, storage: storage)
        print("wrote \(output): \(model.parameterCount) parameters as \(storage == .float16 ? "Float16" : "Float32")")
    }
}
