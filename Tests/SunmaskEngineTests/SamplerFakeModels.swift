import Foundation
import SunmaskEngine

/// A model that predicts the same distribution at every cell: logits = log p.
final class FixedDistributionModel: CellModel {
    let voices: Int
    let vocabulary: Int
    let probabilities: [Double]
    private(set) var calls = 0

    init(voices: Int, probabilities: [Double]) {
        self.voices = voices
        self.vocabulary = probabilities.count
        self.probabilities = probabilities
    }

    func logits(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                batch: Int, steps: Int) throws -> Tensor {
        calls += 1
        let output = Tensor(shape: [voices * vocabulary, batch, steps])
        for v in 0..<voices {
            for k in 0..<vocabulary {
                let channel = v * vocabulary + k
                for column in 0..<(batch * steps) {
                    output[flat: channel * batch * steps + column] = Float(log(probabilities[k]))
                }
            }
        }
        return output
    }
}

/// A model whose logits are pseudo-random in [-3, 3] but a deterministic function of one grid's
/// own tokens and keep mask, so a grid's logits do not depend on the other grids of the batch.
/// It also records every keep mask it is given.
final class RandomLogitsModel: CellModel {
    let voices: Int
    let vocabulary: Int
    let salt: UInt64
    private(set) var calls = 0
    private(set) var keepMasks: [[UInt8]] = []

    init(voices: Int, vocabulary: Int, salt: UInt64 = 1) {
        self.voices = voices
        self.vocabulary = vocabulary
        self.salt = salt
    }

    func logits(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                batch: Int, steps: Int) throws -> Tensor {
        calls += 1
        keepMasks.append(Array(keep))
        let output = Tensor(shape: [voices * vocabulary, batch, steps])
        let cellsPerGrid = voices * steps
        for b in 0..<batch {
            // FNV-1a over this grid's tokens and keep bits.
            var gridHash: UInt64 = 0xCBF2_9CE4_8422_2325
            for cell in (b * cellsPerGrid)..<((b + 1) * cellsPerGrid) {
                gridHash = (gridHash ^ UInt64(UInt32(bitPattern: tokens[cell]))) &* 0x100_0000_01B3
                gridHash = (gridHash ^ UInt64(keep[cell])) &* 0x100_0000_01B3
            }
            for v in 0..<voices {
                for t in 0..<steps {
                    let token = UInt64(UInt32(bitPattern: tokens[(b * voices + v) * steps + t]))
                    for k in 0..<vocabulary {
                        var state = salt ^ gridHash ^ (UInt64(v) << 48) ^ (UInt64(k) << 32) ^ (UInt64(t) << 8) ^ token
                        let bits = Self.mix(&state)
                        let unit = Double(bits >> 11) * 0x1p-53
                        output[flat: ((v * vocabulary + k) * batch + b) * steps + t] = Float(unit * 6 - 3)
                    }
                }
            }
        }
        return output
    }

    private static func mix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A model that, at its call number c (counting from 1), predicts token c mod K at every cell
/// with a logit 50 above every other token, so the drawn token records the call that wrote it.
final class CallNumberModel: CellModel {
    let voices: Int
    let vocabulary: Int
    private(set) var calls = 0

    init(voices: Int, vocabulary: Int) {
        self.voices = voices
        self.vocabulary = vocabulary
    }

    func logits(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                batch: Int, steps: Int) throws -> Tensor {
        calls += 1
        let output = Tensor(shape: [voices * vocabulary, batch, steps])
        let predicted = calls % vocabulary
        for v in 0..<voices {
            let channel = v * vocabulary + predicted
            for column in 0..<(batch * steps) {
                output[flat: channel * batch * steps + column] = 50
            }
        }
        return output
    }
}

/// A model with uniform logits that runs `onCall` with its call number (from 1) at each call.
final class HookedModel: CellModel {
    let voices: Int
    let vocabulary: Int
    let onCall: (Int) -> Void
    private let lock = NSLock()
    private var callCount = 0

    init(voices: Int, vocabulary: Int, onCall: @escaping (Int) -> Void) {
        self.voices = voices
        self.vocabulary = vocabulary
        self.onCall = onCall
    }

    var calls: Int {
        lock.lock()
        defer { lock.unlock() }
        return callCount
    }

    func logits(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                batch: Int, steps: Int) throws -> Tensor {
        lock.lock()
        callCount += 1
        let call = callCount
        lock.unlock()
        onCall(call)
        return Tensor(shape: [voices * vocabulary, batch, steps])
    }
}

/// A deterministic stream for building random test cases, independent of the sampler's own.
struct TestCaseRandom: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
