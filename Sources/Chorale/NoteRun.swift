/// One held note or rest of one voice: consecutive equal cells of the grid.
public struct NoteRun: Equatable, Hashable, Sendable {
    /// The first step.
    public var start: Int
    /// The number of steps, at least 1.
    public var length: Int
    /// The MIDI pitch, or `SATBGrid.rest`.
    public var pitch: Int

    public init(start: Int, length: Int, pitch: Int) {
        self.start = start
        self.length = length
        self.pitch = pitch
    }

    /// The step after the last one.
    public var end: Int { start + length }

    public var isRest: Bool { pitch == SATBGrid.rest }
}

extension SATBGrid {
    /// Returns the runs of equal cells of `voice` in time order, rests included; together they
    /// cover every step exactly once.
    public func runs(of voice: Voice) -> [NoteRun] {
        let row = pitches[voice.rawValue]
        var runs: [NoteRun] = []
        var start = 0
        while start < row.count {
            var end = start + 1
            while end < row.count && row[end] == row[start] { end += 1 }
            runs.append(NoteRun(start: start, length: end - start, pitch: row[start]))
            start = end
        }
        return runs
    }

    /// Returns the held notes of `voice` (the runs that are not rests), in time order.
    public func notes(of voice: Voice) -> [NoteRun] {
        runs(of: voice).filter { !$0.isRest }
    }

    /// Creates a grid from runs per voice (S, A, T, B); steps not covered by a run are rests.
    /// Throws `NoteRunError` when a run lies outside 0..<steps or overlaps another, and
    /// `GridError` for an invalid pitch.
    public init(steps: Int, runs: [[NoteRun]]) throws {
        guard runs.count == 4 else { throw GridError.wrongVoiceCount(runs.count) }
        var rows = Array(repeating: Array(repeating: SATBGrid.rest, count: steps), count: 4)
        for voice in Voice.allCases {
            var covered = Array(repeating: false, count: steps)
            for run in runs[voice.rawValue] {
                guard run.length >= 1, run.start >= 0, run.end <= steps else {
                    throw NoteRunError.outOfBounds(voice: voice, start: run.start, length: run.length, steps: steps)
                }
                for step in run.start..<run.end {
                    guard !covered[step] else {
                        throw NoteRunError.overlapping(voice: voice, step: step)
                    }
                    covered[step] = true
                    rows[voice.rawValue][step] = run.pitch
                }
            }
        }
        try self.init(pitches: rows)
    }
}

/// Runs that do not form a grid.
public enum NoteRunError: Error, Equatable, CustomStringConvertible {
    case outOfBounds(voice: Voice, start: Int, length: Int, steps: Int)
    case overlapping(voice: Voice, step: Int)

    public var description: String {
        switch self {
        case .outOfBounds(let voice, let start, let length, let steps):
            return "\(voice) note at step \(start) with length \(length) does not fit in 0..<\(steps) steps; every note needs length ≥ 1 inside the grid"
        case .overlapping(let voice, let step):
            return "\(voice) has two notes at step \(step); notes of one voice must not overlap"
        }
    }
}
