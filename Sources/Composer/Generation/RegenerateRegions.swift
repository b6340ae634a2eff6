import Chorale
import Foundation

/// One voice × step range to regenerate.
public struct RegenerateRegion: Equatable, Sendable {
    public var voice: Voice
    /// Steps, half-open: `0..<64` regenerates steps 0 through 63.
    public var steps: Range<Int>

    public init(voice: Voice, steps: Range<Int>) {
        self.voice = voice
        self.steps = steps
    }
}

/// Parses region lists such as `A:0-64,T:32-96` or `A:2:1-4:1`.
///
/// Each comma-separated region is `VOICE:START-END`, where VOICE is one of S, A, T, B (either
/// case). START and END are 16th-note steps counted from 0 (`0-64`), or bar positions
/// `BAR:BEAT` or `BAR:BEAT:SIXTEENTH` counted from 1 with a pickup as bar 0 (`2:1-4:1`). The
/// range is half-open: it ends just before END, so `A:1:1-2:1` is the whole of bar 1.
public enum RegenerateRegions {
    /// Returns the regions of `text` in a score of `score`'s length and meter.
    ///
    /// - Throws: `RegionSpecError` naming the region text and what is wrong with it.
    public static func parse(_ text: String, in score: Score) throws -> [RegenerateRegion] {
        let items = text.split(separator: ",", omittingEmptySubsequences: false).map {
            String($0).trimmingCharacters(in: .whitespaces)
        }
        guard !items.allSatisfy(\.isEmpty) else { throw RegionSpecError.empty }
        return try items.map { try parseRegion($0, in: score) }
    }

    /// Returns a keep mask of `score`'s length that keeps every cell except those in `regions`.
    public static func keepMask(regenerating regions: [RegenerateRegion], steps: Int) -> KeepMask {
        var mask = KeepMask(steps: steps, keepingAll: true)
        for region in regions {
            mask.set(false, voices: [region.voice], steps: region.steps)
        }
        return mask
    }

    private static func parseRegion(_ item: String, in score: Score) throws -> RegenerateRegion {
        guard let colon = item.firstIndex(of: ":") else { throw RegionSpecError.malformed(item) }
        let letter = item[..<colon].uppercased()
        guard let voice = Voice.allCases.first(where: { String($0.letter) == letter }) else {
            throw RegionSpecError.unknownVoice(String(item[..<colon]), region: item)
        }
        let bounds = item[item.index(after: colon)...].split(separator: "-", omittingEmptySubsequences: false)
        guard bounds.count == 2, !bounds[0].isEmpty, !bounds[1].isEmpty else {
            throw RegionSpecError.malformed(item)
        }
        let start = try step(of: String(bounds[0]), region: item, in: score)
        let end = try step(of: String(bounds[1]), region: item, in: score)
        let T = score.grid.steps
        guard start < end else { throw RegionSpecError.emptyRange(region: item, start: start, end: end) }
        guard end <= T else { throw RegionSpecError.pastEnd(region: item, end: end, steps: T) }
        return RegenerateRegion(voice: voice, steps: start..<end)
    }

    // A bound is a step when it has no colon and a bar position when it has one.
    private static func step(of bound: String, region: String, in score: Score) throws -> Int {
        guard bound.contains(":") else {
            guard let step = Int(bound), step >= 0 else { throw RegionSpecError.invalidStep(bound, region: region) }
            return step
        }
        do {
            let position = try BarPosition(parsing: bound)
            return try score.barLayout().step(of: position)
        } catch let error as BarPositionError {
            throw RegionSpecError.invalidPosition(region: region, reason: error.description)
        }
    }
}

/// A `--regenerate` region list that cannot be read.
public enum RegionSpecError: Error, Equatable, CustomStringConvertible {
    case empty
    case malformed(String)
    case unknownVoice(String, region: String)
    case invalidStep(String, region: String)
    case invalidPosition(region: String, reason: String)
    case emptyRange(region: String, start: Int, end: Int)
    case pastEnd(region: String, end: Int, steps: Int)

    public var description: String {
        let form = "expected VOICE:START-END such as A:0-64 (steps) or A:2:1-4:1 (bar:beat)"
        switch self {
        case .empty:
            return "region list is empty; \(form)"
        case .malformed(let region):
            return "region \"\(region)\" is malformed; \(form)"
        case let .unknownVoice(voice, region):
            return "region \"\(region)\" names unknown voice \"\(voice)\"; use S, A, T or B"
        case let .invalidStep(bound, region):
            return "region \"\(region)\" has invalid step \"\(bound)\"; expected an integer ≥ 0 or a BAR:BEAT position"
        case let .invalidPosition(region, reason):
            return "region \"\(region)\": \(reason)"
        case let .emptyRange(region, start, end):
            return "region \"\(region)\" runs from step \(start) to step \(end), which is empty; END must be after START"
        case let .pastEnd(region, end, steps):
            return "region \"\(region)\" ends at step \(end), past the end of the piece at step \(steps); use an END of at most \(steps)"
        }
    }
}
