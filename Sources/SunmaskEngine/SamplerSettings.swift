/// How many time positions per voice a sampling step accepts (the acceptance schedule).
public enum AcceptanceSchedule: Equatable, Sendable {
    /// `a_n = 2·T·min((n+1)/N, 1 − (n+1)/N)`: few positions at the start and end, all T
    /// positions at the middle step.
    case triangular
    /// `a_n = fraction·T` at every step, with `fraction` in (0, 1].
    case constant(fraction: Double)
}

/// Every parameter of the SUNMASK sampler.
///
/// The masking-rate annealing is Coconet's (Huang et al., "Counterpoint by Convolution", 2017):
/// `α_n = max(α_min, α_max − n(α_max − α_min)/(η N))`. Typical filtering is from Meister et al.,
/// "Locally Typical Sampling", 2022. `validate()` checks every range.
public struct SamplerSettings: Equatable, Sendable {
    /// N, the number of annealed sampling steps, at least 1.
    public var steps: Int
    /// τ, the divisor of the logits before filtering, finite and > 0. Below 1 sharpens.
    public var temperature: Float
    /// τ_final, the temperature of the steps after the annealing (from step ⌈η·N⌉ on, dwell
    /// steps included), finite and > 0; nil keeps τ for every step.
    public var finalTemperature: Float?
    /// With typical filtering, the maximum number of tokens kept; without it, the number of most
    /// probable tokens kept. `nil` disables top-k.
    public var topK: Int?
    /// Whether typical filtering is on.
    public var typicalSampling: Bool
    /// p, the probability mass typical filtering keeps, in (0, 1].
    public var typicalMass: Float
    /// The number of time positions accepted per voice and step.
    public var acceptance: AcceptanceSchedule
    /// η, the fraction of the N steps over which the masking rate anneals from α_max to α_min,
    /// > 0. The rate then stays at α_min.
    public var annealingFraction: Double
    /// α_min, the final masking rate, in [0, 1] and at most α_max.
    public var minimumMaskRate: Double
    /// α_max, the masking rate of step 0, in [0, 1].
    public var maximumMaskRate: Double
    /// R, the number of steps one model mask is reused for, at least 1.
    public var stepsPerMask: Int
    /// D, the steps after the N annealed steps that accept all T positions, at least 0.
    public var finalDwellSteps: Int
    /// Whether each step prefers the positions accepted least often so far.
    public var activeBalance: Bool
    /// Whether an accepted position takes a new token only where the model mask dropped the cell.
    /// Off (the reference rule), a position the model saw as kept also takes the token drawn
    /// there. On, every new token is predicted from the cells around it without the cell's own
    /// value, as in Coconet's Gibbs steps.
    public var acceptsMaskedCellsOnly: Bool
    /// The seed of every random draw. Candidate `i` uses the stream `(seed, i)`.
    public var seed: UInt64
    /// How a token is drawn from a cell's distribution.
    public var drawing: TokenDrawing

    // NOTE: typicalMass 0.95 is a chosen default, not tuned on a trained model; with top-k 3
    // (the reference setting) the top-k limit usually binds first.
    public init(steps: Int = 64, temperature: Float = 1, topK: Int? = nil,
                typicalSampling: Bool = false, typicalMass: Float = 0.95,
                acceptance: AcceptanceSchedule = .triangular, annealingFraction: Double = 0.75,
                minimumMaskRate: Double = 0.001, maximumMaskRate: Double = 0.999,
                stepsPerMask: Int = 1, finalDwellSteps: Int = 0, activeBalance: Bool = false,
                acceptsMaskedCellsOnly: Bool = false, finalTemperature: Float? = nil, seed: UInt64 = 0,
                drawing: TokenDrawing = .gumbelMax) {
        self.steps = steps
        self.temperature = temperature
        self.finalTemperature = finalTemperature
        self.topK = topK
        self.typicalSampling = typicalSampling
        self.typicalMass = typicalMass
        self.acceptance = acceptance
        self.annealingFraction = annealingFraction
        self.minimumMaskRate = minimumMaskRate
        self.maximumMaskRate = maximumMaskRate
        self.stepsPerMask = stepsPerMask
        self.finalDwellSteps = finalDwellSteps
        self.activeBalance = activeBalance
        self.acceptsMaskedCellsOnly = acceptsMaskedCellsOnly
        self.seed = seed
        self.drawing = drawing
    }

    /// N + D, the number of step indices the sampler goes through.
    public var totalSteps: Int { steps + finalDwellSteps }

    /// Returns the temperature of step `step`: τ during the annealing, τ_final (when set) from
    /// step ⌈η·N⌉ on.
    public func temperature(atStep step: Int) -> Float {
        guard let finalTemperature else { return temperature }
        let annealingSteps = (annealingFraction * Double(steps)).rounded(.up)
        return Double(step) >= annealingSteps ? finalTemperature : temperature
    }

    /// Throws `SamplerError.invalidSetting` naming the first setting outside its range.
    public func validate() throws {
        func reject(_ name: String, _ value: Any, _ expected: String) -> SamplerError {
            .invalidSetting(name: name, value: "\(value)", expected: expected)
        }
        guard steps >= 1 else { throw reject("steps", steps, "an integer ≥ 1") }
        guard temperature.isFinite && temperature > 0 else {
            throw reject("temperature", temperature, "a finite value > 0")
        }
        if let finalTemperature, !(finalTemperature.isFinite && finalTemperature > 0) {
            throw reject("finalTemperature", finalTemperature, "a finite value > 0, or none")
        }
        if let topK, topK < 1 { throw reject("topK", topK, "an integer ≥ 1, or no top-k") }
        guard typicalMass > 0 && typicalMass <= 1 else {
            throw reject("typicalMass", typicalMass, "a value in (0, 1]")
        }
        if case let .constant(fraction) = acceptance, !(fraction > 0 && fraction <= 1) {
            throw reject("acceptance fraction", fraction, "a value in (0, 1]")
        }
        guard annealingFraction.isFinite && annealingFraction > 0 else {
            throw reject("annealingFraction", annealingFraction, "a finite value > 0")
        }
        guard maximumMaskRate >= 0 && maximumMaskRate <= 1 else {
            throw reject("maximumMaskRate", maximumMaskRate, "a value in [0, 1]")
        }
        guard minimumMaskRate >= 0 && minimumMaskRate <= maximumMaskRate else {
            throw reject("minimumMaskRate", minimumMaskRate, "a value in [0, maximumMaskRate = \(maximumMaskRate)]")
        }
        guard stepsPerMask >= 1 else { throw reject("stepsPerMask", stepsPerMask, "an integer ≥ 1") }
        guard finalDwellSteps >= 0 else { throw reject("finalDwellSteps", finalDwellSteps, "an integer ≥ 0") }
    }
}
