import XCTest
import SunmaskEngine

/// The result of comparing an analytic gradient with central finite differences.
struct GradientComparison {
    /// ‖analytic − numeric‖₂ / max(‖analytic‖₂, ‖numeric‖₂, 1e-6).
    var relativeError: Double
    /// The largest elementwise difference and the flat index where it occurs.
    var maxDifference: Double
    var maxDifferenceIndex: Int
}

/// Compares the gradient a backward pass adds into `gradient` with central finite differences.
///
/// The scalar being differentiated is `L = Σ output · upstream`, summed in Double, with a fixed
/// random `upstream`. For each checked element of `input`, the element is moved by ±`step` and
/// `L` is evaluated twice, so `dL/dx ≈ (L₊ − L₋) / (2·step)` in Double.
/// - Parameters:
///   - input: the tensor being perturbed in place (restored after each probe).
///   - gradient: where `backward` adds the analytic gradient of `input`; zeroed first.
///   - forward: runs the op and returns its output.
///   - backward: receives the upstream gradient (shape of the output) and adds into `gradient`.
///   - maxProbes: how many elements to probe, chosen evenly when `input` is larger.
func compareGradient(
    input: Tensor, gradient: Tensor,
    forward: () -> Tensor, backward: (Tensor) -> Void,
    step: Float = 1e-2, maxProbes: Int = 200, seed: UInt64 = 7
) -> GradientComparison {
    // A fixed upstream gradient makes the scalar depend on every output element.
    let output = forward()
    var generator = SplitMix(seed: seed)
    let upstream = Tensor(shape: output.shape)
    for i in 0..<upstream.count { upstream[flat: i] = Float(generator.nextUnit() * 2 - 1) }

    func scalar() -> Double {
        let out = forward()
        var sum = 0.0
        for i in 0..<out.count { sum += Double(out[flat: i]) * Double(upstream[flat: i]) }
        return sum
    }

    gradient.zero()
    backward(upstream)

    let stride = max(1, input.count / maxProbes)
    var squaredDifference = 0.0, squaredAnalytic = 0.0, squaredNumeric = 0.0
    var maxDifference = 0.0, maxIndex = 0
    var index = 0
    while index < input.count {
        let saved = input[flat: index]
        input[flat: index] = saved + step
        let plus = scalar()
        input[flat: index] = saved - step
        let minus = scalar()
        input[flat: index] = saved
        let numeric = (plus - minus) / (2 * Double(step))
        let analytic = Double(gradient[flat: index])
        let difference = abs(analytic - numeric)
        squaredDifference += difference * difference
        squaredAnalytic += analytic * analytic
        squaredNumeric += numeric * numeric
        if difference > maxDifference { maxDifference = difference; maxIndex = index }
        index += stride
    }
    let scale = max(squaredAnalytic.squareRoot(), squaredNumeric.squareRoot(), 1e-6)
    return GradientComparison(relativeError: squaredDifference.squareRoot() / scale,
                              maxDifference: maxDifference, maxDifferenceIndex: maxIndex)
}

/// Fails the test when the analytic gradient of `input` differs from finite differences by
/// more than `tolerance` in relative L2 error (see `compareGradient`).
func assertGradientMatches(
    _ name: String, input: Tensor, gradient: Tensor,
    forward: () -> Tensor, backward: (Tensor) -> Void,
    step: Float = 1e-2, tolerance: Double = 1e-2, maxProbes: Int = 200,
    file: StaticString = #filePath, line: UInt = #line
) {
    let result = compareGradient(input: input, gradient: gradient,
                                 forward: forward, backward: backward, step: step,
                                 maxProbes: maxProbes)
    XCTAssertLessThanOrEqual(
        result.relativeError, tolerance,
        "\(name): relative error \(result.relativeError) > \(tolerance); "
            + "max difference \(result.maxDifference) at flat index \(result.maxDifferenceIndex)",
        file: file, line: line)
}

/// A tiny deterministic generator for test data, independent of the engine's own generator.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// A uniform value in [0, 1).
    mutating func nextUnit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    /// A tensor of the given shape with values uniform in [-scale, scale).
    mutating func tensor(_ shape: [Int], scale: Float = 1) -> Tensor {
        let t = Tensor(shape: shape)
        for i in 0..<t.count { t[flat: i] = Float(nextUnit() * 2 - 1) * scale }
        return t
    }
}
