// Element types of the safetensors format and their conversion to and from Float32.
// All data in a safetensors file is little-endian, row-major and packed.

/// An element type named in a safetensors header, spelled as in the header (`"F32"`, `"BF16"`).
public enum SafeTensorsDType: String, CaseIterable, Sendable {
    case bool = "BOOL"
    case uint8 = "U8"
    case int8 = "I8"
    case float8E5M2 = "F8_E5M2"
    case float8E4M3 = "F8_E4M3"
    case int16 = "I16"
    case uint16 = "U16"
    case float16 = "F16"
    case bfloat16 = "BF16"
    case int32 = "I32"
    case uint32 = "U32"
    case float32 = "F32"
    case float64 = "F64"
    case int64 = "I64"
    case uint64 = "U64"

    /// The size of one element in bytes.
    public var byteSize: Int {
        switch self {
        case .bool, .uint8, .int8, .float8E5M2, .float8E4M3: return 1
        case .int16, .uint16, .float16, .bfloat16: return 2
        case .int32, .uint32, .float32: return 4
        case .float64, .int64, .uint64: return 8
        }
    }

    /// Converts `count` little-endian elements of this type at `source` to Float32.
    ///
    /// Floating-point types convert exactly, except F64, which rounds to the nearest Float32.
    /// Integers round to the nearest Float32, exact up to 2^24 in magnitude. BOOL reads any
    /// non-zero byte as 1. F8_E4M3 is the variant without infinities (`float8_e4m3fn`), whose
    /// all-ones exponent and mantissa pattern is NaN.
    func decode(_ source: UnsafeRawPointer, count: Int, into destination: UnsafeMutablePointer<Float>) {
        func load<T: FixedWidthInteger>(_ type: T.Type, _ index: Int) -> T {
            T(littleEndian: source.loadUnaligned(fromByteOffset: index * MemoryLayout<T>.size, as: T.self))
        }
        switch self {
        case .float32:
            for i in 0 ..< count { destination[i] = Float(bitPattern: load(UInt32.self, i)) }
        case .float16:
            for i in 0 ..< count { destination[i] = Float(Float16(bitPattern: load(UInt16.self, i))) }
        case .bfloat16:
            // BF16 is the upper half of a Float32 bit pattern.
            for i in 0 ..< count { destination[i] = Float(bitPattern: UInt32(load(UInt16.self, i)) << 16) }
        case .float64:
            for i in 0 ..< count { destination[i] = Float(Double(bitPattern: load(UInt64.self, i))) }
        case .float8E5M2:
            // E5M2 is the upper byte of an IEEE half-precision bit pattern.
            for i in 0 ..< count {
                destination[i] = Float(Float16(bitPattern: UInt16(load(UInt8.self, i)) << 8))
            }
        case .float8E4M3:
            for i in 0 ..< count { destination[i] = Self.decodeFloat8E4M3(load(UInt8.self, i)) }
        case .bool:
            for i in 0 ..< count { destination[i] = load(UInt8.self, i) == 0 ? 0 : 1 }
        case .uint8:
            for i in 0 ..< count { destination[i] = Float(load(UInt8.self, i)) }
        case .int8:
            for i in 0 ..< count { destination[i] = Float(load(Int8.self, i)) }
        case .int16:
            for i in 0 ..< count { destination[i] = Float(load(Int16.self, i)) }
        case .uint16:
            for i in 0 ..< count { destination[i] = Float(load(UInt16.self, i)) }
        case .int32:
            for i in 0 ..< count { destination[i] = Float(load(Int32.self, i)) }
        case .uint32:
            for i in 0 ..< count { destination[i] = Float(load(UInt32.self, i)) }
        case .int64:
            for i in 0 ..< count { destination[i] = Float(load(Int64.self, i)) }
        case .uint64:
            for i in 0 ..< count { destination[i] = Float(load(UInt64.self, i)) }
        }
    }

    /// Decodes one F8_E4M3 byte: 1 sign bit, 4 exponent bits with bias 7, 3 mantissa bits.
    static func decodeFloat8E4M3(_ byte: UInt8) -> Float {
        let sign: Float = byte & 0x80 == 0 ? 1 : -1
        let exponent = Int((byte >> 3) & 0x0F)
        let mantissa = Float(byte & 0x07)
        if exponent == 0x0F && byte & 0x07 == 0x07 { return .nan }
        if exponent == 0 { return sign * mantissa / 8 * Float(sign: .plus, exponent: -6, significand: 1) }
        return sign * (1 + mantissa / 8) * Float(sign: .plus, exponent: exponent - 7, significand: 1)
    }
}

/// A floating-point type the writer can store Float32 values in.
public enum SafeTensorsStorage: String, CaseIterable, Sendable {
    /// Float32, exact.
    case float32 = "F32"
    /// IEEE half precision: 11 significant bits, finite range ±65504. Rounds to nearest, ties to
    /// even; the relative error of a normal value is at most 2^-11.
    case float16 = "F16"
    /// bfloat16: 8 significant bits, the Float32 exponent range. Rounds to nearest, ties to even.
    case bfloat16 = "BF16"

    /// The header dtype of this storage.
    public var dtype: SafeTensorsDType {
        switch self {
        case .float32: return .float32
        case .float16: return .float16
        case .bfloat16: return .bfloat16
        }
    }

    /// Converts `count` Float32 values to this storage's little-endian bytes at `destination`.
    ///
    /// - Returns: the index of the first finite value that rounds to infinity, or nil when all
    ///   values fit. NaN and ±infinity are stored as they are.
    func encode(_ source: UnsafePointer<Float>, count: Int, into destination: UnsafeMutableRawPointer) -> Int? {
        var firstOverflow: Int?
        switch self {
        case .float32:
            for i in 0 ..< count {
                destination.storeBytes(of: source[i].bitPattern.littleEndian,
                                       toByteOffset: 4 * i, as: UInt32.self)
            }
        case .float16:
            for i in 0 ..< count {
                let half = Float16(source[i])
                if half.isInfinite && source[i].isFinite && firstOverflow == nil { firstOverflow = i }
                destination.storeBytes(of: half.bitPattern.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
        case .bfloat16:
            for i in 0 ..< count {
                let bits = Self.roundToBFloat16(source[i])
                if Float(bitPattern: UInt32(bits) << 16).isInfinite && source[i].isFinite
                    && firstOverflow == nil { firstOverflow = i }
                destination.storeBytes(of: bits.littleEndian, toByteOffset: 2 * i, as: UInt16.self)
            }
        }
        return firstOverflow
    }

    /// Rounds a Float32 to the upper 16 bits of its bit pattern, to nearest with ties to even.
    static func roundToBFloat16(_ value: Float) -> UInt16 {
        let bits = value.bitPattern
        // A NaN keeps its sign and gets a quiet-NaN payload, so rounding cannot turn it into ±inf.
        if value.isNaN { return UInt16(bits >> 16) | 0x0040 }
        // Adding 0x7FFF plus the lowest kept bit rounds the discarded half to nearest even.
        // A carry into the exponent is the correct rounding up to the next binade or to infinity.
        let lowestKeptBit = (bits >> 16) & 1
        return UInt16((bits &+ 0x7FFF &+ lowestKeptBit) >> 16)
    }
}
