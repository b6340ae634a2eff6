import Foundation
import XCTest
import SunmaskEngine

/// Malformed files, each built by hand, and the error case each must give.
final class SafeTensorsMalformedTests: XCTestCase {
    /// Returns a well-formed header entry for one F32 element at bytes [begin, begin + 4).
    private func entry(_ name: String, _ begin: Int) -> String {
        #""\#(name)":{"dtype":"F32","shape":[1],"data_offsets":[\#(begin),\#(begin + 4)]}"#
    }

    func testTruncatedHeaderLength() {
        assertRejects([0x10, 0, 0, 0, 0], "fileTooShort") {
            if case .fileTooShort(_, byteCount: 5) = $0 { return true } else { return false }
        }
        assertRejects([], "fileTooShort") {
            if case .fileTooShort(_, byteCount: 0) = $0 { return true } else { return false }
        }
    }

    func testHeaderLengthPastEndOfFile() {
        let bytes = handBuiltFile(header: "{}", declaredLength: 1000)
        assertRejects(bytes, "headerPastEnd") {
            if case .headerPastEnd(_, headerLength: 1000, fileLength: 10) = $0 { return true } else { return false }
        }
    }

    func testAbsurdHeaderLength() {
        for length: UInt64 in [1 << 40, UInt64.max, 100_000_001] {
            assertRejects(handBuiltFile(header: "{}", declaredLength: length), "headerTooLarge") {
                if case .headerTooLarge(_, headerLength: length, limit: 100_000_000) = $0 { return true }
                return false
            }
        }
    }

    func testInvalidJSON() {
        let cases: [(String, Int)] = [
            (#"{"a":"#, 8 + 5),  // text ends where a value is expected
            (#"{"a":1} x"#, 8 + 8),  // text after the value
            ("{'a':1}", 8 + 1),  // single quotes
            (#"{"a":01}"#, 8 + 6),  // leading zero: "0" parses, then "1" is unexpected
            (#"{"a":"\ud800"}"#, 8 + 12),  // unpaired surrogate, detected after its 4 hex digits
            ("{\"a\":\"tab\there\"}", 8 + 9),  // raw control character in a string
            (String(repeating: "[", count: 40), 8 + 32),  // nesting deeper than 32
        ]
        for (header, offset) in cases {
            assertRejects(handBuiltFile(header: header), "invalidJSON at \(offset) for \(header)") {
                if case .invalidJSON(_, offset: offset, reason: _) = $0 { return true } else { return false }
            }
        }
    }

    func testHeaderNotUTF8() {
        var bytes = handBuiltFile(header: #"{"ab":1}"#)
        bytes[8 + 3] = 0xFF
        assertRejects(bytes, "headerNotUTF8") {
            if case .headerNotUTF8(_, offset: 11) = $0 { return true } else { return false }
        }
    }

    func testHeaderNotObject() {
        assertRejects(handBuiltFile(header: "[1, 2]"), "headerNotObject") {
            if case .headerNotObject(_, found: "an array") = $0 { return true } else { return false }
        }
    }

    func testUnknownDType() {
        let header = #"{"w":{"dtype":"F12","shape":[1],"data_offsets":[0,4]}}"#
        assertRejects(handBuiltFile(header: header, data: float32Bytes([1])), "unknownDType") {
            if case .unknownDType(_, tensor: "w", dtype: "\"F12\"") = $0 { return true } else { return false }
        }
        let numeric = #"{"w":{"dtype":32,"shape":[1],"data_offsets":[0,4]}}"#
        assertRejects(handBuiltFile(header: numeric, data: float32Bytes([1])), "unknownDType") {
            if case .unknownDType(_, tensor: "w", dtype: "the number 32") = $0 { return true } else { return false }
        }
    }

    func testShapeByteCountMismatch() {
        // Shape [3] in F32 needs 12 bytes; the offsets cover 8.
        let header = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        assertRejects(handBuiltFile(header: header, data: float32Bytes([1, 2])), "byteCountMismatch") {
            if case .byteCountMismatch(_, tensor: "w", dtype: "F32", shape: [3], expected: 12, actual: 8) = $0 {
                return true
            }
            return false
        }
    }

    func testOverlappingOffsets() {
        let header = #"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}"#
        assertRejects(handBuiltFile(header: header, data: float32Bytes([1, 2, 3])), "overlappingOffsets") {
            if case .overlappingOffsets(_, tensor: "b", begin: 4, other: "a", otherEnd: 8) = $0 { return true }
            return false
        }
        // Two names for the same bytes also overlap.
        let aliased = "{" + entry("a", 0) + "," + entry("b", 0) + "}"
        assertRejects(handBuiltFile(header: aliased, data: float32Bytes([1])), "overlappingOffsets") {
            if case .overlappingOffsets = $0 { return true } else { return false }
        }
    }

    func testOffsetsPastEnd() {
        let header = "{" + entry("a", 0) + "," + entry("b", 1_000_000) + "}"
        assertRejects(handBuiltFile(header: header, data: float32Bytes([1, 2])), "offsetsPastEnd") {
            if case .offsetsPastEnd(_, tensor: "b", begin: 1_000_000, end: 1_000_004, dataLength: 8) = $0 {
                return true
            }
            return false
        }
        let huge = #"{"a":{"dtype":"U8","shape":[0],"data_offsets":[9223372036854775807,9223372036854775807]}}"#
        assertRejects(handBuiltFile(header: huge), "offsetsPastEnd") {
            if case .offsetsPastEnd(_, tensor: "a", begin: _, end: _, dataLength: 0) = $0 { return true }
            return false
        }
    }

    func testTruncatedData() throws {
        let valid = try SafeTensorsWriter.encode([.init(name: "w", tensor: Tensor(shape: [2, 2], repeating: 1))])
        assertRejects(Array(valid.dropLast(3)), "offsetsPastEnd") {
            if case .offsetsPastEnd(_, tensor: "w", begin: 0, end: 16, dataLength: 13) = $0 { return true }
            return false
        }
    }

    func testGapBetweenTensors() {
        let header = "{" + entry("a", 0) + "," + entry("b", 8) + "}"
        assertRejects(handBuiltFile(header: header, data: float32Bytes([1, 2, 3])), "gapInData") {
            if case .gapInData(_, tensor: "b", gapBegin: 4, gapEnd: 8) = $0 { return true } else { return false }
        }
        let leading = "{" + entry("a", 4) + "}"
        assertRejects(handBuiltFile(header: leading, data: float32Bytes([1, 2])), "gapInData") {
            if case .gapInData(_, tensor: "a", gapBegin: 0, gapEnd: 4) = $0 { return true } else { return false }
        }
    }

    func testTrailingDataBytes() {
        let header = "{" + entry("a", 0) + "}"
        assertRejects(handBuiltFile(header: header, data: float32Bytes([1]) + [0, 0]), "dataLengthMismatch") {
            if case .dataLengthMismatch(_, described: 4, actual: 6) = $0 { return true } else { return false }
        }
    }

    func testMetadataValueNotString() {
        let header = #"{"__metadata__":{"step":12}}"#
        assertRejects(handBuiltFile(header: header), "metadataValueNotString") {
            if case .metadataValueNotString(_, key: "step", found: "the number 12") = $0 { return true }
            return false
        }
        assertRejects(handBuiltFile(header: #"{"__metadata__":["a"]}"#), "metadataNotObject") {
            if case .metadataNotObject(_, found: "an array") = $0 { return true } else { return false }
        }
    }

    func testDuplicateNames() {
        let header = "{" + entry("a", 0) + "," + entry("a", 4) + "}"
        assertRejects(handBuiltFile(header: header, data: float32Bytes([1, 2])), "duplicateName") {
            if case .duplicateName(_, name: "a") = $0 { return true } else { return false }
        }
        let inEntry = #"{"a":{"dtype":"F32","dtype":"F16","shape":[1],"data_offsets":[0,4]}}"#
        assertRejects(handBuiltFile(header: inEntry, data: float32Bytes([1])), "duplicateKey") {
            if case .duplicateKey(_, key: "dtype", in: "tensor `a`") = $0 { return true } else { return false }
        }
        let inMetadata = #"{"__metadata__":{"k":"1","k":"2"}}"#
        assertRejects(handBuiltFile(header: inMetadata), "duplicateKey") {
            if case .duplicateKey(_, key: "k", in: "`__metadata__`") = $0 { return true } else { return false }
        }
    }

    func testMissingAndUnexpectedKeys() {
        let missing = #"{"a":{"dtype":"F32","shape":[1]}}"#
        assertRejects(handBuiltFile(header: missing, data: float32Bytes([1])), "missingKey") {
            if case .missingKey(_, tensor: "a", key: "data_offsets") = $0 { return true } else { return false }
        }
        let extra = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"offsets":[0,4]}}"#
        assertRejects(handBuiltFile(header: extra, data: float32Bytes([1])), "unexpectedKey") {
            if case .unexpectedKey(_, tensor: "a", key: "offsets") = $0 { return true } else { return false }
        }
        assertRejects(handBuiltFile(header: #"{"a":[1]}"#), "entryNotObject") {
            if case .entryNotObject(_, tensor: "a", found: "an array") = $0 { return true } else { return false }
        }
    }

    func testInvalidShapes() {
        let shapes = ["[-1]", "[2.0]", "[1e2]", "[\"2\"]", "3", "[99999999999999999999]",
                      "[4611686018427387904, 4, 0]"]
        for shape in shapes {
            let header = #"{"a":{"dtype":"F32","shape":\#(shape),"data_offsets":[0,0]}}"#
            assertRejects(handBuiltFile(header: header), "invalidShape for \(shape)") {
                if case .invalidShape(_, tensor: "a", detail: _) = $0 { return true } else { return false }
            }
        }
    }

    func testInvalidOffsets() {
        for offsets in ["[4,0]", "[0]", "[0,4,8]", "[0,-4]", "[0,4.0]", "{}"] {
            let header = #"{"a":{"dtype":"F32","shape":[1],"data_offsets":\#(offsets)}}"#
            assertRejects(handBuiltFile(header: header, data: float32Bytes([1])), "invalidOffsets for \(offsets)") {
                if case .invalidOffsets(_, tensor: "a", detail: _) = $0 { return true } else { return false }
            }
        }
    }

    func testReadOfMissingPathAndDirectory() throws {
        let directory = try makeTemporaryDirectory(for: self)
        XCTAssertThrowsError(try SafeTensorsReader.read(contentsOf: directory + "/absent.safetensors")) { error in
            guard case .cannotRead(_, operation: "open it", code: ENOENT)? = error as? SafeTensorsError else {
                return XCTFail("expected cannotRead ENOENT, got \(error)")
            }
            XCTAssertTrue("\(error)".contains("absent.safetensors"), "\(error)")
        }
        XCTAssertThrowsError(try SafeTensorsReader.read(contentsOf: directory)) { error in
            guard case .cannotRead(_, operation: _, code: EISDIR)? = error as? SafeTensorsError else {
                return XCTFail("expected cannotRead EISDIR, got \(error)")
            }
        }
    }

    func testMessageNamesValueAndRemedy() {
        let header = #"{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#
        do {
            _ = try SafeTensorsReader.decode(handBuiltFile(header: header, data: float32Bytes([1, 2])),
                                             file: "model.safetensors")
            XCTFail("a shape/byte-count mismatch decoded")
        } catch {
            XCTAssertEqual("\(error)", "safetensors file model.safetensors: tensor `w` (F32 [3]) needs 12 bytes "
                + "but data_offsets cover 8; the file is corrupt")
        }
    }
}
