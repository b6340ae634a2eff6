// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// A model that predicts one categorical distribution per cell of a V × T grid, given the
/// grid's tokens and a keep mask: the `f(x, m)` of SUNMASK.
///
/// Cells are predicted independently given the input, so the sampler may draw every cell from
/// its own distribution. Grid `b`'s logits must depend only on grid `b`'s tokens and mask: the
/// sampler's batch independence (a candidate's result does not depend on its batch) rests on it.
public protocol CellModel {
    /// V, the number of voices (rows) in a grid.
    var voices: Int { get }
    /// K, the number of tokens a cell can take.
    var vocabulary: Int { get }

    /// Computes the logits of every cell.
    ///
    /// - Parameters:
    ///   - tokens: [B, V, T] row-major, each in `0 ..< K`. At regenerated cells these are the
    ///     current (corrupted or sampled) tokens.
    ///   - keep: [B, V, T] row-major, 1 = keep (given), 0 = regenerate.
    ///   - batch: B.
    ///   - steps: T, the number of time steps.
    /// - Returns: logits [V·K, B, T], channel-major: the logit of token `k` at voice `v`,
    ///   grid `b`, time `t` is at `((v·K + k)·B + b)·T + t`. Logits may be any finite values,
    ///   they are normalized by a softmax over `k`.
    /// - Throws: an error naming the value when the model cannot run on this input, such as a
    ///   `T` its architecture does not support.
    func logits(tokens: UnsafeBufferPointer<Int32>, keep: UnsafeBufferPointer<UInt8>,
                batch: Int, steps: Int) throws -> Tensor
}
