// Training examples from the JSB chorales: transposition augmentation, non-overlapping chunks
// and random crops of a fixed length T.

/// The rule for the last full-length chunk of a chorale in `JSBDataset.chunks`.
public enum ChunkBoundary: Sendable {
    /// Chunks start at 0, T, 2T, … while start + T < length, so a chunk ending exactly at the last
    /// step is dropped. This is the rule of the SUNMASK reference training script, and with T = 128
    /// it gives the reference 413 silence-free chunks of train+valid.
    case referenceStrict
    /// Every chunk with start + T ≤ length (426 silence-free chunks of train+valid at T = 128).
    case everyFullChunk
}

extension JSBDataset {
    /// The transposition offsets used for augmentation, in semitones.
    public static let augmentationOffsets = -6...5

    /// Returns the chorales of `splits`, in order.
    public func chorales(in splits: [JSBSplit]) -> [SATBGrid] {
        splits.flatMap { self[$0] }
    }

    /// Returns the non-overlapping chunks of `length` steps of `grid` starting at 0, length,
    /// 2·length, …; with `skippingSilent` a chunk with any silent cell is left out.
    public static func chunks(of grid: SATBGrid, length: Int, skippingSilent: Bool,
                              boundary: ChunkBoundary = .referenceStrict) -> [SATBGrid] {
        precondition(length >= 1, "chunk length must be at least 1, got \(length)")
        var chunks: [SATBGrid] = []
        var start = 0
        while boundary == .referenceStrict ? start + length < grid.steps : start + length <= grid.steps {
            let range = start..<(start + length)
            if !(skippingSilent && grid.containsRest(in: range)) {
                chunks.append(grid.slice(steps: range))
            }
            start += length
        }
        return chunks
    }

    /// Returns `grid` transposed by each offset in `offsets` (0 included when in range), skipping
    /// the offsets that would move a pitch outside the vocabulary range MIDI 30…86.
    public static func transpositions(of grid: SATBGrid, offsets: ClosedRange<Int> = augmentationOffsets) -> [SATBGrid] {
        offsets.compactMap { offset in try? grid.transposed(by: offset) }
    }

    /// Returns the augmented training set: every chunk of every chorale in `splits`, in each valid
    /// transposition. Ordered by chorale, then chunk, then transposition.
    ///
    /// With the defaults (train+valid, T = 128, silent chunks skipped, −6…+5, strict boundary) the
    /// real JSB file gives 413 chunks × 12 transpositions = 4956 examples.
    public func trainingExamples(splits: [JSBSplit] = [.train, .valid], length: Int = 128,
                                 skippingSilent: Bool = true,
                                 offsets: ClosedRange<Int> = JSBDataset.augmentationOffsets,
                                 boundary: ChunkBoundary = .referenceStrict) -> [SATBGrid] {
        chorales(in: splits).flatMap { chorale in
            JSBDataset.chunks(of: chorale, length: length, skippingSilent: skippingSilent, boundary: boundary)
                .flatMap { JSBDataset.transpositions(of: $0, offsets: offsets) }
        }
    }
}

/// Draws random crops of a fixed length from a pool of chorales, uniformly over every
/// (chorale, start step) window, so longer chorales are drawn more often.
public struct RandomCropper: Sendable {
    public let pool: [SATBGrid]
    public let length: Int
    /// `windowEnds[i]` is the number of windows in `pool[0...i]`.
    private let windowEnds: [Int]

    /// Creates a cropper; throws `RandomCropError.noChoraleLongEnough` when no chorale in `pool`
    /// has `length` steps.
    public init(pool: [SATBGrid], length: Int) throws {
        precondition(length >= 1, "crop length must be at least 1, got \(length)")
        var ends: [Int] = []
        var total = 0
        for grid in pool {
            total += max(0, grid.steps - length + 1)
            ends.append(total)
        }
        guard total > 0 else {
            throw RandomCropError.noChoraleLongEnough(length: length, longest: pool.map(\.steps).max() ?? 0)
        }
        self.pool = pool
        self.length = length
        self.windowEnds = ends
    }

    /// The number of distinct windows the cropper draws from.
    public var windowCount: Int { windowEnds.last! }

    /// Returns a crop of `length` steps drawn with `generator`, optionally transposed by an offset
    /// drawn uniformly from those in `offsets` that keep it in the vocabulary (untransposed when
    /// none does).
    public func crop<G: RandomNumberGenerator>(using generator: inout G,
                                               transposingWithin offsets: ClosedRange<Int>? = nil) -> SATBGrid {
        let window = Int.random(in: 0..<windowCount, using: &generator)
        // The first chorale whose window count passes `window`.
        var low = 0
        var high = windowEnds.count - 1
        while low < high {
            let middle = (low + high) / 2
            if windowEnds[middle] > window { high = middle } else { low = middle + 1 }
        }
        let start = window - (low == 0 ? 0 : windowEnds[low - 1])
        let crop = pool[low].slice(steps: start..<(start + length))
        guard let offsets else { return crop }
        let choices = JSBDataset.transpositions(of: crop, offsets: offsets)
        return choices.isEmpty ? crop : choices[Int.random(in: 0..<choices.count, using: &generator)]
    }
}

/// A crop that cannot be drawn.
public enum RandomCropError: Error, Equatable, CustomStringConvertible {
    case noChoraleLongEnough(length: Int, longest: Int)

    public var description: String {
        switch self {
        case .noChoraleLongEnough(let length, let longest):
            return "no chorale has \(length) steps for a random crop (longest: \(longest)); choose a shorter crop length"
        }
    }
}
