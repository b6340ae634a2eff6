// Elementwise math on 16-float vectors, for loops that the compiler cannot vectorize through a
// call to the C library's expf.

/// Returns e^x with a relative error below 4e-7 on [−87, 88], in straight-line code that the
/// compiler vectorizes inside a loop (a call to the C library's expf blocks that).
///
/// x = n·ln 2 + r with n = round(x / ln 2) and |r| ≤ ln 2 / 2, then e^x = 2^n · e^r, where e^r is
/// a degree-7 Taylor polynomial and 2^n is built in the float's exponent bits. Adding 1.5·2²³
/// rounds x / ln 2 to an integer and leaves n in the low mantissa bits. Inputs are clamped to
/// [−87, 88] first, so the result is finite and positive, saturating near 1.6e38 and 1.6e−38.
/// NOTE: the clamp turns a NaN input into a finite value, so NaN does not propagate.
@inline(__always)
func exponential(_ x: Float) -> Float {
    let low: Float = -87, high: Float = 88
    let clamped = x < low ? low : (x > high ? high : x)
    let shifted = clamped * 1.442_695_04 + 12_582_912
    let n = shifted - 12_582_912
    // ln 2 split into a high part exact in float and a low correction (Cody–Waite reduction).
    let r = clamped - n * 0.693_145_75 - n * 1.428_606_8e-6
    var p: Float = 1.0 / 5040
    p = p * r + 1.0 / 720
    p = p * r + 1.0 / 120
    p = p * r + 1.0 / 24
    p = p * r + 1.0 / 6
    p = p * r + 0.5
    p = p * r + 1
    p = p * r + 1
    let exponentBits = (shifted.bitPattern &- 0x4B40_0000 &+ 127) &<< 23
    return p * Float(bitPattern: exponentBits)
}

/// Returns σ(x) = 1 / (1 + e^−x).
@inline(__always)
func sigmoid(_ x: Float) -> Float {
    1 / (1 + exponential(-x))
}

/// Returns Σ (x[i] − mean)² over `count` floats, in 16 interleaved partial sums.
@inlinable
func sumOfSquaredDeviations(_ x: UnsafePointer<Float>, count: Int, mean: Float) -> Float {
    var partial = SIMD16<Float>()
    var i = 0
    while i + 16 <= count {
        let centred = UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self) - mean
        partial += centred * centred
        i += 16
    }
    var total = partial.sum()
    while i < count {
        total += (x[i] - mean) * (x[i] - mean)
        i += 1
    }
    return total
}

/// Returns Σ dy[i] and Σ dy[i] · (x[i] − mean) · scale over `count` floats.
@inlinable
func gradientSums(_ dy: UnsafePointer<Float>, _ x: UnsafePointer<Float>, count: Int,
                  mean: Float, scale: Float) -> (dy: Float, dyXHat: Float) {
    var partialDy = SIMD16<Float>(), partialDyXHat = SIMD16<Float>()
    var i = 0
    while i + 16 <= count {
        let g = UnsafeRawPointer(dy + i).loadUnaligned(as: SIMD16<Float>.self)
        let xHat = (UnsafeRawPointer(x + i).loadUnaligned(as: SIMD16<Float>.self) - mean) * scale
        partialDy += g
        partialDyXHat += g * xHat
        i += 16
    }
    var sumDy = partialDy.sum(), sumDyXHat = partialDyXHat.sum()
    while i < count {
        sumDy += dy[i]
        sumDyXHat += dy[i] * (x[i] - mean) * scale
        i += 1
    }
    return (sumDy, sumDyXHat)
}
