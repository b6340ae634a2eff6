// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// A batch of categorical grids with their keep masks, both [B, V, T] row-major: the cell of
/// candidate `b`, voice `v`, time step `t` is at `(b·V + v)·T + t`.
///
/// `keep` uses 1 = keep (the cell is given and trusted) and 0 = regenerate. Tokens at kept
/// cells must be in `0 ..< K`; tokens at regenerated cells are placeholders that the sampler
/// overwrites, so any value (such as -1) is accepted there.
public struct CellGrids: Equatable, Sendable {
    /// B, the number of grids.
    public let batch: Int
    /// V, the number of voices (rows) in each grid.
    public let voices: Int
    /// T, the number of time steps (columns) in each grid.
    public let steps: Int
    /// The tokens, [B, V, T].
    public var tokens: [Int32]
    /// The keep mask, [B, V, T], each value 0 or 1.
    public var keep: [UInt8]

    /// Creates grids after checking that both arrays hold B·V·T values and `keep` holds only 0
    /// and 1.
    public init(batch: Int, voices: Int, steps: Int, tokens: [Int32], keep: [UInt8]) throws {
        guard batch >= 1, voices >= 1, steps >= 1 else {
            throw SamplerError.invalidGridShape(batch: batch, voices: voices, steps: steps)
        }
        let cellCount = batch * voices * steps
        guard tokens.count == cellCount else {
            throw SamplerError.gridCountMismatch(what: "tokens", count: tokens.count, expected: cellCount)
        }
        guard keep.count == cellCount else {
            throw SamplerError.gridCountMismatch(what: "keep mask", count: keep.count, expected: cellCount)
        }
        if let index = keep.firstIndex(where: { $0 > 1 }) {
            throw SamplerError.invalidKeepValue(index: index, value: keep[index])
        }
        self.batch = batch
        self.voices = voices
        self.steps = steps
        self.tokens = tokens
        self.keep = keep
    }

    /// Creates `batch` copies of one grid: `tokens` and `keep` are [V, T].
    public init(repeating tokens: [Int32], keep: [UInt8], voices: Int, steps: Int, batch: Int) throws {
        let cellCount = voices * steps
        guard batch >= 1, voices >= 1, steps >= 1 else {
            throw SamplerError.invalidGridShape(batch: batch, voices: voices, steps: steps)
        }
        guard tokens.count == cellCount else {
            throw SamplerError.gridCountMismatch(what: "tokens", count: tokens.count, expected: cellCount)
        }
        guard keep.count == cellCount else {
            throw SamplerError.gridCountMismatch(what: "keep mask", count: keep.count, expected: cellCount)
        }
        var allTokens = [Int32]()
        var allKeep = [UInt8]()
        allTokens.reserveCapacity(batch * cellCount)
        allKeep.reserveCapacity(batch * cellCount)
        for _ in 0..<batch {
            allTokens.append(contentsOf: tokens)
            allKeep.append(contentsOf: keep)
        }
        try self.init(batch: batch, voices: voices, steps: steps, tokens: allTokens, keep: allKeep)
    }

    /// V·T, the number of cells in one grid.
    public var cellsPerGrid: Int { voices * steps }

    /// The tokens of grid `index`, [V, T].
    public func tokens(ofGrid index: Int) -> [Int32] {
        precondition(index >= 0 && index < batch, "grid \(index) is outside 0..<\(batch)")
        return Array(tokens[index * cellsPerGrid ..< (index + 1) * cellsPerGrid])
    }

    /// The keep mask of grid `index`, [V, T].
    public func keep(ofGrid index: Int) -> [UInt8] {
        precondition(index >= 0 && index < batch, "grid \(index) is outside 0..<\(batch)")
        return Array(keep[index * cellsPerGrid ..< (index + 1) * cellsPerGrid])
    }
}

extension CellGrids {
    /// Creates grids from arrays the caller has already checked.
    init(checkedBatch batch: Int, voices: Int, steps: Int, tokens: [Int32], keep: [UInt8]) {
        self.batch = batch
        self.voices = voices
        self.steps = steps
        self.tokens = tokens
        self.keep = keep
    }
}
