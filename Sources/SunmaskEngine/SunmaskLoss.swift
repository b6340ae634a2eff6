// Shape legend: B batch, V voices, T time steps.
//
// The per-cell weights that turn `WeightedCrossEntropy` into the SUNMASK training loss.
// For each example, the cross-entropy is summed over the dropped cells only (keep mask 0) and
// divided by 1 + the number of dropped cells, so examples with large and small masks weigh
// alike. The batch loss is the mean over examples.

/// The choice of cells in the SUNMASK loss and of the scaling of each example's sum.
///
/// The default is the SUNMASK objective, and the two switches give the ablations.
public struct SunmaskLossOptions: Sendable, Equatable {
    /// Whether kept cells (keep mask 1) enter the loss too. Default false: dropped cells only.
    public var includesKeptCells: Bool
    /// Whether each example's sum is divided by 1 + the number of cells that enter its loss.
    /// Default true; false leaves the plain sum, so examples with more dropped cells weigh more.
    public var dividesByCellCount: Bool

    public init(includesKeptCells: Bool = false, dividesByCellCount: Bool = true) {
        self.includesKeptCells = includesKeptCells
        self.dividesByCellCount = dividesByCellCount
    }
}

/// The weights of the SUNMASK loss, computed from the keep mask.
public enum SunmaskLoss {
    /// Returns [B, V, T] weights for `WeightedCrossEntropy`.
    ///
    /// With the default options a dropped cell of example b gets 1 / (1 + n_b), where n_b is
    /// the number of dropped cells of b, and a kept cell gets 0. With `includesKeptCells` every
    /// cell enters and n_b = V·T. Without `dividesByCellCount` each entering cell gets 1.
    /// - Parameters:
    ///   - keepMask: [B, V, T] with 1 = keep (given to the model, no loss) and 0 = dropped
    ///     (regenerated, in the loss). Every value must be exactly 0 or 1.
    ///   - options: the objective or one of its ablations.
    public static func weights(keepMask: Tensor,
                               options: SunmaskLossOptions = SunmaskLossOptions()) -> Tensor {
        precondition(keepMask.shape.count == 3,
                     "SunmaskLoss.weights: expected keep mask [B, V, T], got \(keepMask.shape)")
        let b = keepMask.shape[0]
        let cellsPerExample = keepMask.shape[1] * keepMask.shape[2]  // V·T
        let weights = Tensor(shape: keepMask.shape)

        for example in 0..<b {
            let keep = keepMask.pointer + example * cellsPerExample
            let weight = weights.pointer + example * cellsPerExample

            // 1. which cells enter the loss
            var entering = 0
            for cell in 0..<cellsPerExample {
                let kept = keep[cell]
                precondition(kept == 0 || kept == 1,
                             "SunmaskLoss.weights: keep mask values must be 0 or 1, got \(kept) in example \(example) at cell \(cell)")
                let enters = options.includesKeptCells || kept == 0
                weight[cell] = enters ? 1 : 0
                if enters { entering += 1 }
            }

            // 2. divide by 1 + the number of entering cells
            if options.dividesByCellCount {
                let scale = 1 / Float(1 + entering)
                for cell in 0..<cellsPerExample { weight[cell] *= scale }
            }
        }
        return weights
    }
}
