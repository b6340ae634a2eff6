import Foundation
import XCTest
import SunmaskEngine

/// Writing then reading: F32 exactly, F16 and BF16 within their rounding bounds, and the
/// writer's ordering, alignment and range checks.
final class SafeTensorsRoundTripTests: XCTestCase {
    private let specialValues: [Float] = [
        0, -0.0, 1, -1, .infinity, -.infinity, .nan, .leastNonzeroMagnitude, .greatestFiniteMagnitude,
        -.leastNormalMagnitude,
    ]

    func testFloat32RoundTripIsBitExact() throws {
        var random = SplitMix(seed: 11)
        let weight = random.tensor([3, 4, 5], scale: 10)
        let special = Tensor(shape: [specialValues.count], values: specialValues)
        let scalar = Tensor(shape: [], values: [42.5])
        let empty = Tensor(shape: [0, 7])
        let metadata = ["config": #"{"width": 64, "kernel": 3}"#, "note": "quote \" backslash \\ newline \n é 🎵"]
        let path = try makeTemporaryDirectory(for: self) + "/model.safetensors"

        try SafeTensorsWriter.write([
            .init(name: "down.0.conv1.weight", tensor: weight),
            .init(name: "special", tensor: special),
            .init(name: "scalar", tensor: scalar),
            .init(name: "empty", tensor: empty),
        ], metadata: metadata, to: path)
        let file = try SafeTensorsReader.read(contentsOf: path)

        XCTAssertEqual(file.metadata, metadata)
        XCTAssertEqual(file.names, ["down.0.conv1.weight", "empty", "scalar", "special"])
        for (name, original) in [("down.0.conv1.weight", weight), ("special", special), ("scalar", scalar),
                                 ("empty", empty)] {
            let entry = try XCTUnwrap(file[name], name)
            XCTAssertEqual(entry.dtype, .float32, name)
            XCTAssertEqual(entry.tensor.shape, original.shape, name)
            XCTAssertEqual(entry.tensor.values.map(\.bitPattern), original.values.map(\.bitPattern), name)
        }
    }

    func testFloat16RoundTripWithinHalfPrecisionBound() throws {
        // Magnitudes from 2^-26 (below the smallest half subnormal) to 2^15.9, both signs.
        var random = SplitMix(seed: 12)
        let count = 5000
        let values = (0 ..< count).map { _ -> Float in
            let magnitude = Float(exp2(random.nextUnit() * 41.9 - 26))
            return random.next() & 1 == 0 ? magnitude : -magnitude
        }
        let decoded = try roundTrip(values, storage: .float16)

        for (value, result) in zip(values, decoded) {
            // Half precision keeps 11 significant bits, so rounding to nearest moves a normal
            // value (|x| ≥ 2^-14) by at most half a unit in the last place, 2^-11·|x|. Below
            // that the spacing is the subnormal step 2^-24, so the error is at most 2^-25.
            let bound = abs(value) >= 0x1p-14 ? abs(value) * 0x1p-11 : 0x1p-25
            XCTAssertLessThanOrEqual(abs(result - value), bound, "value \(value) decoded as \(result)")
        }
    }

    func testFloat16RoundsTiesToEven() throws {
        // Between 1 and 2 the half-precision spacing is 2^-10; between 2048 and 4096 it is 2.
        let values: [Float] = [1 + 0x1p-11, 1 + 3 * 0x1p-11, 2049, 2051, 65519, 0x1p-25, 3 * 0x1p-25]
        let expected: [Float] = [1, 1 + 0x1p-9, 2048, 2052, 65504, 0, 0x1p-23]
        XCTAssertEqual(try roundTrip(values, storage: .float16), expected)
    }

    func testBFloat16RoundTripWithinBound() throws {
        var random = SplitMix(seed: 13)
        let values = (0 ..< 2000).map { _ in Float(random.nextUnit() * 2 - 1) * 1e6 }
        let decoded = try roundTrip(values, storage: .bfloat16)
        for (value, result) in zip(values, decoded) {
            // bfloat16 keeps 8 significant bits: the rounding error is at most 2^-8·|x|.
            XCTAssertLessThanOrEqual(abs(result - value), abs(value) * 0x1p-8, "value \(value)")
        }
        // Between 1 and 2 the bfloat16 spacing is 2^-7.
        XCTAssertEqual(try roundTrip([1 + 0x1p-8, 1 + 3 * 0x1p-8, -2.5], storage: .bfloat16), [1, 1 + 0x1p-6, -2.5])
        XCTAssertTrue(try roundTrip([.nan], storage: .bfloat16)[0].isNaN)
    }

    func testFloat16OverflowThrows() {
        let tensor = Tensor(shape: [3], values: [1, 65520, 2])
        XCTAssertThrowsError(try SafeTensorsWriter.encode([.init(name: "w", tensor: tensor, storage: .float16)])) {
            guard case .valueOutOfRange(_, tensor: "w", index: 1, value: 65520, storage: "F16")? = $0 as? SafeTensorsError
            else { return XCTFail("expected valueOutOfRange, got \($0)") }
        }
        // Infinity is stored as infinity, not reported as an overflow.
        XCTAssertEqual(try roundTrip([.infinity, -.infinity], storage: .float16), [.infinity, -.infinity])
    }

    func testWriterRejectsDuplicateAndReservedNames() {
        let tensor = Tensor(shape: [1])
        XCTAssertThrowsError(try SafeTensorsWriter.encode([.init(name: "a", tensor: tensor),
                                                           .init(name: "a", tensor: tensor)])) {
            guard case .duplicateName(_, name: "a")? = $0 as? SafeTensorsError else {
                return XCTFail("expected duplicateName, got \($0)")
            }
        }
        XCTAssertThrowsError(try SafeTensorsWriter.encode([.init(name: "__metadata__", tensor: tensor)])) {
            guard case .reservedName? = $0 as? SafeTensorsError else { return XCTFail("expected reservedName, got \($0)") }
        }
    }

    func testWriterOutputIsIndependentOfInputOrder() throws {
        var random = SplitMix(seed: 14)
        let entries: [SafeTensorsWriter.Entry] = [
            .init(name: "b", tensor: random.tensor([3])),
            .init(name: "a", tensor: random.tensor([2, 2]), storage: .float16),
            .init(name: "c", tensor: random.tensor([5]), storage: .bfloat16),
            .init(name: "B", tensor: random.tensor([1])),
        ]
        var metadata: [String: String] = [:]
        for key in ["z", "y", "x", "w"] { metadata[key] = key + "!" }
        let forward = try SafeTensorsWriter.encode(entries, metadata: metadata)
        let backward = try SafeTensorsWriter.encode(entries.reversed(), metadata: Dictionary(uniqueKeysWithValues: metadata.reversed()))
        XCTAssertEqual(forward, backward)
    }

    func testWriterAlignsDataToElementSize() throws {
        // An odd number of F16 elements would misalign a following F32 tensor; the writer puts
        // the 4-byte tensors first.
        let bytes = try SafeTensorsWriter.encode([
            .init(name: "a.half", tensor: Tensor(shape: [3]), storage: .float16),
            .init(name: "z.full", tensor: Tensor(shape: [5])),
            .init(name: "m.half", tensor: Tensor(shape: [1]), storage: .float16),
        ])
        let headerLength = bytes[0 ..< 8].reversed().reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual((8 + headerLength) % 8, 0, "data section starts at \(8 + headerLength)")

        // Foundation's JSON parser is independent of the reader's.
        let header = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(bytes[8 ..< 8 + headerLength])) as? [String: Any])
        let offsets = try ["z.full", "a.half", "m.half"].map { name -> [Int] in
            let entry = try XCTUnwrap(header[name] as? [String: Any], name)
            return try XCTUnwrap(entry["data_offsets"] as? [Int], name)
        }
        XCTAssertEqual(offsets, [[0, 20], [20, 26], [26, 28]])
    }

    /// Writes `values` as one tensor in `storage` and returns what the reader decodes.
    private func roundTrip(_ values: [Float], storage: SafeTensorsStorage) throws -> [Float] {
        let bytes = try SafeTensorsWriter.encode([
            .init(name: "x", tensor: Tensor(shape: [values.count], values: values), storage: storage),
        ])
        let entry = try XCTUnwrap(SafeTensorsReader.decode(bytes)["x"])
        XCTAssertEqual(entry.dtype, storage.dtype)
        return entry.tensor.values
    }
}
