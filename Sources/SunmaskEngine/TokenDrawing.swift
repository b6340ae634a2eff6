import Foundation

/// How a token is drawn from a cell's filtered distribution.
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
    ///   uniform `u` in (0, 1) per kept token, in keep order.
    /// - Inverse CDF: one uniform `u` in (0, 1); walking the kept tokens in keep order, the first
    ///   whose cumulative probability exceeds `u·keptMass`, else the last kept token (which
    ///   catches rounding at the top end).
    @inline(__always)
    public func drawToken(_ method: TokenDrawing, using random: inout SamplerRandomStream) -> Int32 {
        precondition(keptCount > 0, "drawToken called before filter")
        switch method {
        case .gumbelMax:
            var best = 0
            var bestValue = -Float.infinity
            for i in 0..<keptCount {
                let u = random.nextOpenUnit()
                let value = keptLogProbabilities[i] - logf(-logf(u))
                if value > bestValue {
                    best = i
                    bestValue = value
                }
            }
            return keptTokens[best]
        case .inverseCDF:
            let target = random.nextOpenUnit() * keptMass
            var cumulative: Float = 0
            for i in 0..<keptCount {
                cumulative += keptProbabilities[i]
                if target < cumulative {
                    return keptTokens[i]
                }
            }
            return keptTokens[keptCount - 1]
        }
    }
}
