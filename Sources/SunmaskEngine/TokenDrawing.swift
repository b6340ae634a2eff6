import Foundation

/// The method that draws a token from a cell's filtered distribution.
public enum TokenDrawing: String, Equatable, Sendable, CaseIterable {
    /// The argmax of `log p + Gumbel noise`: one uniform draw per kept token.
    case gumbelMax
    /// The inverse of the cumulative distribution at one uniform draw.
    case inverseCDF
}

extension TypicalFilter {
    /// Draws one token from the distribution kept by the last `filter` call, renormalized.
    ///
    /// - Gumbel-max: the kept token maximizing `log p + g` with `g = −log(−log u)` and one
    ///   uniform `u` in (0, 1) per kept token, in keep order (ties go to the earlier token).
    /// - Inverse CDF: one uniform `u` in (0, 1). Walking the kept tokens in keep order, it
    ///   returns the first whose cumulative probability exceeds `u·keptMass`. When rounding
    ///   leaves the total just below the target, it returns the last kept token.
    @inline(__always)
    public func drawToken(_ method: TokenDrawing, using random: inout SamplerRandomStream) -> Int32 {
        let count = keptCount
        precondition(count > 0, "drawToken called before filter")
        switch method {
        case .gumbelMax:
            // argmax(log p + g) with g = −log E and E = −log u an exponential draw is
            // argmax(log p − log E) = argmin(E / p), because log is increasing. That saves one
            // log per token. A probability that underflowed to 0 gives E / 0 = +∞, never chosen.
            var best = 0
            var bestRatio = Float.infinity
            for i in 0..<count {
                let exponential = -logf(random.nextOpenUnit())
                let ratio = exponential / keptProbabilities[i]
                if ratio < bestRatio {
                    best = i
                    bestRatio = ratio
                }
            }
            return keptTokens[best]
        case .inverseCDF:
            let target = random.nextOpenUnit() * keptMass
            var cumulative: Float = 0
            for i in 0..<count {
                cumulative += keptProbabilities[i]
                if target < cumulative {
                    return keptTokens[i]
                }
            }
            return keptTokens[count - 1]
        }
    }
}
