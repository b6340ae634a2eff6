// Reads safetensors files, treating every byte as untrusted.
//
// Layout: an 8-byte little-endian UInt64 header length N, N bytes of UTF-8 JSON, then the data
// section. The JSON maps each tensor name to {"dtype", "shape", "data_offsets": [begin, end]},
// with offsets relative to the start of the data section, plus an optional "__metadata__"
// object of string values. The header may end with spaces that pad the data section to an
// 8-byte boundary.
//
// Every number from the header is checked against the file before it is used. The header
// length is checked against the file length, and each shape's size (with overflow checks)
// against its byte range. The ranges must tile the data section exactly: no overlap, no gap,
// nothing left over. Tensors are allocated only after all checks pass, so memory use is bounded
// by the file's real length, never by a declared one.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls POSIX `read`, whose name `SafeTensorsReader.read` hides inside the type.
private func systemRead(_ descriptor: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
    read(descriptor, buffer, count)
}

/// Reads and validates safetensors files.
public enum SafeTensorsReader {
    /// The largest header accepted, in bytes, as in the Hugging Face reference implementation.
    /// Real headers are far smaller (about 100 bytes per tensor), so anything larger is corrupt.
    public static let maxHeaderLength = 100_000_000

    /// The file name used in errors for bytes that did not come from a file.
    public static let inMemoryName = "(in memory)"

    /// Reads the safetensors file at `path` and converts every tensor to Float32.
    ///
    /// - Throws: `SafeTensorsError` naming the file, the tensor and the bad value.
    public static func read(contentsOf path: String) throws -> SafeTensorsFile {
        try decode(readFile(path), file: path)
    }

    /// Parses a whole safetensors file held in `bytes` and converts every tensor to Float32.
    ///
    /// - Parameter file: the name used in error messages.
    /// - Throws: `SafeTensorsError` naming the file, the tensor and the bad value.
    public static func decode(_ bytes: [UInt8], file: String = inMemoryName) throws -> SafeTensorsFile {
        try bytes.withUnsafeBytes { try decode($0, file: file) }
    }

    static func decode(_ bytes: UnsafeRawBufferPointer, file: String) throws -> SafeTensorsFile {
        guard bytes.count >= 8 else { throw SafeTensorsError.fileTooShort(file: file, byteCount: bytes.count) }
        let declaredLength = UInt64(littleEndian: bytes.loadUnaligned(as: UInt64.self))
        guard declaredLength <= UInt64(maxHeaderLength) else {
            throw SafeTensorsError.headerTooLarge(file: file, headerLength: declaredLength, limit: maxHeaderLength)
        }
        guard declaredLength <= UInt64(bytes.count - 8) else {
            throw SafeTensorsError.headerPastEnd(file: file, headerLength: declaredLength, fileLength: bytes.count)
        }
        let headerLength = Int(declaredLength)
        let header = UnsafeRawBufferPointer(rebasing: bytes[8 ..< 8 + headerLength])
        let data = UnsafeRawBufferPointer(rebasing: bytes[(8 + headerLength)...])

        let (metadata, layouts) = try parseHeader(header, file: file)
        try checkLayout(layouts, dataLength: data.count, file: file)

        let entries = layouts.map { layout in
            let tensor = Tensor(shape: layout.shape)
            layout.dtype.decode(data.baseAddress! + layout.begin, count: tensor.count, into: tensor.pointer)
            return SafeTensorsFile.Entry(name: layout.name, dtype: layout.dtype, tensor: tensor)
        }
        return SafeTensorsFile(metadata: metadata, entries: entries)
    }

    /// One tensor's header entry after its own checks: a known dtype, a valid shape, and a byte
    /// range of the right size.
    struct Layout {
        let name: String
        let dtype: SafeTensorsDType
        let shape: [Int]
        let begin: Int
        let end: Int
    }

    /// Parses the JSON header into metadata and tensor layouts, checking each entry by itself.
    static func parseHeader(_ header: UnsafeRawBufferPointer, file: String) throws
        -> (metadata: [String: String], layouts: [Layout])
    {
        if let offset = firstInvalidUTF8Offset(header) {
            throw SafeTensorsError.headerNotUTF8(file: file, offset: 8 + offset)
        }
        let json: JSONValue
        do {
            json = try JSONParser.parse(header)
        } catch let error as JSONSyntaxError {
            throw SafeTensorsError.invalidJSON(file: file, offset: 8 + error.offset, reason: error.reason)
        }
        guard case .object(let members) = json else {
            throw SafeTensorsError.headerNotObject(file: file, found: json.kindDescription)
        }

        var metadata: [String: String] = [:]
        var layouts: [Layout] = []
        var seen = Set<String>()
        for (name, value) in members {
            guard seen.insert(name).inserted else { throw SafeTensorsError.duplicateName(file: file, name: name) }
            if name == "__metadata__" {
                metadata = try parseMetadata(value, file: file)
            } else {
                layouts.append(try parseEntry(name: name, value, file: file))
            }
        }
        return (metadata, layouts)
    }

    private static func parseMetadata(_ value: JSONValue, file: String) throws -> [String: String] {
        guard case .object(let members) = value else {
            throw SafeTensorsError.metadataNotObject(file: file, found: value.kindDescription)
        }
        var metadata: [String: String] = [:]
        for (key, value) in members {
            guard case .string(let text) = value else {
                throw SafeTensorsError.metadataValueNotString(file: file, key: key, found: value.kindDescription)
            }
            guard metadata.updateValue(text, forKey: key) == nil else {
                throw SafeTensorsError.duplicateKey(file: file, key: key, in: "`__metadata__`")
            }
        }
        return metadata
    }

    private static func parseEntry(name: String, _ value: JSONValue, file: String) throws -> Layout {
        guard case .object(let members) = value else {
            throw SafeTensorsError.entryNotObject(file: file, tensor: name, found: value.kindDescription)
        }
        var fields: [String: JSONValue] = [:]
        for (key, field) in members {
            guard ["dtype", "shape", "data_offsets"].contains(key) else {
                throw SafeTensorsError.unexpectedKey(file: file, tensor: name, key: key)
            }
            guard fields.updateValue(field, forKey: key) == nil else {
                throw SafeTensorsError.duplicateKey(file: file, key: key, in: "tensor `\(name)`")
            }
        }
        for key in ["dtype", "shape", "data_offsets"] where fields[key] == nil {
            throw SafeTensorsError.missingKey(file: file, tensor: name, key: key)
        }

        guard case .string(let dtypeName) = fields["dtype"]!, let dtype = SafeTensorsDType(rawValue: dtypeName) else {
            let found: String
            if case .string(let text) = fields["dtype"]! { found = "\"\(text.prefix(40))\"" } else {
                found = fields["dtype"]!.kindDescription
            }
            throw SafeTensorsError.unknownDType(file: file, tensor: name, dtype: found)
        }
        let shape = try parseShape(fields["shape"]!, tensor: name, file: file)
        let (begin, end) = try parseOffsets(fields["data_offsets"]!, tensor: name, file: file)

        let byteCount = try elementCount(shape, tensor: name, file: file)
            .multipliedReportingOverflow(by: dtype.byteSize)
        guard !byteCount.overflow else {
            throw SafeTensorsError.invalidShape(file: file, tensor: name,
                                                detail: "\(formatShape(shape)) has too many bytes")
        }
        guard end - begin == byteCount.partialValue else {
            throw SafeTensorsError.byteCountMismatch(file: file, tensor: name, dtype: dtype.rawValue, shape: shape,
                                                     expected: byteCount.partialValue, actual: end - begin)
        }
        return Layout(name: name, dtype: dtype, shape: shape, begin: begin, end: end)
    }

    private static func parseShape(_ value: JSONValue, tensor: String, file: String) throws -> [Int] {
        guard case .array(let dimensions) = value else {
            throw SafeTensorsError.invalidShape(file: file, tensor: tensor,
                                                detail: "it is \(value.kindDescription), expected an array")
        }
        return try dimensions.enumerated().map { index, dimension in
            guard let size = dimension.nonNegativeInteger else {
                throw SafeTensorsError.invalidShape(
                    file: file, tensor: tensor,
                    detail: "dimension \(index) is \(dimension.kindDescription), expected an integer in 0...\(Int.max)")
            }
            return size
        }
    }

    /// Multiplies the dimensions of `shape` left to right, as `Tensor` does, and throws when a
    /// partial product overflows, even if a later dimension is 0.
    private static func elementCount(_ shape: [Int], tensor: String, file: String) throws -> Int {
        var count = 1
        for size in shape {
            let product = count.multipliedReportingOverflow(by: size)
            guard !product.overflow else {
                throw SafeTensorsError.invalidShape(file: file, tensor: tensor,
                                                    detail: "\(formatShape(shape)) has too many elements")
            }
            count = product.partialValue
        }
        return count
    }

    private static func parseOffsets(_ value: JSONValue, tensor: String, file: String) throws -> (Int, Int) {
        guard case .array(let bounds) = value, bounds.count == 2 else {
            throw SafeTensorsError.invalidOffsets(file: file, tensor: tensor,
                                                  detail: "expected an array [begin, end], found \(value.kindDescription)")
        }
        guard let begin = bounds[0].nonNegativeInteger, let end = bounds[1].nonNegativeInteger else {
            let bad = bounds[0].nonNegativeInteger == nil ? bounds[0] : bounds[1]
            throw SafeTensorsError.invalidOffsets(file: file, tensor: tensor,
                                                  detail: "\(bad.kindDescription) is not an integer in 0...\(Int.max)")
        }
        guard begin <= end else {
            throw SafeTensorsError.invalidOffsets(file: file, tensor: tensor,
                                                  detail: "begin \(begin) is after end \(end)")
        }
        return (begin, end)
    }

    /// Checks that the byte ranges lie inside the data section and tile it exactly.
    static func checkLayout(_ layouts: [Layout], dataLength: Int, file: String) throws {
        for layout in layouts where layout.end > dataLength {
            throw SafeTensorsError.offsetsPastEnd(file: file, tensor: layout.name, begin: layout.begin,
                                                  end: layout.end, dataLength: dataLength)
        }
        let sorted = layouts.sorted { ($0.begin, $0.end) < ($1.begin, $1.end) }
        var covered = 0
        var previous: Layout?
        for layout in sorted {
            if layout.begin < covered, let previous {
                throw SafeTensorsError.overlappingOffsets(file: file, tensor: layout.name, begin: layout.begin,
                                                          other: previous.name, otherEnd: previous.end)
            }
            if layout.begin > covered {
                throw SafeTensorsError.gapInData(file: file, tensor: layout.name, gapBegin: covered,
                                                 gapEnd: layout.begin)
            }
            covered = layout.end
            previous = layout
        }
        guard covered == dataLength else {
            throw SafeTensorsError.dataLengthMismatch(file: file, described: covered, actual: dataLength)
        }
    }

    /// Reads the whole file at `path`.
    static func readFile(_ path: String) throws -> [UInt8] {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw SafeTensorsError.cannotRead(file: path, operation: "open it", code: errno)
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SafeTensorsError.cannotRead(file: path, operation: "get its size (fstat)", code: errno)
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            let code = status.st_mode & S_IFMT == S_IFDIR ? EISDIR : EINVAL
            throw SafeTensorsError.cannotRead(file: path, operation: "read it as a regular file", code: code)
        }
        // The array is filled by `read` alone, so it skips zero-filling its storage first.
        return try [UInt8](unsafeUninitializedCapacity: Int(status.st_size)) { buffer, filled in
            filled = 0
            while filled < buffer.count {
                let count = systemRead(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
                if count < 0 && errno == EINTR { continue }
                guard count >= 0 else {
                    throw SafeTensorsError.cannotRead(file: path, operation: "read it", code: errno)
                }
                // A file that shrank after fstat ends early, and the parser gets the shorter length.
                if count == 0 { break }
                filled += count
            }
        }
    }
}
