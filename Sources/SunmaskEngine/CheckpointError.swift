/// A checkpoint that does not match the model it is loaded into, or whose metadata is invalid.
///
/// Errors about the file's bytes are `SafeTensorsError`; these are about its meaning.
public enum CheckpointError: Error, CustomStringConvertible, Equatable {
    /// The metadata's `format` entry is missing or names another format.
    case notACheckpoint(path: String, format: String?)
    /// A required metadata entry is missing.
    case missingMetadata(path: String, key: String)
    /// A metadata entry the checkpoint relies on has an invalid value.
    case invalidMetadata(path: String, key: String, value: String, expected: String)
    /// The file was written by a newer format version than this code reads.
    case unsupportedVersion(path: String, version: Int, supported: Int)
    /// The caller's metadata uses a key the checkpoint sets itself.
    case reservedMetadataKey(path: String, key: String)
    /// Two parameters, or a parameter and an extra tensor, share a name.
    case duplicateName(path: String, name: String)
    /// Model parameters missing from the file, or file tensors the model does not have.
    case tensorNamesMismatch(path: String, missing: [String], unexpected: [String])
    /// A tensor's shape in the file differs from the model parameter's; `moreMismatches` counts
    /// the other tensors whose shapes differ too.
    case shapeMismatch(path: String, tensor: String, fileShape: [Int], modelShape: [Int], moreMismatches: Int)

    public var description: String {
        switch self {
        case let .notACheckpoint(path, format):
            let found = format.map { "is \"\($0.prefix(40))\"" } ?? "is missing"
            return "checkpoint \(path): metadata `format` \(found), expected \"\(Checkpoint.formatName)\"; "
                + "pass a checkpoint written by this package"
        case let .missingMetadata(path, key):
            return "checkpoint \(path): metadata has no `\(key)` entry; the file is incomplete, "
                + "write it again"
        case let .invalidMetadata(path, key, value, expected):
            return "checkpoint \(path): metadata `\(key)` is \"\(value.prefix(60))\", expected \(expected); "
                + "the file is corrupt, write it again"
        case let .unsupportedVersion(path, version, supported):
            return "checkpoint \(path): format_version \(version) is newer than the supported version "
                + "\(supported); update this program to read it"
        case let .reservedMetadataKey(path, key):
            return "checkpoint \(path): metadata key `\(key)` is set by the checkpoint itself; "
                + "store the value under another key"
        case let .duplicateName(path, name):
            return "checkpoint \(path): two tensors are named `\(name)`; give every parameter and extra "
                + "tensor a unique name"
        case let .tensorNamesMismatch(path, missing, unexpected):
            var parts: [String] = []
            if !missing.isEmpty {
                parts.append("\(missing.count) model tensor(s) missing from the file (\(listNames(missing)))")
            }
            if !unexpected.isEmpty {
                parts.append("\(unexpected.count) unexpected tensor(s) in the file (\(listNames(unexpected)))")
            }
            return "checkpoint \(path): \(parts.joined(separator: " and ")); "
                + "retrain or pass the matching configuration"
        case let .shapeMismatch(path, tensor, fileShape, modelShape, moreMismatches):
            let more = moreMismatches > 0 ? " (and \(moreMismatches) more tensor(s) differ)" : ""
            return "checkpoint \(path): tensor `\(tensor)` shape \(formatShape(fileShape)) ≠ model "
                + "\(formatShape(modelShape))\(more); retrain or pass the matching configuration"
        }
    }
}

/// Lists up to 5 names in backquotes, then how many were left out.
private func listNames(_ names: [String]) -> String {
    let shown = names.prefix(5).map { "`\($0)`" }.joined(separator: ", ")
    return names.count > 5 ? shown + ", and \(names.count - 5) more" : shown
}
