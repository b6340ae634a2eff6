// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// A seeded pseudo-random stream, one per sampled candidate: xoshiro256** seeded through
/// SplitMix64 (`Xoshiro256StarStar`).
///
/// The stream is a pure function of `(seed, candidate)`, so candidate `i` draws the same numbers
/// whatever batch it runs in and whichever candidates run beside it. The draws are defined in
/// this module rather than taken from the standard library, whose `random(in:using:)` methods
/// may change between Swift releases and would change sampled results with them.
public struct SamplerRandomStream: RandomNumberGenerator {
    @usableFromInline var core: Xoshiro256StarStar

    /// Creates the stream of candidate `candidate` for the run seeded with `seed`.
    public init(seed: UInt64, candidate: Int) {
        // Mix the candidate index into the seed with a SplitMix64 step first, so that
        // neighbouring seeds and neighbouring candidates start far apart.
        var mixer = seed
        var counter = Xoshiro256StarStar.splitMix(&mixer) ^ UInt64(truncatingIfNeeded: candidate)
        core = Xoshiro256StarStar(splitMixCounter: &counter)
    }

    @inlinable @inline(__always)
    public mutating func next() -> UInt64 {
        core.next()
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

    /// A uniform integer in `0 ..< bound`, without modulo bias. `bound` must be positive.
    @inlinable @inline(__always)
    public mutating func nextInt(below bound: Int) -> Int {
        core.nextInt(below: bound)
    }
}
