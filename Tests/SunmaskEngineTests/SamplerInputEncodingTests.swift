import XCTest
import SunmaskEngine

final class SamplerInputEncodingTests: XCTestCase {
    // V = 2, K = 3, B = 2, T = 2, tokens and keep [B, V, T].
    private let tokens: [Int32] = [0, 2, 1, 1,   2, 0, 0, 1]
    private let keep: [UInt8] = [1, 0, 0, 1,   1, 1, 0, 0]

    private func encode(includesKeepBit: Bool) -> Tensor {
        let encoding = InputEncoding(voices: 2, vocabulary: 3, includesKeepBit: includesKeepBit)
        return tokens.withUnsafeBufferPointer { x in
            keep.withUnsafeBufferPointer { m in
                encoding.encode(tokens: x, keep: m, batch: 2, steps: 2)
            }
        }
    }

    func testEncodingOfHandBuiltGrid() {
        let output = encode(includesKeepBit: true)
        XCTAssertEqual(output.shape, [8, 2, 2])
        // One row per channel, columns (b0 t0, b0 t1, b1 t0, b1 t1).
        let expected: [[Float]] = [
            [1, 0, 0, 1],  // voice 0, token 0
            [0, 0, 0, 0],  // voice 0, token 1
            [0, 1, 1, 0],  // voice 0, token 2
            [1, 0, 1, 1],  // voice 0, keep bit
            [0, 0, 1, 0],  // voice 1, token 0
            [1, 1, 0, 1],  // voice 1, token 1
            [0, 0, 0, 0],  // voice 1, token 2
            [0, 1, 0, 0],  // voice 1, keep bit
        ]
        for (channel, row) in expected.enumerated() {
            XCTAssertEqual(Array(output.values[channel * 4 ..< channel * 4 + 4]), row, "channel \(channel)")
        }
    }

    func testNoMaskInputZeroesKeepChannels() {
        let withMask = encode(includesKeepBit: true).values
        let output = encode(includesKeepBit: false).values
        for channel in 0..<8 {
            let row = Array(output[channel * 4 ..< channel * 4 + 4])
            if channel == 3 || channel == 7 {
                XCTAssertEqual(row, [0, 0, 0, 0], "keep channel \(channel)")
            } else {
                XCTAssertEqual(row, Array(withMask[channel * 4 ..< channel * 4 + 4]), "token channel \(channel)")
            }
        }
    }
}
