#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file that cannot be read or written, with the file, tensor and value involved.
///
/// Every description is one line: what failed, on which value, and what to do.
public enum SafeTensorsError: Error, CustomStringConvertible, Equatable {
    /// A system call failed while reading; `code` is its `errno`.
    case cannotRead(file: String, operation: String, code: Int32)
    /// The file is shorter than the 8-byte header length field.
    case fileTooShort(file: String, byteCount: Int)
    /// The header length field is larger than the accepted maximum.
    case headerTooLarge(file: String, headerLength: UInt64, limit: Int)
    /// The header length field points past the end of the file.
    case headerPastEnd(file: String, headerLength: UInt64, fileLength: Int)
    /// The header is not valid UTF-8; `offset` is the file offset of the first bad byte.
    case headerNotUTF8(file: String, offset: Int)
    /// The header is not valid JSON; `offset` is the file offset where parsing stopped.
    case invalidJSON(file: String, offset: Int, reason: String)
    /// The header is valid JSON but not an object.
    case headerNotObject(file: String, found: String)
    /// Two tensors have the same name.
    case duplicateName(file: String, name: String)
    /// A key appears twice inside one tensor entry or inside `__metadata__`.
    case duplicateKey(file: String, key: String, in: String)
    /// `__metadata__` is not an object.
    case metadataNotObject(file: String, found: String)
    /// A `__metadata__` value is not a string.
    case metadataValueNotString(file: String, key: String, found: String)
    /// A tensor's entry is not an object.
    case entryNotObject(file: String, tensor: String, found: String)
    /// A tensor's entry lacks `dtype`, `shape` or `data_offsets`.
    case missingKey(file: String, tensor: String, key: String)
    /// A tensor's entry has a key other than `dtype`, `shape` and `data_offsets`.
    case unexpectedKey(file: String, tensor: String, key: String)
    /// A tensor's dtype is not one of `SafeTensorsDType`.
    case unknownDType(file: String, tensor: String, dtype: String)
    /// A tensor's shape is not an array of non-negative integers with a representable size.
    case invalidShape(file: String, tensor: String, detail: String)
    /// A tensor's `data_offsets` is not `[begin, end]` with integers `0 ≤ begin ≤ end`.
    case invalidOffsets(file: String, tensor: String, detail: String)
    /// A tensor's byte range does not have the size its shape and dtype need.
    case byteCountMismatch(file: String, tensor: String, dtype: String, shape: [Int],
                           expected: Int, actual: Int)
    /// A tensor's byte range ends past the end of the data section.
    case offsetsPastEnd(file: String, tensor: String, begin: Int, end: Int, dataLength: Int)
    /// Two tensors' byte ranges overlap.
    case overlappingOffsets(file: String, tensor: String, begin: Int, other: String, otherEnd: Int)
    /// Bytes of the data section between two tensors (or before the first) belong to no tensor.
    case gapInData(file: String, tensor: String, gapBegin: Int, gapEnd: Int)
    /// The data section is longer than the tensors in the header cover.
    case dataLengthMismatch(file: String, described: Int, actual: Int)
    /// The writer was given a tensor named `__metadata__`, which the format reserves.
    case reservedName(file: String, name: String)
    /// A finite value is too large for the storage type and would become infinite.
    case valueOutOfRange(file: String, tensor: String, index: Int, value: Float, storage: String)

    public var description: String {
        switch self {
        case let .cannotRead(file, operation, code):
            let reason = String(cString: strerror(code))
            return "safetensors file \(file): could not \(operation) (\(reason), errno \(code)); "
                + "check the path and its permissions"
        case let .fileTooShort(file, byteCount):
            return "safetensors file \(file): only \(byteCount) bytes, shorter than the 8-byte header "
                + "length; the file is truncated or not safetensors, write it again"
        case let .headerTooLarge(file, headerLength, limit):
            return "safetensors file \(file): header length \(headerLength) exceeds the limit of "
                + "\(limit) bytes; the file is corrupt or not safetensors"
        case let .headerPastEnd(file, headerLength, fileLength):
            return "safetensors file \(file): header length \(headerLength) runs past the end of the "
                + "\(fileLength)-byte file; the file is truncated, write it again"
        case let .headerNotUTF8(file, offset):
            return "safetensors file \(file): header is not valid UTF-8 at byte \(offset); "
                + "the file is corrupt, write it again"
        case let .invalidJSON(file, offset, reason):
            return "safetensors file \(file): header is not valid JSON at byte \(offset) (\(reason)); "
                + "the file is corrupt, write it again"
        case let .headerNotObject(file, found):
            return "safetensors file \(file): header is \(found), expected a JSON object; "
                + "the file is corrupt or not safetensors"
        case let .duplicateName(file, name):
            return "safetensors file \(file): tensor name `\(name)` appears twice; "
                + "give every tensor a unique name"
        case let .duplicateKey(file, key, context):
            return "safetensors file \(file): key `\(key)` appears twice in \(context); "
                + "the file is corrupt, write it again"
        case let .metadataNotObject(file, found):
            return "safetensors file \(file): `__metadata__` is \(found), expected an object of strings; "
                + "fix the writer of this file"
        case let .metadataValueNotString(file, key, found):
            return "safetensors file \(file): `__metadata__` value for `\(key)` is \(found), expected "
                + "a string; fix the writer of this file"
        case let .entryNotObject(file, tensor, found):
            return "safetensors file \(file): entry for tensor `\(tensor)` is \(found), expected an "
                + "object with dtype, shape and data_offsets; the file is corrupt"
        case let .missingKey(file, tensor, key):
            return "safetensors file \(file): tensor `\(tensor)` has no `\(key)`; "
                + "the file is corrupt or from an incompatible writer"
        case let .unexpectedKey(file, tensor, key):
            return "safetensors file \(file): tensor `\(tensor)` has unexpected key `\(key)`, "
                + "expected only dtype, shape and data_offsets; the file is from an incompatible writer"
        case let .unknownDType(file, tensor, dtype):
            let known = SafeTensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
            return "safetensors file \(file): tensor `\(tensor)` has unknown dtype \(dtype); "
                + "convert it to one of \(known)"
        case let .invalidShape(file, tensor, detail):
            return "safetensors file \(file): tensor `\(tensor)` has an invalid shape: \(detail); "
                + "the file is corrupt"
        case let .invalidOffsets(file, tensor, detail):
            return "safetensors file \(file): tensor `\(tensor)` has invalid data_offsets: \(detail); "
                + "the file is corrupt"
        case let .byteCountMismatch(file, tensor, dtype, shape, expected, actual):
            return "safetensors file \(file): tensor `\(tensor)` (\(dtype) \(formatShape(shape))) "
                + "needs \(expected) bytes but data_offsets cover \(actual); the file is corrupt"
        case let .offsetsPastEnd(file, tensor, begin, end, dataLength):
            return "safetensors file \(file): tensor `\(tensor)` data_offsets [\(begin), \(end)] run "
                + "past the end of the \(dataLength)-byte data section; the file is truncated, write it again"
        case let .overlappingOffsets(file, tensor, begin, other, otherEnd):
            return "safetensors file \(file): tensor `\(tensor)` starts at byte \(begin), inside tensor "
                + "`\(other)` which ends at \(otherEnd); overlapping tensors are not allowed, write it again"
        case let .gapInData(file, tensor, gapBegin, gapEnd):
            return "safetensors file \(file): data bytes [\(gapBegin), \(gapEnd)) before tensor "
                + "`\(tensor)` belong to no tensor; the file is corrupt, write it again"
        case let .dataLengthMismatch(file, described, actual):
            return "safetensors file \(file): data section has \(actual) bytes but the header's "
                + "tensors cover \(described); the file is corrupt, write it again"
        case let .reservedName(file, name):
            return "safetensors file \(file): `\(name)` is reserved for metadata and cannot name a "
                + "tensor; rename the tensor"
        case let .valueOutOfRange(file, tensor, index, value, storage):
            return "safetensors file \(file): tensor `\(tensor)` value \(value) at index \(index) is "
                + "outside the finite range of \(storage); save it as F32"
        }
    }
}

/// Formats a shape as `[64,58,3]`.
func formatShape(_ shape: [Int]) -> String {
    "[" + shape.map(String.init).joined(separator: ",") + "]"
}
