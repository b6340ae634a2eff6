import Chorale

/// The undoable content of the editor: the score and which cells to keep.
///
/// `keep[voice][step]` is true for a cell the composer keeps and false for one the model
/// regenerates.
///
/// NOTE: this repeats the convention of Chorale's `KeepMask` as plain rows; the host converts
/// at the session-file boundary. Storing a `KeepMask` here would keep the rule in one type. Keeping is about the mask, not about sound: a kept rest stays a rest.
public struct EditorDocument: Equatable, Sendable {
    public var score: Score
    public var keep: [[Bool]]

    /// A document where every cell is kept.
    public init(score: Score) {
        self.score = score
        keep = Array(repeating: Array(repeating: true, count: score.grid.steps), count: 4)
    }

    public init(score: Score, keep: [[Bool]]) {
        precondition(keep.count == 4 && keep.allSatisfy { $0.count == score.grid.steps },
                     "keep mask must be 4 × \(score.grid.steps), got \(keep.map(\.count))")
        self.score = score
        self.keep = keep
    }

    public var steps: Int { score.grid.steps }

    /// The pitch at (`voice`, `step`), or `SATBGrid.rest`.
    public func pitch(voice: Int, step: Int) -> Int {
        score.grid.pitches[voice][step]
    }

    /// The first and one-past-last step of the held note (or rest) covering `step`.
    public func run(voice: Int, containing step: Int) -> Range<Int> {
        let row = score.grid.pitches[voice]
        let value = row[step]
        var start = step, end = step + 1
        while start > 0 && row[start - 1] == value { start -= 1 }
        while end < row.count && row[end] == value { end += 1 }
        return start..<end
    }

    /// Sets one cell.
    public mutating func setPitch(_ pitch: Int, voice: Int, step: Int) {
        score.grid[Voice(rawValue: voice)!, step] = pitch
    }
}
