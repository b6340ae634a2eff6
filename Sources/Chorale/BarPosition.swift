/// A place in the score as composers count it: bar, beat within the bar, 16th within the beat,
/// all counted from 1. A pickup (a partial first bar) is bar 0, so the first full bar is bar 1.
public struct BarPosition: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var bar: Int
    public var beat: Int
    public var sixteenth: Int

    public init(bar: Int, beat: Int = 1, sixteenth: Int = 1) {
        self.bar = bar
        self.beat = beat
        self.sixteenth = sixteenth
    }

    /// Parses "BAR", "BAR:BEAT" or "BAR:BEAT:SIXTEENTH" (for example "3", "3:2", "3:2:1"); omitted
    /// fields are 1. Throws `BarPositionError.malformed` for any other text. Whether the
    /// position exists in a meter is checked by `BarLayout.step(of:)`.
    public init(parsing text: String) throws {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(fields.count) else {
            throw BarPositionError.malformed(text)
        }
        var numbers: [Int] = []
        for field in fields {
            guard let number = Int(field), number >= 0 else {
                throw BarPositionError.malformed(text)
            }
            numbers.append(number)
        }
        while numbers.count < 3 { numbers.append(1) }
        self.init(bar: numbers[0], beat: numbers[1], sixteenth: numbers[2])
    }

    /// "bar:beat:sixteenth", the form `init(parsing:)` reads.
    public var description: String { "\(bar):\(beat):\(sixteenth)" }
}

/// The division of steps into bars: the meter plus the length of the pickup.
public struct BarLayout: Equatable, Hashable, Sendable {
    public let timeSignature: TimeSignature
    /// Steps before the first full bar, 0 ..< one bar.
    public let pickupSteps: Int

    /// Creates a layout; throws `BarPositionError` for a meter the 16th-note grid cannot hold
    /// or a pickup that is negative or not shorter than a bar.
    public init(timeSignature: TimeSignature, pickupSteps: Int = 0) throws {
        guard timeSignature.beats >= 1, [1, 2, 4, 8, 16].contains(timeSignature.beatUnit) else {
            throw BarPositionError.unsupportedTimeSignature(beats: timeSignature.beats, beatUnit: timeSignature.beatUnit)
        }
        guard (0..<timeSignature.stepsPerBar).contains(pickupSteps) else {
            throw BarPositionError.invalidPickup(steps: pickupSteps, stepsPerBar: timeSignature.stepsPerBar)
        }
        self.timeSignature = timeSignature
        self.pickupSteps = pickupSteps
    }

    /// Returns the bar, beat and 16th of a step ≥ 0.
    public func position(ofStep step: Int) -> BarPosition {
        precondition(step >= 0, "BarLayout.position(ofStep:) needs a step ≥ 0, got \(step)")
        let stepsPerBar = timeSignature.stepsPerBar
        let stepsPerBeat = timeSignature.stepsPerBeat
        // Counting from the first full bar puts pickup steps at negative offsets, in bar 0.
        let offset = step - pickupSteps
        let bar = offset >= 0 ? offset / stepsPerBar + 1 : 0
        let inBar = offset >= 0 ? offset % stepsPerBar : offset + stepsPerBar
        return BarPosition(bar: bar, beat: inBar / stepsPerBeat + 1, sixteenth: inBar % stepsPerBeat + 1)
    }

    /// Returns the step of a position. Throws `BarPositionError.outOfMeter` when the beat or 16th
    /// does not exist in the meter, or when the position lies before the first step.
    public func step(of position: BarPosition) throws -> Int {
        let stepsPerBeat = timeSignature.stepsPerBeat
        guard position.bar >= 0,
              (1...timeSignature.beats).contains(position.beat),
              (1...stepsPerBeat).contains(position.sixteenth) else {
            throw BarPositionError.outOfMeter(position, timeSignature: timeSignature, pickupSteps: pickupSteps)
        }
        let inBar = (position.beat - 1) * stepsPerBeat + (position.sixteenth - 1)
        let step = pickupSteps + (position.bar - 1) * timeSignature.stepsPerBar + inBar
        guard step >= 0 else {
            throw BarPositionError.outOfMeter(position, timeSignature: timeSignature, pickupSteps: pickupSteps)
        }
        return step
    }

    /// Returns the first step of each bar that starts inside 0..<steps, the pickup bar (at step 0)
    /// included.
    public func barStarts(steps: Int) -> [Int] {
        var starts = pickupSteps > 0 ? [0] : []
        starts += Array(stride(from: pickupSteps, to: steps, by: timeSignature.stepsPerBar))
        return starts
    }
}

extension Score {
    /// Returns the bar layout of this score's meter and pickup; throws `BarPositionError` when they are invalid.
    public func barLayout() throws -> BarLayout {
        try BarLayout(timeSignature: timeSignature, pickupSteps: pickupSteps)
    }
}

/// A bar position or meter that cannot be placed on the 16th-note grid.
public enum BarPositionError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case outOfMeter(BarPosition, timeSignature: TimeSignature, pickupSteps: Int)
    case unsupportedTimeSignature(beats: Int, beatUnit: Int)
    case invalidPickup(steps: Int, stepsPerBar: Int)

    public var description: String {
        switch self {
        case .malformed(let text):
            return "invalid bar position \"\(text)\"; expected BAR, BAR:BEAT or BAR:BEAT:SIXTEENTH such as 3:2"
        case .outOfMeter(let position, let meter, let pickup):
            let inMeter = (1...meter.beats).contains(position.beat) && (1...meter.stepsPerBeat).contains(position.sixteenth)
            if inMeter && position.bar >= 0 {
                // The beat exists, so the position lies before step 0: name where the piece starts.
                return "bar position \(position) lies before the start of the piece in \(meter.beats)/\(meter.beatUnit)"
                    + (pickup > 0 ? " with a \(pickup)-step pickup; the pickup starts at \(Self.firstPosition(meter, pickup))"
                                  : "; the piece starts at 1:1:1")
            }
            let pickupNote = pickup > 0 ? " with a \(pickup)-step pickup (bar 0)" : ""
            return "bar position \(position) does not exist in \(meter.beats)/\(meter.beatUnit)\(pickupNote); beats run 1…\(meter.beats) and 16ths 1…\(meter.stepsPerBeat)"
        case .unsupportedTimeSignature(let beats, let beatUnit):
            return "time signature \(beats)/\(beatUnit) does not fit a 16th-note grid; use at least 1 beat and a beat unit of 1, 2, 4, 8 or 16"
        case .invalidPickup(let steps, let stepsPerBar):
            return "pickup of \(steps) steps is invalid; expected 0…\(stepsPerBar - 1) steps, shorter than one bar"
        }
    }

    /// Returns the position of step 0 in bar 0 when a pickup of `pickup` steps precedes bar 1.
    private static func firstPosition(_ meter: TimeSignature, _ pickup: Int) -> BarPosition {
        let inBar = meter.stepsPerBar - pickup
        return BarPosition(bar: 0, beat: inBar / meter.stepsPerBeat + 1, sixteenth: inBar % meter.stepsPerBeat + 1)
    }
}
