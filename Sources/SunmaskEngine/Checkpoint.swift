/// A model checkpoint: parameters, the model configuration, free metadata and extra tensors,
/// stored as a safetensors file.
///
/// In the file, every parameter is a tensor under its own name, and so is every extra tensor
/// (such as Adam's moment estimates), which is always Float32. `__metadata__` holds
/// `format` = "sunmask-checkpoint", `format_version`, `config` (the model configuration as JSON),
/// `extra_tensors` (a JSON array of the extra tensors' names), and the caller's entries, such as
/// a step counter or a random generator's state as strings.
///
/// Reading is two steps, so the configuration can be read before the model exists:
/// `Checkpoint.read(from:)`, build the model from `config`, then `load(into:)` its parameters.
public struct Checkpoint {
    /// The value of the `format` metadata entry.
    public static let formatName = "sunmask-checkpoint"
    /// The format version this code writes and the newest it reads.
    public static let currentVersion = 1
    /// The metadata keys the checkpoint sets itself; callers' metadata must not use them.
    public static let reservedKeys: Set<String> = ["format", "format_version", "config", "extra_tensors"]

    /// The path the checkpoint was read from, used in error messages.
    public let path: String
    /// The file's format version, 1 through `currentVersion`.
    public let formatVersion: Int
    /// The model configuration, a JSON text as the writer passed it.
    public let config: String
    /// The caller's metadata entries, without the reserved keys.
    public let metadata: [String: String]
    /// The tensors of the model's parameters, by name.
    public let parameterTensors: [String: Tensor]
    /// The extra tensors, by name, always stored as Float32.
    public let extraTensors: [String: Tensor]

    /// Writes a checkpoint to `path` atomically (see `AtomicFile`).
    ///
    /// - Parameters:
    ///   - parameters: the model's parameters; their values are saved under their names.
    ///   - config: the model configuration as JSON text.
    ///   - metadata: extra string entries; must not use `reservedKeys`.
    ///   - extraTensors: more tensors to save (optimizer state); names must differ from the
    ///     parameters'. They are stored as F32 whatever `storage` is.
    ///   - storage: the element type of the parameters: `.float32` for training checkpoints,
    ///     `.float16` to ship a model at half the size.
    /// - Throws: `CheckpointError` for a reserved key or a repeated name, `SafeTensorsError` for
    ///   a value outside `storage`'s range, `AtomicFileError` when the file system fails.
    public static func write(
        to path: String, parameters: [Parameter], config: String,
        metadata: [String: String] = [:], extraTensors: [String: Tensor] = [:],
        storage: SafeTensorsStorage = .float32
    ) throws {
        if let key = metadata.keys.sorted().first(where: reservedKeys.contains) {
            throw CheckpointError.reservedMetadataKey(path: path, key: key)
        }
        var names = Set<String>()
        for name in parameters.map(\.name) + extraTensors.keys.sorted() where !names.insert(name).inserted {
            throw CheckpointError.duplicateName(path: path, name: name)
        }

        var entries = parameters.map { SafeTensorsWriter.Entry(name: $0.name, tensor: $0.value, storage: storage) }
        for (name, tensor) in extraTensors {
            entries.append(SafeTensorsWriter.Entry(name: name, tensor: tensor, storage: .float32))
        }
        var fileMetadata = metadata
        fileMetadata["format"] = formatName
        fileMetadata["format_version"] = String(currentVersion)
        fileMetadata["config"] = config
        let extraNames = extraTensors.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        fileMetadata["extra_tensors"] = "[" + extraNames.map(jsonStringLiteral).joined(separator: ",") + "]"
        try SafeTensorsWriter.write(entries, metadata: fileMetadata, to: path)
    }

    /// Reads and validates the checkpoint at `path`.
    ///
    /// - Throws: `SafeTensorsError` when the file is not valid safetensors, `CheckpointError`
    ///   when its metadata is missing, invalid or from a newer format version.
    public static func read(from path: String) throws -> Checkpoint {
        let file = try SafeTensorsReader.read(contentsOf: path)
        var metadata = file.metadata

        let format = metadata.removeValue(forKey: "format")
        guard format == formatName else { throw CheckpointError.notACheckpoint(path: path, format: format) }
        guard let versionText = metadata.removeValue(forKey: "format_version") else {
            throw CheckpointError.missingMetadata(path: path, key: "format_version")
        }
        guard let version = Int(versionText), version >= 1 else {
            throw CheckpointError.invalidMetadata(path: path, key: "format_version", value: versionText,
                                                  expected: "a positive integer")
        }
        guard version <= currentVersion else {
            throw CheckpointError.unsupportedVersion(path: path, version: version, supported: currentVersion)
        }
        guard let config = metadata.removeValue(forKey: "config") else {
            throw CheckpointError.missingMetadata(path: path, key: "config")
        }
        guard let extraText = metadata.removeValue(forKey: "extra_tensors") else {
            throw CheckpointError.missingMetadata(path: path, key: "extra_tensors")
        }
        let extraNames = try parseNameList(extraText, path: path)

        var parameterTensors: [String: Tensor] = [:]
        var extraTensors: [String: Tensor] = [:]
        for entry in file.entries {
            if extraNames.contains(entry.name) {
                extraTensors[entry.name] = entry.tensor
            } else {
                parameterTensors[entry.name] = entry.tensor
            }
        }
        if let absent = extraNames.sorted().first(where: { extraTensors[$0] == nil }) {
            throw CheckpointError.invalidMetadata(path: path, key: "extra_tensors", value: extraText,
                                                  expected: "names of tensors in the file, but `\(absent)` is not one")
        }
        return Checkpoint(path: path, formatVersion: version, config: config, metadata: metadata,
                          parameterTensors: parameterTensors, extraTensors: extraTensors)
    }

    /// Copies the saved values into `parameters`, after checking that the names match exactly
    /// and every shape agrees. On error no parameter is changed.
    ///
    /// - Throws: `CheckpointError.tensorNamesMismatch` listing missing and unexpected tensors,
    ///   `.shapeMismatch` naming the first differing tensor, `.duplicateName` when two
    ///   parameters share a name.
    public func load(into parameters: [Parameter]) throws {
        var names = Set<String>()
        for parameter in parameters where !names.insert(parameter.name).inserted {
            throw CheckpointError.duplicateName(path: path, name: parameter.name)
        }
        let missing = parameters.map(\.name).filter { parameterTensors[$0] == nil }
        let unexpected = parameterTensors.keys.filter { !names.contains($0) }
            .sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        guard missing.isEmpty && unexpected.isEmpty else {
            throw CheckpointError.tensorNamesMismatch(path: path, missing: missing, unexpected: unexpected)
        }

        let mismatched = parameters.filter { parameterTensors[$0.name]!.shape != $0.value.shape }
        if let first = mismatched.first {
            throw CheckpointError.shapeMismatch(path: path, tensor: first.name,
                                                fileShape: parameterTensors[first.name]!.shape,
                                                modelShape: first.value.shape,
                                                moreMismatches: mismatched.count - 1)
        }
        for parameter in parameters {
            parameter.value.copy(from: parameterTensors[parameter.name]!)
        }
    }

    /// Parses the `extra_tensors` entry, a JSON array of strings.
    private static func parseNameList(_ text: String, path: String) throws -> Set<String> {
        let invalid = CheckpointError.invalidMetadata(path: path, key: "extra_tensors", value: text,
                                                      expected: "a JSON array of tensor names")
        let value = try Array(text.utf8).withUnsafeBytes { bytes -> JSONValue in
            do { return try JSONParser.parse(bytes) } catch { throw invalid }
        }
        guard case .array(let elements) = value else { throw invalid }
        var names = Set<String>()
        for element in elements {
            guard case .string(let name) = element else { throw invalid }
            names.insert(name)
        }
        return names
    }
}
