// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

import Foundation

/// Typical and top-k filtering of one cell's categorical distribution, with reusable scratch
/// memory so that filtering a cell allocates nothing.
///
/// For each cell, `filter` turns K logits into the tempered distribution `p = softmax(z/τ)`
/// and keeps a subset of the tokens:
/// - typical filtering (Meister et al., "Locally Typical Sampling", 2022): with the entropy
///   `H = −Σ p log p`, each token scores `|−log p(token) − H|`. Tokens are kept in order of
///   increasing score until their cumulative probability reaches the mass `p` (at least one
///   token), and with top-k at most `k` of them;
/// - top-k alone: the `k` most probable tokens;
/// - neither: every token.
/// Equal scores or probabilities are ordered by lower token index first. The kept tokens, in
/// keep order, and their probabilities are in `keptTokens`, `keptProbabilities` and
/// `keptLogProbabilities`; renormalizing means dividing by `keptMass`.
///
/// Not thread-safe: each sampling thread owns its own filter.
public final class TypicalFilter {
    /// K, the number of tokens per cell.
    public let vocabulary: Int
    /// The typical mass p, or `nil` when typical filtering is off.
    public let typicalMass: Float?
    /// The top-k limit, or `nil` when off.
    public let topK: Int?

    /// The number of tokens the last `filter` call kept, in `1 ... K`.
    public private(set) var keptCount = 0
    /// The sum of the kept tokens' probabilities under the unfiltered distribution.
    public private(set) var keptMass: Float = 0
    /// The kept tokens in keep order; the first `keptCount` entries are valid.
    public let keptTokens: UnsafeMutablePointer<Int32>
    /// The kept tokens' unfiltered probabilities, in keep order.
    public let keptProbabilities: UnsafeMutablePointer<Float>
    /// The kept tokens' unfiltered log probabilities (natural log), in keep order.
    public let keptLogProbabilities: UnsafeMutablePointer<Float>

    // Per-token scratch, K values each.
    private let probabilities: UnsafeMutablePointer<Float>
    private let logProbabilities: UnsafeMutablePointer<Float>
    private let scores: UnsafeMutablePointer<Float>
    private let taken: UnsafeMutablePointer<Bool>

    public init(vocabulary: Int, typicalMass: Float?, topK: Int?) {
        precondition(vocabulary >= 1, "TypicalFilter needs vocabulary ≥ 1, got \(vocabulary)")
        if let typicalMass {
            precondition(typicalMass > 0 && typicalMass <= 1, "typical mass \(typicalMass) is outside (0, 1]")
        }
        if let topK {
            precondition(topK >= 1, "top-k \(topK) must be at least 1")
        }
        self.vocabulary = vocabulary
        self.typicalMass = typicalMass
        self.topK = topK
        keptTokens = .allocate(capacity: vocabulary)
        keptProbabilities = .allocate(capacity: vocabulary)
        keptLogProbabilities = .allocate(capacity: vocabulary)
        probabilities = .allocate(capacity: vocabulary)
        logProbabilities = .allocate(capacity: vocabulary)
        scores = .allocate(capacity: vocabulary)
        taken = .allocate(capacity: vocabulary)
    }

    /// Creates the filter the settings ask for.
    public convenience init(vocabulary: Int, settings: SamplerSettings) {
        self.init(vocabulary: vocabulary,
                  typicalMass: settings.typicalSampling ? settings.typicalMass : nil,
                  topK: settings.topK)
    }

    deinit {
        keptTokens.deallocate()
        keptProbabilities.deallocate()
        keptLogProbabilities.deallocate()
        probabilities.deallocate()
        logProbabilities.deallocate()
        scores.deallocate()
        taken.deallocate()
    }

    /// Filters the distribution `softmax(z / temperature)` of one cell.
    ///
    /// - Parameters:
    ///   - logits: the cell's K logits, the logit of token `k` at `logits[k·stride]`. They must
    ///     be finite or −∞, with at least one finite.
    ///   - stride: the distance between consecutive tokens' logits (B·T for [V·K, B, T] logits).
    ///   - temperature: τ > 0.
    /// - Returns: the number of kept tokens, also stored in `keptCount`.
    @discardableResult
    public func filter(logits: UnsafePointer<Float>, stride: Int, temperature: Float) -> Int {
        let K = vocabulary
        let inverseTemperature = 1 / temperature

        // Tempered log-softmax, with the maximum subtracted so that exp cannot overflow.
        var maximum = -Float.infinity
        for k in 0..<K {
            let z = logits[k * stride] * inverseTemperature
            logProbabilities[k] = z
            maximum = max(maximum, z)
        }
        var sum: Float = 0
        for k in 0..<K {
            let shifted = logProbabilities[k] - maximum
            logProbabilities[k] = shifted
            let e = expf(shifted)
            probabilities[k] = e
            sum += e
        }
        let logSum = logf(sum)
        let inverseSum = 1 / sum
        for k in 0..<K {
            logProbabilities[k] -= logSum
            probabilities[k] *= inverseSum
        }

        if let typicalMass {
            keepTypical(mass: typicalMass, limit: min(topK ?? K, K))
        } else if let topK, topK < K {
            keepMostProbable(limit: topK)
        } else {
            keepAll()
        }
        return keptCount
    }

    /// Returns the filtered and renormalized distribution of `probabilities` (K values summing
    /// to 1) at temperature 1, with 0 for every dropped token. Allocates, so it is meant for
    /// tests and tools rather than the sampling loop.
    public func filteredDistribution(probabilities input: [Float]) -> [Float] {
        precondition(input.count == vocabulary,
                     "filteredDistribution needs \(vocabulary) probabilities, got \(input.count)")
        let logits = input.map { logf($0) }
        logits.withUnsafeBufferPointer { _ = filter(logits: $0.baseAddress!, stride: 1, temperature: 1) }
        var output = [Float](repeating: 0, count: vocabulary)
        for i in 0..<keptCount {
            output[Int(keptTokens[i])] = keptProbabilities[i] / keptMass
        }
        return output
    }

    // Typical filtering: select tokens by increasing |−log p − H| until the mass is reached.
    // Repeated minimum selection costs O(kept·K), no more than sorting, and stops early when
    // few tokens are kept (as with top-k 3).
    private func keepTypical(mass: Float, limit: Int) {
        let K = vocabulary
        var entropy: Float = 0
        for k in 0..<K where probabilities[k] > 0 {
            entropy -= probabilities[k] * logProbabilities[k]
        }
        for k in 0..<K {
            scores[k] = abs(-logProbabilities[k] - entropy)
            taken[k] = false
        }

        keptCount = 0
        keptMass = 0
        while keptCount < limit {
            var best = -1
            var bestScore = Float.infinity
            for k in 0..<K where !taken[k] {
                // `best < 0` admits a NaN score (a −∞ logit) when nothing else is left.
                if best < 0 || scores[k] < bestScore {
                    best = k
                    bestScore = scores[k]
                }
            }
            if best < 0 { break }
            append(best)
            if keptMass >= mass { break }
        }
    }

    // Top-k alone: the `limit` most probable tokens, lower index first among equals.
    private func keepMostProbable(limit: Int) {
        let K = vocabulary
        for k in 0..<K { taken[k] = false }
        keptCount = 0
        keptMass = 0
        while keptCount < limit {
            var best = -1
            for k in 0..<K where !taken[k] {
                if best < 0 || probabilities[k] > probabilities[best] {
                    best = k
                }
            }
            append(best)
        }
    }

    private func keepAll() {
        keptCount = 0
        keptMass = 0
        for k in 0..<vocabulary {
            append(k)
        }
    }

    @inline(__always)
    private func append(_ token: Int) {
        taken[token] = true
        keptTokens[keptCount] = Int32(token)
        keptProbabilities[keptCount] = probabilities[token]
        keptLogProbabilities[keptCount] = logProbabilities[token]
        keptMass += probabilities[token]
        keptCount += 1
    }
}
