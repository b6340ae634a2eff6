/// A read position inside one region of a byte array that throws instead of reading past `end`.
///
/// Every read either advances `offset` by at least one byte or throws, which is what makes the
/// reader's loops finite on any input.
struct MIDIByteCursor {
    let bytes: [UInt8]
    private(set) var offset: Int
    let end: Int
    /// The region name used in error messages, such as "header" or "track 3".
    let part: String

    init(bytes: [UInt8], offset: Int, end: Int, part: String) {
        precondition(0 <= offset && offset <= end && end <= bytes.count,
                     "cursor region \(offset)..<\(end) outside \(bytes.count) bytes")
        self.bytes = bytes
        self.offset = offset
        self.end = end
        self.part = part
    }

    var remaining: Int { end - offset }
    var isAtEnd: Bool { offset >= end }

    func peekByte() throws -> UInt8 {
        guard offset < end else { throw MIDIError.truncated(part: part, offset: offset) }
        return bytes[offset]
    }

    mutating func readByte() throws -> UInt8 {
        let byte = try peekByte()
        offset += 1
        return byte
    }

    /// Reads `count` bytes, throwing before reading any when fewer remain.
    mutating func readBytes(_ count: Int) throws -> ArraySlice<UInt8> {
        precondition(count >= 0, "negative byte count \(count)")
        guard count <= remaining else { throw MIDIError.truncated(part: part, offset: offset) }
        let slice = bytes[offset..<(offset + count)]
        offset += count
        return slice
    }

    /// Skips `count` bytes, throwing when fewer remain.
    mutating func skip(_ count: Int) throws {
        _ = try readBytes(count)
    }

    /// Reads a big-endian unsigned integer of `count` bytes (1…4).
    mutating func readBigEndian(_ count: Int) throws -> Int {
        precondition((1...4).contains(count), "big-endian width \(count) outside 1…4")
        return try readBytes(count).reduce(0) { ($0 << 8) | Int($1) }
    }

    mutating func readVariableLengthQuantity() throws -> Int {
        let (value, byteCount) = try VariableLengthQuantity.decode(bytes, at: offset, end: end, part: part)
        offset += byteCount
        return value
    }
}
