import Dispatch
import XCTest
import SunmaskEngine

/// Ops run on disjoint ranges from two threads give exactly the whole-tensor results.
final class SplitRangeTests: XCTestCase {
    /// Runs `body` on the two ranges concurrently.
    private func runConcurrently(_ ranges: [Range<Int>], _ body: (Range<Int>) -> Void) {
        DispatchQueue.concurrentPerform(iterations: ranges.count) { body(ranges[$0]) }
    }

    private func assertIdentical(_ a: Tensor, _ b: Tensor, _ what: String,
                                 file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(a.shape, b.shape, what, file: file, line: line)
        let mismatch = (0..<a.count).first { a[flat: $0] != b[flat: $0] }
        XCTAssertNil(mismatch, "\(what): first difference at flat index \(mismatch ?? -1)", file: file, line: line)
    }

    func testSiLURangesMatchWholeTensor() {
        var generator = SplitMix(seed: 1)
        let x = generator.tensor([3, 3, 3], scale: 4)
        let dy = generator.tensor([3, 3, 3])
        let whole = Tensor(shape: x.shape), split = Tensor(shape: x.shape)
        SiLU.forward(output: whole, input: x)
        // 13 is not a multiple of 8, so both ranges have a vector part and a tail.
        runConcurrently([0..<13, 13..<27]) { SiLU.forward(output: split, input: x, elements: $0) }
        assertIdentical(whole, split, "SiLU forward")

        let dxWhole = Tensor(shape: x.shape), dxSplit = Tensor(shape: x.shape)
        SiLU.backward(dInput: dxWhole, dOutput: dy, input: x)
        runConcurrently([0..<13, 13..<27]) { SiLU.backward(dInput: dxSplit, dOutput: dy, input: x, elements: $0) }
        assertIdentical(dxWhole, dxSplit, "SiLU backward")
    }

    func testGroupNormRangesMatchWholeTensor() {
        var generator = SplitMix(seed: 2)
        let whole = GroupNorm(name: "whole", channels: 8, groups: 4)
        let split = GroupNorm(name: "split", channels: 8, groups: 4)
        let weight = generator.tensor([8]), bias = generator.tensor([8])
        for norm in [whole, split] {
            norm.weight.value.copy(from: weight)
            norm.bias.value.copy(from: bias)
        }
        let x = generator.tensor([8, 3, 10], scale: 2)
        let dy = generator.tensor([8, 3, 10])

        let yWhole = Tensor(shape: x.shape), ySplit = Tensor(shape: x.shape)
        let cacheWhole = whole.forward(output: yWhole, input: x)
        let cacheSplit = GroupNorm.Cache(batch: 3, groups: 4)
        runConcurrently([0..<1, 1..<4]) { split.forward(output: ySplit, input: x, cache: cacheSplit, groupRange: $0) }
        assertIdentical(yWhole, ySplit, "GroupNorm forward")
        assertIdentical(cacheWhole.mean, cacheSplit.mean, "GroupNorm mean")

        let dxWhole = Tensor(shape: x.shape), dxSplit = Tensor(shape: x.shape)
        whole.backward(dInput: dxWhole, dOutput: dy, input: x, cache: cacheWhole)
        runConcurrently([0..<1, 1..<4]) {
            split.backward(dInput: dxSplit, dOutput: dy, input: x, cache: cacheSplit, groupRange: $0)
        }
        assertIdentical(dxWhole, dxSplit, "GroupNorm dInput")
        assertIdentical(whole.weight.grad, split.weight.grad, "GroupNorm dWeight")
        assertIdentical(whole.bias.grad, split.bias.grad, "GroupNorm dBias")
    }

    func testAttentionRangesMatchWholeTensor() {
        var generator = SplitMix(seed: 3)
        let shape = [4, 3, 6]  // [C, B, T]
        let q = generator.tensor(shape), k = generator.tensor(shape), v = generator.tensor(shape)
        let dy = generator.tensor(shape)

        let yWhole = Tensor(shape: shape), ySplit = Tensor(shape: shape)
        let cacheWhole = Attention.forward(output: yWhole, query: q, key: k, value: v)
        let cacheSplit = Attention.Cache(batch: 3, steps: 6)
        runConcurrently([0..<2, 2..<3]) {
            Attention.forward(output: ySplit, query: q, key: k, value: v, cache: cacheSplit, exampleRange: $0)
        }
        assertIdentical(yWhole, ySplit, "Attention forward")

        let whole = [Tensor(shape: shape), Tensor(shape: shape), Tensor(shape: shape)]
        let split = [Tensor(shape: shape), Tensor(shape: shape), Tensor(shape: shape)]
        Attention.backward(dQuery: whole[0], dKey: whole[1], dValue: whole[2], dOutput: dy,
                           query: q, key: k, value: v, cache: cacheWhole)
        runConcurrently([0..<2, 2..<3]) {
            Attention.backward(dQuery: split[0], dKey: split[1], dValue: split[2], dOutput: dy,
                               query: q, key: k, value: v, cache: cacheSplit, exampleRange: $0)
        }
        for (name, pair) in zip(["dQuery", "dKey", "dValue"], zip(whole, split)) {
            assertIdentical(pair.0, pair.1, "Attention \(name)")
        }
    }
}
