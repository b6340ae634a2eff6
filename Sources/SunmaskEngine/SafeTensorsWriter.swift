// Writes safetensors files that numpy, PyTorch and the Hugging Face `safetensors` package read.
//
// The output is deterministic: the same tensors and metadata give the same bytes. Tensors are
// ordered by element size (largest first), then by name in UTF-8 byte order. The header is
// compact JSON that lists `__metadata__` first (when not empty) with sorted keys, then the
// tensors in data order. The header is padded with spaces so the data section starts at a multiple of 8
// bytes, and the size ordering keeps every tensor aligned to its element size.

/// Writes Float32 tensors to safetensors files, stored as F32, F16 or BF16.
public enum SafeTensorsWriter {
    /// One tensor to write.
    public struct Entry {
        /// The name in the header; unique within a file and not `__metadata__`.
        public let name: String
        /// The values and shape; a shape `[]` writes a scalar.
        public let tensor: Tensor
        /// The element type in the file.
        public let storage: SafeTensorsStorage

        public init(name: String, tensor: Tensor, storage: SafeTensorsStorage = .float32) {
            self.name = name
            self.tensor = tensor
            self.storage = storage
        }
    }

    /// Writes `entries` and `metadata` to `path` atomically (see `AtomicFile`).
    ///
    /// - Throws: `SafeTensorsError` for a duplicate or reserved name or a value outside the
    ///   storage's finite range; `AtomicFileError` when the file system fails. After an error
    ///   the file at `path` is unchanged.
    public static func write(_ entries: [Entry], metadata: [String: String] = [:], to path: String) throws {
        let plan = try Plan(entries, metadata: metadata, file: path)
        try AtomicFile.write(to: path) { output in
            try plan.serialize(file: path) { bytes in try output.write(bytes) }
        }
    }

    /// Returns the bytes of a safetensors file holding `entries` and `metadata`.
    ///
    /// - Throws: `SafeTensorsError` for a duplicate or reserved name or a value outside the
    ///   storage's finite range.
    public static func encode(_ entries: [Entry], metadata: [String: String] = [:]) throws -> [UInt8] {
        let file = SafeTensorsReader.inMemoryName
        let plan = try Plan(entries, metadata: metadata, file: file)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(8 + plan.header.count + plan.dataLength)
        try plan.serialize(file: file) { chunk in bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// The sorted entries and the padded header bytes, computed before anything is written.
    private struct Plan {
        let entries: [Entry]
        let header: [UInt8]
        let dataLength: Int

        init(_ unsorted: [Entry], metadata: [String: String], file: String) throws {
            var names = Set<String>()
            for entry in unsorted {
                guard entry.name != "__metadata__" else {
                    throw SafeTensorsError.reservedName(file: file, name: entry.name)
                }
                guard names.insert(entry.name).inserted else {
                    throw SafeTensorsError.duplicateName(file: file, name: entry.name)
                }
            }
            entries = unsorted.sorted { first, second in
                let firstSize = first.storage.dtype.byteSize
                let secondSize = second.storage.dtype.byteSize
                if firstSize != secondSize { return firstSize > secondSize }
                return first.name.utf8.lexicographicallyPrecedes(second.name.utf8)
            }

            var fields: [String] = []
            if !metadata.isEmpty {
                let pairs = metadata.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
                    .map { jsonStringLiteral($0.key) + ":" + jsonStringLiteral($0.value) }
                fields.append("\"__metadata__\":{" + pairs.joined(separator: ",") + "}")
            }
            var offset = 0
            for entry in entries {
                let end = offset + entry.tensor.count * entry.storage.dtype.byteSize
                fields.append(jsonStringLiteral(entry.name) + ":{\"dtype\":\"\(entry.storage.rawValue)\","
                    + "\"shape\":\(formatShape(entry.tensor.shape)),\"data_offsets\":[\(offset),\(end)]}")
                offset = end
            }
            var header = Array(("{" + fields.joined(separator: ",") + "}").utf8)
            // Spaces after the JSON are whitespace to a JSON parser; they align the data section.
            let padding = (8 - header.count % 8) % 8
            header.append(contentsOf: repeatElement(UInt8(ascii: " "), count: padding))
            self.header = header
            self.dataLength = offset
        }

        /// Passes the file's bytes to `sink` in order, converting the data in bounded chunks.
        func serialize(file: String, to sink: (UnsafeRawBufferPointer) throws -> Void) throws {
            try withUnsafeBytes(of: UInt64(header.count).littleEndian) { try sink($0) }
            try header.withUnsafeBytes { try sink($0) }

            let chunkElements = 1 << 16
            let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkElements * 4, alignment: 16)
            defer { chunk.deallocate() }
            for entry in entries {
                let elementSize = entry.storage.dtype.byteSize
                var start = 0
                while start < entry.tensor.count {
                    let count = min(chunkElements, entry.tensor.count - start)
                    if let index = entry.storage.encode(entry.tensor.pointer + start, count: count,
                                                        into: chunk.baseAddress!) {
                        throw SafeTensorsError.valueOutOfRange(
                            file: file, tensor: entry.name, index: start + index,
                            value: entry.tensor.pointer[start + index], storage: entry.storage.rawValue)
                    }
                    try sink(UnsafeRawBufferPointer(rebasing: chunk[..<(count * elementSize)]))
                    start += count
                }
            }
        }
    }
}
