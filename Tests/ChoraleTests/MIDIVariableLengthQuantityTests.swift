import XCTest
@testable import Chorale

final class MIDIVariableLengthQuantityTests: XCTestCase {
    // Edge values and their encodings, written out by hand from the 7-bits-per-byte rule.
    let cases: [(value: Int, bytes: [UInt8])] = [
        (0, [0x00]),
        (0x7F, [0x7F]),
        (0x80, [0x81, 0x00]),
        (0x3FFF, [0xFF, 0x7F]),
        (0x4000, [0x81, 0x80, 0x00]),
        (0x1F_FFFF, [0xFF, 0xFF, 0x7F]),
        (0x20_0000, [0x81, 0x80, 0x80, 0x00]),
        (0x0FFF_FFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
    ]

    func testDecodeEdgeValues() throws {
        for (value, bytes) in cases {
            let decoded = try VariableLengthQuantity.decode(bytes, at: 0, end: bytes.count, part: "test")
            XCTAssertEqual(decoded.value, value, "bytes \(bytes)")
            XCTAssertEqual(decoded.byteCount, bytes.count, "bytes \(bytes)")
        }
    }

    func testEncodeEdgeValues() {
        for (value, bytes) in cases {
            XCTAssertEqual(VariableLengthQuantity.encode(value), bytes, "value \(value)")
        }
    }

    func testDecodeStopsAtLastByte() throws {
        // 0x81 0x00 is 128; the 0x55 after it belongs to the next value.
        let decoded = try VariableLengthQuantity.decode([0x81, 0x00, 0x55], at: 0, end: 3, part: "test")
        XCTAssertEqual(decoded.value, 128)
        XCTAssertEqual(decoded.byteCount, 2)
    }

    func testDecodeAtOffset() throws {
        let decoded = try VariableLengthQuantity.decode([0x00, 0x00, 0xFF, 0x7F], at: 2, end: 4, part: "test")
        XCTAssertEqual(decoded.value, 0x3FFF)
    }

    func testFiveByteQuantityRejected() {
        let bytes: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x00]
        XCTAssertThrowsError(try VariableLengthQuantity.decode(bytes, at: 0, end: 5, part: "track 1")) { error in
            XCTAssertEqual(error as? MIDIError, .variableLengthQuantityTooLong(part: "track 1", offset: 0))
        }
    }

    func testTruncatedQuantityRejected() {
        // The continuation bit promises a second byte that lies past `end`.
        XCTAssertThrowsError(try VariableLengthQuantity.decode([0x81, 0x00], at: 0, end: 1, part: "track 2")) { error in
            XCTAssertEqual(error as? MIDIError, .truncated(part: "track 2", offset: 0))
        }
    }

    func testRoundTripRandomValues() throws {
        var generator = SeededGenerator(seed: 7)
        for _ in 0..<1000 {
            let value = Int.random(in: 0...VariableLengthQuantity.maxValue, using: &generator)
            let bytes = VariableLengthQuantity.encode(value)
            XCTAssertEqual(bytes, vlqBytes(value))
            XCTAssertEqual(try VariableLengthQuantity.decode(bytes, at: 0, end: bytes.count, part: "test").value, value)
        }
    }
}
