// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// The two per-step schedules of the SUNMASK sampler: how many time positions each voice
/// accepts (a_n) and the masking rate of the model mask (α_n).
///
/// Step indices run over `0 ..< N + D`: the N annealed steps, then D final dwell steps.
public enum MaskSchedule {
    /// a_n, the number of time positions per voice accepted at step `step`, in `0 ... T`.
    ///
    /// - Triangular: `2·T·min((n+1)/N, 1 − (n+1)/N)`. It peaks at T at the middle step and is
    ///   always 0 at the last annealed step `n = N − 1`, which is therefore skipped.
    /// - Constant: `fraction·T`.
    /// - Dwell (`n ≥ N`): T.
    ///
    /// Rounding: to the nearest integer, halves up (0.5 → 1, 2.5 → 3). The triangular value is
    /// the rational `2·T·min(n+1, N−n−1) / N`, rounded exactly in integer arithmetic; the
    /// constant value rounds the Double product `fraction·T`. The result is clamped to
    /// `0 ... T`. The sampler skips a step whose count is 0: it neither calls the model nor
    /// draws random numbers there.
    public static func acceptanceCount(step: Int, steps: Int, finalDwellSteps: Int,
                                       schedule: AcceptanceSchedule, timeSteps: Int) -> Int {
        precondition(steps >= 1 && step >= 0 && step < steps + finalDwellSteps,
                     "acceptanceCount: step \(step) is outside 0..<\(steps + finalDwellSteps)")
        if step >= steps {
            return timeSteps
        }
        switch schedule {
        case .triangular:
            // 2T·m/N rounded half up is floor((4T·m + N) / 2N).
            let m = min(step + 1, steps - step - 1)
            let count = (4 * timeSteps * m + steps) / (2 * steps)
            return min(max(count, 0), timeSteps)
        case let .constant(fraction):
            let count = Int((fraction * Double(timeSteps)).rounded(.toNearestOrAwayFromZero))
            return min(max(count, 0), timeSteps)
        }
    }

    /// a_n for the settings' schedule.
    public static func acceptanceCount(step: Int, settings: SamplerSettings, timeSteps: Int) -> Int {
        acceptanceCount(step: step, steps: settings.steps, finalDwellSteps: settings.finalDwellSteps,
                        schedule: settings.acceptance, timeSteps: timeSteps)
    }

    /// α_n, the probability that the model mask hides a cell (sets keep = 0) at step `step`:
    /// `max(α_min, α_max − n(α_max − α_min)/(η N))` (Coconet's annealing, Huang et al.,
    /// "Counterpoint by Convolution", 2017). Dwell steps continue the same formula.
    public static func maskRate(step: Int, steps: Int, annealingFraction: Double,
                                minimumMaskRate: Double, maximumMaskRate: Double) -> Double {
        let decline = Double(step) * (maximumMaskRate - minimumMaskRate) / (annealingFraction * Double(steps))
        return max(minimumMaskRate, maximumMaskRate - decline)
    }

    /// α_n for the settings' schedule.
    public static func maskRate(step: Int, settings: SamplerSettings) -> Double {
        maskRate(step: step, steps: settings.steps, annealingFraction: settings.annealingFraction,
                 minimumMaskRate: settings.minimumMaskRate, maximumMaskRate: settings.maximumMaskRate)
    }
}
