// A seedable random generator for training and sampling, so that every run can be reproduced.
//
// The core is xoshiro256** (`Xoshiro256StarStar`), and a 64-bit seed is expanded into its four
// state words with SplitMix64. Every draw below is defined here in terms of `next()`, never through
// the standard library's random APIs, whose algorithms may change between Swift releases.

import Foundation

/// A reproducible pseudorandom generator (xoshiro256**) with the draws the engine needs.
///
/// It is a value type: copying it forks the stream, and `state` can be saved with a checkpoint
/// and assigned back to continue the exact same sequence.
public struct RandomGenerator: RandomNumberGenerator, Sendable {
    /// Everything that determines the remaining sequence.
    public struct State: Codable, Equatable, Sendable {
        /// The four xoshiro256** state words; never all zero.
        public var words: [UInt64]
        /// The second value of the last Box–Muller pair, returned by the next `nextNormal()`.
        public var spareNormal: Double?

        public init(words: [UInt64], spareNormal: Double? = nil) {
            precondition(words.count == 4, "xoshiro256** state needs 4 words, got \(words.count)")
            precondition(words.contains { $0 != 0 }, "xoshiro256** state must not be all zero")
            self.words = words
            self.spareNormal = spareNormal
        }

        // The words are stored as hexadecimal strings because many JSON readers parse numbers
        // as Double and would round values above 2^53. The spare normal is stored by bit pattern.
        private enum CodingKeys: String, CodingKey { case words, spareNormal }

        public init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            let texts = try container.decode([String].self, forKey: .words)
            var words: [UInt64] = []
            for text in texts {
                guard let word = UInt64(text, radix: 16) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .words, in: container,
                        debugDescription: "random state word \"\(text)\" is not a hexadecimal UInt64")
                }
                words.append(word)
            }
            guard words.count == 4, words.contains(where: { $0 != 0 }) else {
                throw DecodingError.dataCorruptedError(
                    forKey: .words, in: container,
                    debugDescription: "random state needs 4 words, not all zero; got \(texts)")
            }
            self.words = words
            if let bits = try container.decodeIfPresent(String.self, forKey: .spareNormal) {
                guard let pattern = UInt64(bits, radix: 16) else {
                    throw DecodingError.dataCorruptedError(
                        forKey: .spareNormal, in: container,
                        debugDescription: "spare normal \"\(bits)\" is not a hexadecimal bit pattern")
                }
                spareNormal = Double(bitPattern: pattern)
            } else {
                spareNormal = nil
            }
        }

        public func encode(to encoder: Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(words.map { String($0, radix: 16) }, forKey: .words)
            if let spareNormal {
                try container.encode(String(spareNormal.bitPattern, radix: 16), forKey: .spareNormal)
            }
        }
    }

    private var core: Xoshiro256StarStar
    private var spareNormal: Double?

    /// Creates a generator whose sequence depends only on `seed`.
    public init(seed: UInt64) {
        var counter = seed
        core = Xoshiro256StarStar(splitMixCounter: &counter)
    }

    /// Creates a generator that continues from a saved state.
    public init(state: State) {
        core = Xoshiro256StarStar(words: state.words)
        spareNormal = state.spareNormal
    }

    /// The current state; assigning a saved state continues that state's sequence.
    public var state: State {
        get { State(words: core.words, spareNormal: spareNormal) }
        set { self = RandomGenerator(state: newValue) }
    }

    // MARK: - Raw bits

    /// Returns the next 64 uniformly distributed bits.
    public mutating func next() -> UInt64 {
        core.next()
    }

    // MARK: - Uniform

    /// Returns a uniform Float in [0, 1) with 24 random bits, so 1 is never returned.
    public mutating func nextFloat() -> Float {
        Float(next() >> 40) * 0x1p-24
    }

    /// Returns a uniform Double in [0, 1) with 53 random bits, so 1 is never returned.
    public mutating func nextDouble() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// Returns a uniform integer in `0..<bound` without modulo bias (Lemire's
    /// multiply-and-reject method). `bound` must be positive.
    public mutating func nextInt(below bound: Int) -> Int {
        core.nextInt(below: bound)
    }

    /// Returns a uniform integer in `range`, which must not be empty.
    public mutating func nextInt(in range: Range<Int>) -> Int {
        precondition(!range.isEmpty, "nextInt(in:) needs a non-empty range, got \(range)")
        return range.lowerBound + nextInt(below: range.count)
    }

    // MARK: - Normal and Gumbel

    /// Returns a standard normal value (mean 0, variance 1) by the Box–Muller transform.
    ///
    /// Each transform yields two independent values; the second is kept in `state` and
    /// returned by the next call.
    public mutating func nextNormal() -> Double {
        if let spare = spareNormal {
            spareNormal = nil
            return spare
        }
        // 1 − u lies in (0, 1], so the logarithm is finite.
        let radius = (-2 * Foundation.log(1 - nextDouble())).squareRoot()
        let angle = 2 * Double.pi * nextDouble()
        spareNormal = radius * Foundation.sin(angle)
        return radius * Foundation.cos(angle)
    }

    /// Returns a normal value with the given mean and standard deviation.
    public mutating func nextNormal(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextNormal()
    }

    /// Returns a standard Gumbel value, −log(−log u) with u uniform in (0, 1).
    public mutating func nextGumbel() -> Double {
        // u = (k + 0.5) / 2^53 for a 53-bit k is never 0 or 1, so both logarithms are finite.
        let u = (Double(next() >> 11) + 0.5) * 0x1p-53
        return -Foundation.log(-Foundation.log(u))
    }

    // MARK: - Categorical

    /// Draws an index with probability proportional to `weights[i]` (inverse CDF).
    ///
    /// The weights need not sum to 1; they must be finite, non-negative and not all zero.
    /// An index with weight 0 is never returned.
    public mutating func sampleCategorical(_ weights: UnsafeBufferPointer<Float>) -> Int {
        precondition(!weights.isEmpty, "sampleCategorical needs at least one weight")
        var total = 0.0
        for weight in weights {
            precondition(weight >= 0 && weight.isFinite,
                         "sampleCategorical weights must be finite and non-negative, got \(weight)")
            total += Double(weight)
        }
        precondition(total > 0, "sampleCategorical weights sum to 0")
        let target = nextDouble() * total
        var cumulative = 0.0
        var last = 0
        for (index, weight) in weights.enumerated() where weight > 0 {
            cumulative += Double(weight)
            if target < cumulative { return index }
            last = index
        }
        // Rounding can leave target ≥ the running sum; the last positive weight takes it.
        return last
    }

    /// Draws an index with probability proportional to `weights[i]`; see the buffer overload.
    public mutating func sampleCategorical(_ weights: [Float]) -> Int {
        weights.withUnsafeBufferPointer { sampleCategorical($0) }
    }

    /// Draws an index with probability softmax(logits / temperature) by the Gumbel-max trick:
    /// the argmax of logits[i] / temperature + Gumbel noise.
    ///
    /// Entries equal to −∞ are never drawn; at least one entry must be finite.
    public mutating func sampleGumbelMax(logits: UnsafeBufferPointer<Float>,
                                         temperature: Float = 1) -> Int {
        precondition(temperature > 0, "sampleGumbelMax needs a positive temperature, got \(temperature)")
        var best = -Double.infinity
        var bestIndex = -1
        for (index, logit) in logits.enumerated() where logit != -Float.infinity {
            let score = Double(logit / temperature) + nextGumbel()
            if score > best { best = score; bestIndex = index }
        }
        precondition(bestIndex >= 0, "sampleGumbelMax needs at least one finite logit")
        return bestIndex
    }

    // MARK: - Permutations

    /// Shuffles `elements` in place by the Fisher–Yates algorithm.
    public mutating func shuffle<Elements: MutableCollection & RandomAccessCollection>(
        _ elements: inout Elements
    ) {
        let count = elements.count
        guard count > 1 else { return }
        for offset in stride(from: count - 1, to: 0, by: -1) {
            let other = nextInt(below: offset + 1)
            let i = elements.index(elements.startIndex, offsetBy: offset)
            let j = elements.index(elements.startIndex, offsetBy: other)
            elements.swapAt(i, j)
        }
    }
}
