// Row-major single-precision matrix products through OpenBLAS, split across threads.
//
// Shape legend: M rows of C, N columns of C, K the shared dimension.
//   C[M, N] = alpha · op(A)[M, K] · op(B)[K, N] + beta · C
// op(A) is A [M, K] (lda ≥ K) or, transposed, A stored as [K, M] (lda ≥ M); likewise for B.

import CBLAS

/// Computes `C = alpha · op(A) · op(B) + beta · C` for row-major matrices with one 1-thread
/// OpenBLAS call per thread, each on its own block of C's rows or columns.
///
/// C is split along its larger dimension into blocks of multiples of 16, so no two threads
/// write the same element. `beta = 0` overwrites C without reading it.
/// - Parameters:
///   - threads: the number of parts, by default `ComputeThreads.count`.
public func matrixMultiply(
    _ c: UnsafeMutablePointer<Float>, ldc: Int,
    _ a: UnsafePointer<Float>, lda: Int, transposeA: Bool,
    _ b: UnsafePointer<Float>, ldb: Int, transposeB: Bool,
    m: Int, n: Int, k: Int, alpha: Float = 1, beta: Float = 0,
    threads: Int = ComputeThreads.count
) {
    _ = ComputeThreads.blasSingleThreaded
    if m == 0 || n == 0 { return }
    let opA = transposeA ? CblasTrans : CblasNoTrans
    let opB = transposeB ? CblasTrans : CblasNoTrans

    // Below about 2 MFLOP a second thread costs more than it saves.
    let parts = 2 * m * n * k < 2_000_000 ? 1 : threads
    if n >= m {
        // Columns j of C come from columns j of op(B).
        parallelRanges(n, granularity: 16, threads: parts) { columns in
            let bOffset = transposeB ? columns.lowerBound * ldb : columns.lowerBound
            cblas_sgemm(CblasRowMajor, opA, opB, Int32(m), Int32(columns.count), Int32(k),
                        alpha, a, Int32(lda), b + bOffset, Int32(ldb),
                        beta, c + columns.lowerBound, Int32(ldc))
        }
    } else {
        // Rows i of C come from rows i of op(A).
        parallelRanges(m, granularity: 16, threads: parts) { rows in
            let aOffset = transposeA ? rows.lowerBound : rows.lowerBound * lda
            cblas_sgemm(CblasRowMajor, opA, opB, Int32(rows.count), Int32(n), Int32(k),
                        alpha, a + aOffset, Int32(lda), b, Int32(ldb),
                        beta, c + rows.lowerBound * ldc, Int32(ldc))
        }
    }
}
