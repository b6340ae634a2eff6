// Shape legend: C channels, B batch, T time steps (queries t, keys s).
//
// The core of single-head self-attention over time (Vaswani et al., "Attention Is All You
// Need", 2017), without the projections: the layer around it applies GroupNorm, a 1×1 conv to
// q, k and v, this core, an output 1×1 conv and a residual add. For each example b:
//   S[t, s] = Σ_c q[c, b, t] · k[c, b, s] / √C      scores, [T, T]
//   P[t, s] = softmax over s of S[t, s]              attention weights, [T, T]
//   out[c, b, t] = Σ_s P[t, s] · v[c, b, s]
// In the channel-major [C, B, T] layout, example b of a tensor is a C × T matrix starting at
// b·T with row stride B·T, so every product above is one sgemm with leading dimension B·T.

import CBLAS
import Foundation

/// The softmax-weighted sum over time steps of single-head self-attention, and its gradients.
///
/// - C: channels of q, k and v (the head size); scores are scaled by 1/√C.
/// - B: batch; examples never attend to each other.
/// - T: time steps; every step attends to every step (no causal mask).
public enum Attention {
    /// The attention weights forward keeps for backward. The scores are not kept, because
    /// backward needs only P.
    public struct Cache {
        /// [B, T, T] softmax weights P[b, t, s]; each row over s sums to 1.
        public let probabilities: Tensor

        /// Creates zeroed weights for `batch` examples of `steps` time steps, for forward to fill.
        public init(batch: Int, steps: Int) {
            probabilities = Tensor(shape: [batch, steps, steps])
        }
    }

    /// Computes out[c, b, t] = Σ_s softmax_s(q[:, b, t] · k[:, b, s] / √C) · v[c, b, s].
    ///
    /// - Parameters:
    ///   - output: [C, B, T]; overwritten.
    ///   - query: [C, B, T].
    ///   - key: [C, B, T].
    ///   - value: [C, B, T].
    /// - Returns: the attention weights backward needs.
    /// Each softmax row subtracts its maximum first, so large scores do not overflow; a NaN in
    /// the inputs gives NaN in the output.
    @discardableResult
    public static func forward(output: Tensor, query: Tensor, key: Tensor, value: Tensor) -> Cache {
        precondition(query.shape.count == 3, "Attention.forward: expected query [C, B, T], got \(query.shape)")
        let cache = Cache(batch: query.shape[1], steps: query.shape[2])
        forward(output: output, query: query, key: key, value: value, cache: cache,
                exampleRange: 0..<query.shape[1])
        return cache
    }

    /// Runs forward for the examples in `exampleRange` only, writing their part of `output` and
    /// of `cache`. Examples are independent, so threads can each take a disjoint range.
    /// - Parameter cache: `Cache(batch: B, steps: T)`, shared by all ranges of one call.
    public static func forward(output: Tensor, query: Tensor, key: Tensor, value: Tensor,
                               cache: Cache, exampleRange: Range<Int>) {
        precondition(query.shape.count == 3, "Attention.forward: expected query [C, B, T], got \(query.shape)")
        let (c, b, t) = (query.shape[0], query.shape[1], query.shape[2])
        key.expectShape(query.shape, "Attention.forward key")
        value.expectShape(query.shape, "Attention.forward value")
        output.expectShape(query.shape, "Attention.forward output")
        cache.probabilities.expectShape([b, t, t], "Attention.forward cache probabilities")
        precondition(exampleRange.lowerBound >= 0 && exampleRange.upperBound <= b,
                     "Attention.forward: example range \(exampleRange) outside 0..<\(b)")
        let probabilities = cache.probabilities
        let scale = 1 / Float(c).squareRoot()
        let rowStride = b * t  // leading dimension of one example's C × T matrix

        for example in exampleRange {
            let q = query.pointer + example * t        // C × T, stride B·T
            let k = key.pointer + example * t          // C × T, stride B·T
            let v = value.pointer + example * t        // C × T, stride B·T
            let out = output.pointer + example * t     // C × T, stride B·T
            let p = probabilities.pointer + example * t * t  // T × T, stride T

            // 1. scores: S = Qᵀ K / √C, [T, T], written into P's storage
            gemm(transposeA: true, transposeB: false, m: t, n: t, k: c,
                 alpha: scale, a: q, lda: rowStride, b: k, ldb: rowStride,
                 beta: 0, c: p, ldc: t)

            // 2. softmax over each row s
            for row in 0..<t {
                softmaxInPlace(p + row * t, count: t)
            }

            // 3. weighted sum: out = V Pᵀ, [C, T]
            gemm(transposeA: false, transposeB: true, m: c, n: t, k: t,
                 alpha: 1, a: v, lda: rowStride, b: p, ldb: t,
                 beta: 0, c: out, ldc: rowStride)
        }
    }

    /// Adds the gradients with respect to query, key and value.
    ///
    /// - Parameters:
    ///   - dQuery: [C, B, T]; added into.
    ///   - dKey: [C, B, T]; added into.
    ///   - dValue: [C, B, T]; added into.
    ///   - dOutput: [C, B, T], the gradient with respect to the forward output.
    ///   - query: [C, B, T], as given to forward.
    ///   - key: [C, B, T], as given to forward.
    ///   - value: [C, B, T], as given to forward.
    ///   - cache: what that forward call returned.
    public static func backward(dQuery: Tensor, dKey: Tensor, dValue: Tensor, dOutput: Tensor,
                                query: Tensor, key: Tensor, value: Tensor, cache: Cache) {
        precondition(query.shape.count == 3, "Attention.backward: expected query [C, B, T], got \(query.shape)")
        backward(dQuery: dQuery, dKey: dKey, dValue: dValue, dOutput: dOutput,
                 query: query, key: key, value: value, cache: cache, exampleRange: 0..<query.shape[1])
    }

    /// Runs backward for the examples in `exampleRange` only. Disjoint ranges never write the
    /// same memory, so threads can each take one.
    public static func backward(dQuery: Tensor, dKey: Tensor, dValue: Tensor, dOutput: Tensor,
                                query: Tensor, key: Tensor, value: Tensor, cache: Cache,
                                exampleRange: Range<Int>) {
        precondition(query.shape.count == 3, "Attention.backward: expected query [C, B, T], got \(query.shape)")
        let (c, b, t) = (query.shape[0], query.shape[1], query.shape[2])
        for (tensor, name) in [(key, "key"), (value, "value"), (dQuery, "dQuery"), (dKey, "dKey"),
                               (dValue, "dValue"), (dOutput, "dOutput")] {
            tensor.expectShape(query.shape, "Attention.backward \(name)")
        }
        cache.probabilities.expectShape([b, t, t], "Attention.backward cache probabilities")
        precondition(exampleRange.lowerBound >= 0 && exampleRange.upperBound <= b,
                     "Attention.backward: example range \(exampleRange) outside 0..<\(b)")
        let scale = 1 / Float(c).squareRoot()
        let rowStride = b * t
        let dScores = Tensor(shape: [t, t])  // dP, then dS, for one example at a time
        let ds = dScores.pointer

        for example in exampleRange {
            let q = query.pointer + example * t
            let k = key.pointer + example * t
            let v = value.pointer + example * t
            let dq = dQuery.pointer + example * t
            let dk = dKey.pointer + example * t
            let dv = dValue.pointer + example * t
            let dOut = dOutput.pointer + example * t
            let p = cache.probabilities.pointer + example * t * t

            // 3. out = V Pᵀ, so dV += dOut · P, [C, T], and dP = dOutᵀ · V, [T, T].
            gemm(transposeA: false, transposeB: false, m: c, n: t, k: t,
                 alpha: 1, a: dOut, lda: rowStride, b: p, ldb: t,
                 beta: 1, c: dv, ldc: rowStride)
            gemm(transposeA: true, transposeB: false, m: t, n: t, k: c,
                 alpha: 1, a: dOut, lda: rowStride, b: v, ldb: rowStride,
                 beta: 0, c: ds, ldc: t)

            // 2. P = softmax(S) per row, so dS[t, s] = P[t, s] · (dP[t, s] − Σ_s' P[t, s'] · dP[t, s']).
            for row in 0..<t {
                let pr = p + row * t
                let dr = ds + row * t
                var dot: Float = 0
                for s in 0..<t { dot += pr[s] * dr[s] }
                for s in 0..<t { dr[s] = pr[s] * (dr[s] - dot) }
            }

            // 1. S = Qᵀ K / √C, so dQ += K · dSᵀ / √C and dK += Q · dS / √C, both [C, T].
            gemm(transposeA: false, transposeB: true, m: c, n: t, k: t,
                 alpha: scale, a: k, lda: rowStride, b: ds, ldb: t,
                 beta: 1, c: dq, ldc: rowStride)
            gemm(transposeA: false, transposeB: false, m: c, n: t, k: t,
                 alpha: scale, a: q, lda: rowStride, b: ds, ldb: t,
                 beta: 1, c: dk, ldc: rowStride)
        }
    }

    /// Computes the same output as `forward` with plain loops in Double, as a reference for tests.
    public static func forwardNaive(output: Tensor, query: Tensor, key: Tensor, value: Tensor) {
        precondition(query.shape.count == 3, "Attention.forwardNaive: expected query [C, B, T], got \(query.shape)")
        let (c, b, t) = (query.shape[0], query.shape[1], query.shape[2])
        key.expectShape(query.shape, "Attention.forwardNaive key")
        value.expectShape(query.shape, "Attention.forwardNaive value")
        output.expectShape(query.shape, "Attention.forwardNaive output")
        let scale = 1 / Double(c).squareRoot()
        func index(_ channel: Int, _ example: Int, _ step: Int) -> Int { (channel * b + example) * t + step }
        var weights = [Double](repeating: 0, count: t)

        for example in 0..<b {
            for queryStep in 0..<t {
                // 1. scores
                var maximum = -Double.infinity
                for keyStep in 0..<t {
                    var score = 0.0
                    for channel in 0..<c {
                        score += Double(query[flat: index(channel, example, queryStep)])
                            * Double(key[flat: index(channel, example, keyStep)])
                    }
                    weights[keyStep] = score * scale
                    maximum = max(maximum, weights[keyStep])
                }
                // 2. softmax
                var total = 0.0
                for keyStep in 0..<t {
                    weights[keyStep] = Foundation.exp(weights[keyStep] - maximum)
                    total += weights[keyStep]
                }
                // 3. weighted sum
                for channel in 0..<c {
                    var sum = 0.0
                    for keyStep in 0..<t {
                        sum += weights[keyStep] / total * Double(value[flat: index(channel, example, keyStep)])
                    }
                    output[flat: index(channel, example, queryStep)] = Float(sum)
                }
            }
        }
    }
}

/// Replaces `count` values by their softmax, subtracting the maximum first.
private func softmaxInPlace(_ x: UnsafeMutablePointer<Float>, count: Int) {
    var maximum = -Float.infinity
    for i in 0..<count { maximum = max(maximum, x[i]) }
    var total: Float = 0
    for i in 0..<count {
        let e = approximateExp(x[i] - maximum)
        x[i] = e
        total += e
    }
    let reciprocal = 1 / total
    for i in 0..<count { x[i] *= reciprocal }
}

/// Row-major C = alpha · op(A) · op(B) + beta · C through OpenBLAS, with op(A) m × k and op(B) k × n.
private func gemm(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                  alpha: Float, a: UnsafePointer<Float>, lda: Int,
                  b: UnsafePointer<Float>, ldb: Int,
                  beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
    cblas_sgemm(CblasRowMajor,
                transposeA ? CblasTrans : CblasNoTrans,
                transposeB ? CblasTrans : CblasNoTrans,
                Int32(m), Int32(n), Int32(k),
                alpha, a, Int32(lda), b, Int32(ldb),
                beta, c, Int32(ldc))
}
