import XCTest
import SunmaskEngine

/// Random damage to a valid file: the reader must either decode it or throw a
/// `SafeTensorsError`, never crash, hang or return tensors inconsistent with their shapes.
final class SafeTensorsFuzzTests: XCTestCase {
    private func validFile() throws -> [UInt8] {
        var random = SplitMix(seed: 21)
        return try SafeTensorsWriter.encode([
            .init(name: "down.0.conv1.weight", tensor: random.tensor([4, 3, 3])),
            .init(name: "down.0.norm.bias", tensor: random.tensor([4]), storage: .float16),
            .init(name: "mid.attention.qkv", tensor: random.tensor([2, 5]), storage: .bfloat16),
            .init(name: "scalar", tensor: random.tensor([])),
            .init(name: "empty", tensor: Tensor(shape: [0, 3])),
        ], metadata: ["config": #"{"width":4,"kernel":3}"#, "step": "17"])
    }

    /// Decodes `bytes`, failing the test on any error that is not a `SafeTensorsError` and
    /// checking every decoded tensor's element count against its shape. Returns whether the
    /// bytes decoded.
    private func decodeOrReject(_ bytes: [UInt8], _ what: String) -> Bool {
        do {
            let file = try SafeTensorsReader.decode(bytes)
            for entry in file.entries {
                XCTAssertEqual(entry.tensor.count, entry.tensor.shape.reduce(1, *), "\(what): \(entry.name)")
            }
            return true
        } catch is SafeTensorsError {
            return false
        } catch {
            XCTFail("\(what): unexpected error type \(type(of: error)): \(error)")
            return false
        }
    }

    func testEveryTruncationIsRejected() throws {
        let bytes = try validFile()
        XCTAssertTrue(decodeOrReject(bytes, "untouched file"))
        // The data section must end exactly where the last tensor ends, so every proper prefix fails.
        for length in 0 ..< bytes.count {
            XCTAssertFalse(decodeOrReject(Array(bytes.prefix(length)), "prefix of \(length) bytes"),
                           "a \(length)-byte prefix of a \(bytes.count)-byte file decoded")
        }
    }

    func testRandomByteFlipsNeverCrash() throws {
        let bytes = try validFile()
        var random = SplitMix(seed: 22)
        var decoded = 0
        for trial in 0 ..< 4000 {
            var damaged = bytes
            let flips = 1 + Int(random.next() % 4)
            for _ in 0 ..< flips {
                // Three of four flips land in the length field or header, where parsing happens.
                let headerEnd = 8 + Int(bytes[0]) + Int(bytes[1]) << 8
                let limit = random.next() % 4 == 0 ? bytes.count : headerEnd
                damaged[Int(random.next() % UInt64(limit))] = UInt8(truncatingIfNeeded: random.next())
            }
            if decodeOrReject(damaged, "trial \(trial)") { decoded += 1 }
        }
        // Flips inside tensor data still decode, so some trials must succeed and many must fail.
        XCTAssertGreaterThan(decoded, 100)
        XCTAssertLessThan(decoded, 3900)
    }

    func testRandomHeaderEditsNeverCrash() throws {
        let bytes = try validFile()
        let headerLength = Int(bytes[0]) + Int(bytes[1]) << 8
        let header = Array(bytes[8 ..< 8 + headerLength])
        let data = Array(bytes[(8 + headerLength)...])
        let alphabet = Array(#"{}[]:,"0123456789-.eE \abcdtnu"#.utf8)
        var random = SplitMix(seed: 23)
        for trial in 0 ..< 3000 {
            var edited = header
            for _ in 0 ..< 1 + Int(random.next() % 3) {
                let position = Int(random.next() % UInt64(edited.count))
                switch random.next() % 3 {
                case 0: edited.remove(at: position)
                case 1: edited.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: position)
                default: edited[position] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                }
            }
            // The length field matches the edited header, so parsing reaches the JSON.
            let length = UInt64(edited.count)
            let file = (0 ..< 8).map { UInt8(truncatingIfNeeded: length >> (8 * UInt64($0))) } + edited + data
            _ = decodeOrReject(file, "trial \(trial)")
        }
    }
}
