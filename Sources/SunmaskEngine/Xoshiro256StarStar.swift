// The core of the engine's two random generators, `RandomGenerator` (training) and
// `SamplerRandomStream` (sampling).
//
// xoshiro256** (Blackman and Vigna, "Scrambled linear pseudorandom number generators", 2021)
// keeps 256 bits of state with period 2^256 − 1. Its state is seeded from SplitMix64 outputs, as
// its authors recommend, so that similar seeds give unrelated streams.

/// The xoshiro256** state and step, SplitMix64 seeding, and unbiased bounded integers.
@usableFromInline
struct Xoshiro256StarStar: Sendable {
    @usableFromInline var s0, s1, s2, s3: UInt64

    /// Creates the generator with the four state words `words`, which must not all be zero.
    @usableFromInline
    init(words: [UInt64]) {
        precondition(words.count == 4 && words.contains { $0 != 0 },
                     "xoshiro256** needs 4 state words, not all zero, got \(words)")
        s0 = words[0]
        s1 = words[1]
        s2 = words[2]
        s3 = words[3]
    }

    /// Creates the generator from four consecutive SplitMix64 outputs of `counter`. SplitMix64
    /// is a bijection of its counter, so the four words are never all zero.
    @usableFromInline
    init(splitMixCounter counter: inout UInt64) {
        s0 = Self.splitMix(&counter)
        s1 = Self.splitMix(&counter)
        s2 = Self.splitMix(&counter)
        s3 = Self.splitMix(&counter)
    }

    /// The four state words, in order.
    @usableFromInline
    var words: [UInt64] { [s0, s1, s2, s3] }

    /// Returns the next SplitMix64 output and advances `counter`.
    @usableFromInline
    static func splitMix(_ counter: inout UInt64) -> UInt64 {
        counter &+= 0x9E37_79B9_7F4A_7C15
        var z = counter
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Returns the next 64 uniformly distributed bits.
    @inlinable @inline(__always)
    mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let shifted = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= shifted
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// Returns a uniform integer in `0 ..< bound` without modulo bias, by Lemire's
    /// multiply-and-reject method ("Fast random integer generation in an interval", 2019): the
    /// high word of a 128-bit product, redrawn in the rare biased case. `bound` must be positive.
    @inlinable @inline(__always)
    mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            // 2^64 mod range values of the low word would be over-represented, so redraw them.
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}
