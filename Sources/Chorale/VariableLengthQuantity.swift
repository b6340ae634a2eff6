/// The variable-length quantity of Standard MIDI Files: 7 bits per byte, most significant group
/// first, bit 7 set on every byte except the last.
///
/// The format allows at most 4 bytes, so values run from 0 to `maxValue` (0x0FFFFFFF). A fifth
/// continuation byte is rejected rather than read, because no valid writer produces one and an
/// unbounded read would let a corrupt file claim an absurd delta time or length.
public enum VariableLengthQuantity {
    /// The largest value that fits in 4 bytes of 7 bits.
    public static let maxValue = 0x0FFF_FFFF

    /// The maximum number of bytes in one quantity.
    public static let maxByteCount = 4

    /// Decodes the quantity starting at `offset`, reading no byte at or past `end`.
    ///
    /// - Returns: the value and the number of bytes it took (1…4).
    /// - Throws: `MIDIError.truncated` when `end` comes before the last byte,
    ///   `MIDIError.variableLengthQuantityTooLong` when a fifth byte would be needed.
    public static func decode(_ bytes: [UInt8], at offset: Int, end: Int,
                              part: String) throws -> (value: Int, byteCount: Int) {
        precondition(offset >= 0 && end <= bytes.count, "VLQ bounds \(offset)..<\(end) outside \(bytes.count) bytes")
        var value = 0
        var position = offset
        while true {
            guard position < end else {
                throw MIDIError.truncated(part: part, offset: offset)
            }
            guard position - offset < maxByteCount else {
                throw MIDIError.variableLengthQuantityTooLong(part: part, offset: offset)
            }
            let byte = bytes[position]
            value = (value << 7) | Int(byte & 0x7F)
            position += 1
            if byte & 0x80 == 0 {
                return (value, position - offset)
            }
        }
    }

    /// Encodes `value` in the fewest bytes (a single 0x00 for zero).
    public static func encode(_ value: Int) -> [UInt8] {
        precondition((0...maxValue).contains(value), "VLQ value \(value) outside 0…\(maxValue)")
        var groups: [UInt8] = [UInt8(value & 0x7F)]
        var rest = value >> 7
        while rest > 0 {
            groups.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        return groups.reversed()
    }
}
