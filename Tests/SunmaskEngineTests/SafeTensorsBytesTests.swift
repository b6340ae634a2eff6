import Foundation
import XCTest
import SunmaskEngine

/// The reader and writer against bytes built by hand in the test, and against a file that
/// numpy wrote (Tests/Fixtures/safetensors/numpy_written.safetensors, made by
/// `python3 Scripts/check_safetensors.py write-fixture FILE`).
final class SafeTensorsBytesTests: XCTestCase {
    func testReaderDecodesEveryDTypeFromHandBuiltBytes() throws {
        // Entries out of offset order, with whitespace and newlines the writer never produces.
        let header = """
            { "o": {"dtype": "F8_E5M2", "shape": [3], "data_offsets": [61, 64]},
              "a": {"shape": [2], "dtype": "F32", "data_offsets": [0, 8]},
              "b": {"dtype": "F16", "shape": [2], "data_offsets": [8, 12]},
              "c": {"dtype": "BF16", "shape": [2], "data_offsets": [12, 16]},
              "d": {"dtype": "F64", "shape": [], "data_offsets": [16, 24]},
              "e": {"dtype": "I64", "shape": [1], "data_offsets": [24, 32]},
              "f": {"dtype": "I32", "shape": [1, 1], "data_offsets": [32, 36]},
              "g": {"dtype": "I16", "shape": [1], "data_offsets": [36, 38]},
              "h": {"dtype": "U16", "shape": [1], "data_offsets": [38, 40]},
              "i": {"dtype": "U32", "shape": [1], "data_offsets": [40, 44]},
              "j": {"dtype": "U64", "shape": [1], "data_offsets": [44, 52]},
              "k": {"dtype": "U8", "shape": [1], "data_offsets": [52, 53]},
              "l": {"dtype": "I8", "shape": [1], "data_offsets": [53, 54]},
              "m": {"dtype": "BOOL", "shape": [2], "data_offsets": [54, 56]},
              "n": {"dtype": "F8_E4M3", "shape": [5], "data_offsets": [56, 61]},
              "__metadata__": {"config": "{\\"width\\": 4}", "t\\u00e9st": "\\ud83c\\udfb5"}
            }
            """
        let data: [UInt8] = [
            0x00, 0x00, 0xC0, 0x3F, 0x00, 0x00, 0x00, 0xC0,  // a: F32 1.5, -2.0
            0x00, 0x38, 0x00, 0xBC,  // b: F16 0x3800 = 0.5, 0xBC00 = -1.0
            0xC0, 0x3F, 0x40, 0xC0,  // c: BF16 0x3FC0 = 1.5, 0xC040 = -3.0
            0, 0, 0, 0, 0, 0, 0xD0, 0x3F,  // d: F64 0x3FD0000000000000 = 0.25
            0xFD, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,  // e: I64 -3
            0xA0, 0x86, 0x01, 0x00,  // f: I32 0x000186A0 = 100000
            0xFE, 0xFF,  // g: I16 -2
            0x01, 0x02,  // h: U16 0x0201 = 513
            0x00, 0x00, 0x00, 0x01,  // i: U32 0x01000000 = 16777216
            0x05, 0, 0, 0, 0, 0, 0, 0,  // j: U64 5
            0xC8,  // k: U8 200
            0xFB,  // l: I8 -5
            0x00, 0x02,  // m: BOOL false, true (any non-zero byte)
            // n: F8_E4M3 0x38 = +2^0·1, 0x7E = 2^8·1.75, 0x01 = 2^-6·1/8, 0xB8 = -1, 0x7F = NaN
            0x38, 0x7E, 0x01, 0xB8, 0x7F,
            0x3C, 0xC0, 0x7C,  // o: F8_E5M2 0x3C = 1.0, 0xC0 = -2.0, 0x7C = +inf
        ]
        let file = try SafeTensorsReader.decode(handBuiltFile(header: header, data: data))

        XCTAssertEqual(file.names, ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o"])
        XCTAssertEqual(file.metadata, ["config": "{\"width\": 4}", "tést": "🎵"])
        XCTAssertEqual(file["a"]?.dtype, .float32)
        XCTAssertEqual(file["a"]?.tensor.shape, [2])
        XCTAssertEqual(file["a"]?.tensor.values, [1.5, -2.0])
        XCTAssertEqual(file["b"]?.dtype, .float16)
        XCTAssertEqual(file["b"]?.tensor.values, [0.5, -1.0])
        XCTAssertEqual(file["c"]?.tensor.values, [1.5, -3.0])
        XCTAssertEqual(file["d"]?.tensor.shape, [])
        XCTAssertEqual(file["d"]?.tensor.values, [0.25])
        XCTAssertEqual(file["e"]?.tensor.values, [-3])
        XCTAssertEqual(file["f"]?.tensor.shape, [1, 1])
        XCTAssertEqual(file["f"]?.tensor.values, [100_000])
        XCTAssertEqual(file["g"]?.tensor.values, [-2])
        XCTAssertEqual(file["h"]?.tensor.values, [513])
        XCTAssertEqual(file["i"]?.tensor.values, [16_777_216])
        XCTAssertEqual(file["j"]?.tensor.values, [5])
        XCTAssertEqual(file["k"]?.tensor.values, [200])
        XCTAssertEqual(file["l"]?.tensor.values, [-5])
        XCTAssertEqual(file["m"]?.tensor.values, [0, 1])
        let e4m3 = try XCTUnwrap(file["n"]?.tensor.values)
        XCTAssertEqual(Array(e4m3.prefix(4)), [1, 448, 1.0 / 512, -1])
        XCTAssertTrue(e4m3[4].isNaN)
        XCTAssertEqual(file["o"]?.tensor.values, [1, -2, .infinity])
        XCTAssertNil(file["z"])
    }

    func testWriterBytesMatchHandBuiltFile() throws {
        // 133 bytes of JSON plus 3 spaces make the data section start at 8 + 136 = 144 = 18·8.
        let header = #"{"__metadata__":{"k":"v"},"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"#
            + #""h":{"dtype":"F16","shape":[2],"data_offsets":[8,12]}}   "#
        var expected: [UInt8] = [136, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8)
        expected += [0x00, 0x00, 0x80, 0x3F, 0x00, 0x00, 0x00, 0xC0]  // F32 1.0, -2.0
        expected += [0x00, 0x3C, 0x55, 0x35]  // F16 1.0 = 0x3C00, nearest to 1/3 = 0x3555

        // The F16 tensor is listed first; the writer puts the 4-byte F32 tensor first anyway.
        let bytes = try SafeTensorsWriter.encode([
            .init(name: "h", tensor: Tensor(shape: [2], values: [1, 1.0 / 3]), storage: .float16),
            .init(name: "a", tensor: Tensor(shape: [2], values: [1, -2])),
        ], metadata: ["k": "v"])

        XCTAssertEqual(header.utf8.count, 136)
        XCTAssertEqual(bytes, expected)
    }

    func testWriterEscapesNamesAndMetadata() throws {
        let bytes = try SafeTensorsWriter.encode(
            [.init(name: "q\"\\\n", tensor: Tensor(shape: [], values: [2]))],
            metadata: ["tab\t": "é\u{01}"])
        let headerLength = Int(bytes[0]) | Int(bytes[1]) << 8
        let header = String(decoding: bytes[8 ..< 8 + headerLength], as: UTF8.self)
        let expected = #"{"__metadata__":{"tab\t":"é\u0001"},"q\"\\\n":{"dtype":"F32","shape":[],"data_offsets":[0,4]}}"#
        XCTAssertEqual(header.trimmingCharacters(in: .whitespaces), expected)
        XCTAssertEqual(Array(bytes[(8 + headerLength)...]), float32Bytes([2]))
    }

    func testReaderDecodesNumpyWrittenFixture() throws {
        let root = try XCTUnwrap(repositoryRoot(), "no Package.swift above \(#filePath)")
        let path = root + "/Tests/Fixtures/safetensors/numpy_written.safetensors"
        let file = try SafeTensorsReader.read(contentsOf: path)

        // The values Scripts/check_safetensors.py writes in write_fixture.
        XCTAssertEqual(file.metadata, ["config": "{\"width\": 8}", "note": "written by numpy"])
        XCTAssertEqual(file.names, ["brain", "count", "empty", "half", "ramp", "scalar"])
        XCTAssertEqual(file["ramp"]?.tensor.shape, [2, 3])
        XCTAssertEqual(file["ramp"]?.tensor.values, [-1, -0.5, 0, 0.5, 1, 1.5])
        XCTAssertEqual(file["half"]?.dtype, .float16)
        XCTAssertEqual(file["half"]?.tensor.values, [1, -0.5, 65504, 0x1p-24])
        XCTAssertEqual(file["brain"]?.dtype, .bfloat16)
        XCTAssertEqual(file["brain"]?.tensor.values, [1.5, -3, 0.15625])
        XCTAssertEqual(file["scalar"]?.tensor.shape, [])
        XCTAssertEqual(file["scalar"]?.tensor.values, [Float(0.1 as Double)])
        XCTAssertEqual(file["count"]?.tensor.values, [-3, 0, 7])
        XCTAssertEqual(file["empty"]?.tensor.shape, [0, 5])
        XCTAssertEqual(file["empty"]?.tensor.count, 0)
    }

    func testWriterReproducesFixtureCheckedByNumpy() throws {
        // Tests/Fixtures/safetensors/swift_written.safetensors was written by this test with
        // SUNMASK_WRITE_SAFETENSORS_FIXTURE=1 and read back by Scripts/check_safetensors.py.
        let root = try XCTUnwrap(repositoryRoot(), "no Package.swift above \(#filePath)")
        let path = root + "/Tests/Fixtures/safetensors/swift_written.safetensors"
        let bytes = try SafeTensorsWriter.encode([
            .init(name: "ramp", tensor: Tensor(shape: [2, 3], values: [-1, -0.5, 0, 0.5, 1, 1.5])),
            .init(name: "half", tensor: Tensor(shape: [4], values: [1, -0.5, 65504, 0x1p-24]), storage: .float16),
            .init(name: "brain", tensor: Tensor(shape: [3], values: [1.5, -3, 0.15625]), storage: .bfloat16),
            .init(name: "scalar", tensor: Tensor(shape: [], values: [0.25])),
            .init(name: "empty", tensor: Tensor(shape: [0, 5])),
        ], metadata: ["config": #"{"width":8}"#, "note": "written by SafeTensorsWriter"])
        if ProcessInfo.processInfo.environment["SUNMASK_WRITE_SAFETENSORS_FIXTURE"] == "1" {
            try AtomicFile.write(bytes, to: path)
        }
        XCTAssertEqual(bytes, [UInt8](try Data(contentsOf: URL(fileURLWithPath: path))))
    }

    func testReaderAcceptsEmptyHeaderObject() throws {
        let file = try SafeTensorsReader.decode(handBuiltFile(header: "{}      "))
        XCTAssertEqual(file.names, [])
        XCTAssertEqual(file.metadata, [:])
    }
}
