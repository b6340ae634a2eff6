// Shape legend: C channels, B batch, T time steps, G groups (each of C/G channels).
//
// Group normalization (Wu and He, "Group Normalization", 2018) over channel-major [C, B, T]
// activations. For each example b and group g the statistics run over the group's C/G channels
// and all T time steps, N = (C/G)·T values:
//   mean = Σ x / N,   var = Σ (x − mean)² / N   (biased, as in the paper)
//   x̂ = (x − mean) / √(var + ε),   y[c] = x̂ · weight[c] + bias[c]
// Inside one example, channel c's T steps start at (c·B + b)·T, so a group is C/G separate
// contiguous rows of T values.

import Foundation

/// Group normalization with a learned per-channel scale and shift.
///
/// - C: channels, divisible by the number of groups.
/// - B: batch.
/// - T: time steps.
public final class GroupNorm {
    /// Added to the variance before the square root; keeps constant groups finite.
    public static let epsilon: Float = 1e-5

    public let channels: Int
    public let groups: Int
    /// [C] scale, starts at 1.
    public let weight: Parameter
    /// [C] shift, starts at 0.
    public let bias: Parameter

    /// The statistics forward keeps for backward. The normalized activations x̂ are not stored,
    /// because backward recomputes them from the input and these statistics.
    public struct Cache {
        /// [B, G] mean of each (example, group).
        public let mean: Tensor
        /// [B, G] 1 / √(var + ε) of each (example, group).
        public let reciprocalStandardDeviation: Tensor

        /// Creates zeroed statistics for a batch of `batch` examples, for forward to fill.
        public init(batch: Int, groups: Int) {
            mean = Tensor(shape: [batch, groups])
            reciprocalStandardDeviation = Tensor(shape: [batch, groups])
        }
    }

    /// Creates the layer with weight 1 and bias 0, named `name.weight` and `name.bias`.
    public init(name: String, channels: Int, groups: Int) {
        precondition(groups > 0 && channels > 0 && channels % groups == 0,
                     "GroupNorm \(name): \(channels) channels do not split into \(groups) groups")
        self.channels = channels
        self.groups = groups
        weight = Parameter(name: name + ".weight", value: Tensor(shape: [channels], repeating: 1))
        bias = Parameter(name: name + ".bias", value: Tensor(shape: [channels]))
    }

    /// The trainable parameters, weight then bias.
    public var parameters: [Parameter] { [weight, bias] }

    // MARK: - Forward

    /// Normalizes `input` per (example, group), then scales and shifts each channel.
    ///
    /// - Parameters:
    ///   - output: [C, B, T]; overwritten. Must not be `input`, which backward needs.
    ///   - input: [C, B, T].
    /// - Returns: the statistics backward needs.
    @discardableResult
    public func forward(output: Tensor, input: Tensor) -> Cache {
        precondition(input.shape.count == 3 && input.shape[0] == channels,
                     "GroupNorm.forward: expected input [\(channels), B, T], got \(input.shape)")
        let cache = Cache(batch: input.shape[1], groups: groups)
        forward(output: output, input: input, cache: cache, groupRange: 0..<groups)
        return cache
    }

    /// Runs forward for the groups in `groupRange` only, writing their channels of `output` and
    /// their entries of `cache`.
    ///
    /// Groups are independent in forward and backward, because each owns its channels and their
    /// weight and bias gradients, so threads can each take a disjoint range of groups.
    /// - Parameter cache: `Cache(batch: B, groups: G)`, shared by all ranges of one call.
    public func forward(output: Tensor, input: Tensor, cache: Cache, groupRange: Range<Int>) {
        precondition(input.shape.count == 3 && input.shape[0] == channels,
                     "GroupNorm.forward: expected input [\(channels), B, T], got \(input.shape)")
        let (b, t) = (input.shape[1], input.shape[2])
        output.expectShape(input.shape, "GroupNorm.forward output")
        cache.mean.expectShape([b, groups], "GroupNorm.forward cache mean")
        cache.reciprocalStandardDeviation.expectShape([b, groups], "GroupNorm.forward cache rstd")
        precondition(groupRange.lowerBound >= 0 && groupRange.upperBound <= groups,
                     "GroupNorm.forward: group range \(groupRange) outside 0..<\(groups)")
        forwardKernel(output: output, input: input, cache: cache, groupRange: groupRange, batch: b, steps: t)
    }

    private func forwardKernel(output: Tensor, input: Tensor, cache: Cache,
                               groupRange: Range<Int>, batch: Int, steps: Int) {
        let channelsPerGroup = channels / groups
        let count = Double(channelsPerGroup * steps)
        let rowStride = batch * steps  // from channel c to c + 1 at the same example
        let w = weight.value.pointer   // [C]
        let biasValues = bias.value.pointer  // [C]

        for g in groupRange {
            for example in 0..<batch {
                // The first row of the group for this example: [C/G rows of T], stride B·T.
                let x = input.pointer + (g * channelsPerGroup * batch + example) * steps
                let y = output.pointer + (g * channelsPerGroup * batch + example) * steps

                // 1. mean
                var sum = 0.0
                for row in 0..<channelsPerGroup {
                    sum += Double(rowSum(x + row * rowStride, count: steps))
                }
                let mean = Float(sum / count)

                // 2. variance, from the centred values (two passes avoid cancellation)
                var squares = 0.0
                for row in 0..<channelsPerGroup {
                    squares += Double(rowCentredSquares(x + row * rowStride, count: steps, mean: mean))
                }
                let variance = Float(squares / count)

                // 3. reciprocal standard deviation
                let rstd = 1 / (variance + Self.epsilon).squareRoot()
                cache.mean.pointer[example * groups + g] = mean
                cache.reciprocalStandardDeviation.pointer[example * groups + g] = rstd

                // 4. normalize, scale and shift: y = (x − mean)·rstd·w + bias = x·scale + shift
                for row in 0..<channelsPerGroup {
                    let c = g * channelsPerGroup + row
                    let scale = rstd * w[c]
                    let shift = biasValues[c] - mean * scale
                    scaleAndShift(y + row * rowStride, x + row * rowStride, count: steps,
                                  scale: scale, shift: shift)
                }
            }
        }
    }

    // MARK: - Backward

    /// Adds the gradients with respect to the input, weight and bias.
    ///
    /// - Parameters:
    ///   - dInput: [C, B, T]; added into.
    ///   - dOutput: [C, B, T], the gradient with respect to the forward output.
    ///   - input: [C, B, T], the input forward received.
    ///   - cache: what that forward call returned.
    /// The weight and bias gradients are added into `weight.grad` and `bias.grad`.
    public func backward(dInput: Tensor, dOutput: Tensor, input: Tensor, cache: Cache) {
        backward(dInput: dInput, dOutput: dOutput, input: input, cache: cache, groupRange: 0..<groups)
    }

    /// Runs backward for the groups in `groupRange` only: their channels of `dInput`, `weight.grad`
    /// and `bias.grad`. Disjoint ranges never write the same memory.
    public func backward(dInput: Tensor, dOutput: Tensor, input: Tensor, cache: Cache,
                         groupRange: Range<Int>) {
        precondition(input.shape.count == 3 && input.shape[0] == channels,
                     "GroupNorm.backward: expected input [\(channels), B, T], got \(input.shape)")
        let (b, t) = (input.shape[1], input.shape[2])
        dInput.expectShape(input.shape, "GroupNorm.backward dInput")
        dOutput.expectShape(input.shape, "GroupNorm.backward dOutput")
        cache.mean.expectShape([b, groups], "GroupNorm.backward cache mean")
        cache.reciprocalStandardDeviation.expectShape([b, groups], "GroupNorm.backward cache rstd")
        precondition(groupRange.lowerBound >= 0 && groupRange.upperBound <= groups,
                     "GroupNorm.backward: group range \(groupRange) outside 0..<\(groups)")
        backwardKernel(dInput: dInput, dOutput: dOutput, input: input, cache: cache,
                       groupRange: groupRange, batch: b, steps: t)
    }

    private func backwardKernel(dInput: Tensor, dOutput: Tensor, input: Tensor, cache: Cache,
                                groupRange: Range<Int>, batch: Int, steps: Int) {
        let channelsPerGroup = channels / groups
        let count = Float(channelsPerGroup * steps)
        let rowStride = batch * steps
        let w = weight.value.pointer      // [C]
        let dWeight = weight.grad.pointer // [C]
        let dBias = bias.grad.pointer     // [C]

        for g in groupRange {
            for example in 0..<batch {
                let offset = (g * channelsPerGroup * batch + example) * steps
                let x = input.pointer + offset
                let dy = dOutput.pointer + offset
                let dx = dInput.pointer + offset
                let mean = cache.mean.pointer[example * groups + g]
                let rstd = cache.reciprocalStandardDeviation.pointer[example * groups + g]

                // 4. y = x̂·w + bias, so dBias += Σ dy, dWeight += Σ dy·x̂, dx̂ = dy·w.
                //    Also sum dx̂ and dx̂·x̂ over the group for the steps below.
                var sumDxHat = 0.0, sumDxHatXHat = 0.0
                for row in 0..<channelsPerGroup {
                    let c = g * channelsPerGroup + row
                    let (rowDy, rowDyCentred) = rowGradientSums(dy + row * rowStride, x + row * rowStride,
                                                                count: steps, mean: mean)
                    let rowDyXHat = rowDyCentred * rstd
                    dBias[c] += rowDy
                    dWeight[c] += rowDyXHat
                    sumDxHat += Double(w[c] * rowDy)
                    sumDxHatXHat += Double(w[c] * rowDyXHat)
                }

                // 1–3. x̂ = (x − mean)·rstd with mean and rstd functions of every x in the group:
                //      dx = rstd · (dx̂ − mean(dx̂) − x̂ · mean(dx̂ · x̂))
                let meanDxHat = Float(sumDxHat) / count
                let meanDxHatXHat = Float(sumDxHatXHat) / count
                for row in 0..<channelsPerGroup {
                    let c = g * channelsPerGroup + row
                    addInputGradient(dx + row * rowStride, dy + row * rowStride, x + row * rowStride,
                                     count: steps, mean: mean, rstd: rstd, weight: w[c],
                                     meanDxHat: meanDxHat, meanDxHatXHat: meanDxHatXHat)
                }
            }
        }
    }

    // MARK: - Row kernels, 8 lanes at a time

    /// Returns Σ x[i] over one row.
    private func rowSum(_ x: UnsafePointer<Float>, count: Int) -> Float {
        let vectorEnd = count - count % 8
        var lanes = SIMD8<Float>()
        var i = 0
        while i < vectorEnd {
            lanes += loadVector(x + i)
            i += 8
        }
        var sum = lanes.sum()
        while i < count {
            sum += x[i]
            i += 1
        }
        return sum
    }

    /// Returns Σ (x[i] − mean)² over one row.
    private func rowCentredSquares(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
        let vectorEnd = count - count % 8
        var lanes = SIMD8<Float>()
        var i = 0
        while i < vectorEnd {
            let centred = loadVector(x + i) - mean
            lanes += centred * centred
            i += 8
        }
        var sum = lanes.sum()
        while i < count {
            let centred = x[i] - mean
            sum += centred * centred
            i += 1
        }
        return sum
    }

    /// Sets y[i] = x[i] · scale + shift over one row.
    private func scaleAndShift(_ y: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>, count: Int,
                               scale: Float, shift: Float) {
        let vectorEnd = count - count % 8
        var i = 0
        while i < vectorEnd {
            storeVector(loadVector(x + i) * scale + shift, y + i)
            i += 8
        }
        while i < count {
            y[i] = x[i] * scale + shift
            i += 1
        }
    }

    /// Returns (Σ dy[i], Σ dy[i] · (x[i] − mean)) over one row.
    private func rowGradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int,
                                 mean: Float) -> (Float, Float) {
        let vectorEnd = count - count % 8
        var dyLanes = SIMD8<Float>(), productLanes = SIMD8<Float>()
        var i = 0
        while i < vectorEnd {
            let d = loadVector(dy + i)
            dyLanes += d
            productLanes += d * (loadVector(x + i) - mean)
            i += 8
        }
        var dySum = dyLanes.sum(), productSum = productLanes.sum()
        while i < count {
            dySum += dy[i]
            productSum += dy[i] * (x[i] - mean)
            i += 1
        }
        return (dySum, productSum)
    }

    /// Adds dx[i] += rstd · (dy[i] · weight − meanDxHat − x̂[i] · meanDxHatXHat) over one row,
    /// with x̂[i] = (x[i] − mean) · rstd.
    private func addInputGradient(_ dx: UnsafeMutablePointer<Float>, _ dy: UnsafePointer<Float>,
                                  _ x: UnsafePointer<Float>, count: Int, mean: Float, rstd: Float,
                                  weight: Float, meanDxHat: Float, meanDxHatXHat: Float) {
        let vectorEnd = count - count % 8
        var i = 0
        while i < vectorEnd {
            let xHat = (loadVector(x + i) - mean) * rstd
            let gradient = rstd * (loadVector(dy + i) * weight - meanDxHat - xHat * meanDxHatXHat)
            storeVector(loadVector(dx + i) + gradient, dx + i)
            i += 8
        }
        while i < count {
            let xHat = (x[i] - mean) * rstd
            dx[i] += rstd * (dy[i] * weight - meanDxHat - xHat * meanDxHatXHat)
            i += 1
        }
    }
}
