// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// A seeded pseudo-random stream, one per sampled candidate: xoshiro256** (Blackman and Vigna,
/// "Scrambled linear pseudorandom number generators", 2021) seeded through SplitMix64.
///
/// The stream is a pure function of `(seed, candidate)`, so candidate `i` draws the same numbers
/// whatever batch it runs in and whichever candidates run beside it. The algorithms below are
/// written out here rather than taken from the standard library, whose `random(in:using:)`
/// methods may change between Swift releases and would change sampled results with them.
public struct SamplerRandomStream: RandomNumberGenerator {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64

    /// Creates the stream of candidate `candidate` for the run seeded with `seed`.
    public init(seed: UInt64, candidate: Int) {
        // Mix the candidate index into the seed with a SplitMix64 step first, so that
        // neighbouring seeds and neighbouring candidates start far apart.
        var mixer = seed
        var state = SamplerRandomStream.splitMix(&mixer) ^ UInt64(truncatingIfNeeded: candidate)
        s0 = SamplerRandomStream.splitMix(&state)
        s1 = SamplerRandomStream.splitMix(&state)
        s2 = SamplerRandomStream.splitMix(&state)
        s3 = SamplerRandomStream.splitMix(&state)
    }

    private static func splitMix(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform Float in the open interval (0, 1): 24 random bits, offset by half a step,
    /// so neither 0 nor 1 can occur and `log(u)` is always finite.
    @inline(__always)
    public mutating func nextOpenUnit() -> Float {
        Float(next() >> 40) * 0x1p-24 + 0x1p-25
    }

    /// A uniform Double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in `0 ..< bound`, without modulo bias (Lemire, "Fast random integer
    /// generation in an interval", 2019). `bound` must be positive.
    @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound, got \(bound)")
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold {
                product = next().multipliedFullWidth(by: range)
            }
        }
        return Int(product.high)
    }
}
