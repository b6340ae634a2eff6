import Chorale

/// One sounding note: a run of equal pitches in one voice, clipped to the playback region.
public struct ScheduledNote: Hashable, Sendable {
    public var voice: Voice
    /// MIDI pitch 0…127.
    public var pitch: Int
    /// First step, counted from the start of the region (0 = the region's first step).
    public var onset: Int
    /// Length in 16th-note steps, at least 1.
    public var duration: Int

    public init(voice: Voice, pitch: Int, onset: Int, duration: Int) {
        self.voice = voice
        self.pitch = pitch
        self.onset = onset
        self.duration = duration
    }

    /// The step after the note's last one, counted from the region start.
    public var end: Int { onset + duration }
}

/// The notes of a score region in time order, with the timing and sound to play them.
///
/// Consecutive equal pitches in a voice become one held note; rests are silent. A note that is
/// held across a region boundary is cut at it, so playing from the middle of a held note
/// sounds it from the region start.
public struct NoteSchedule: Sendable {
    /// Notes sorted by onset, then by voice from soprano to bass.
    public let notes: [ScheduledNote]
    /// The score steps played, half-open: `region.lowerBound` is heard first.
    public let region: Range<Int>
    /// The length of one 16th-note step in seconds: 60 / (4 · tempo).
    public let secondsPerStep: Double
    /// Program, volume, pan and velocity of each voice.
    public let instrumentation: Instrumentation

    /// Builds the schedule of `region` of `score` (the whole score when `nil`).
    ///
    /// Throws `PlaybackError.invalidRegion` for an empty region or one outside the score, and
    /// `invalidTempo` unless the score's tempo is positive and finite.
    public init(score: Score, region: Range<Int>? = nil, instrumentation: Instrumentation = .choir) throws {
        let steps = score.grid.steps
        let region = region ?? 0..<steps
        guard !region.isEmpty, region.lowerBound >= 0, region.upperBound <= steps else {
            throw PlaybackError.invalidRegion(from: region.lowerBound, to: region.upperBound, scoreSteps: steps)
        }
        guard score.tempo.isFinite, score.tempo > 0 else {
            throw PlaybackError.invalidTempo(score.tempo)
        }

        var notes: [ScheduledNote] = []
        for voice in Voice.allCases {
            let row = score.grid.pitches[voice.rawValue]
            var step = region.lowerBound
            while step < region.upperBound {
                let pitch = row[step]
                var end = step + 1
                while end < region.upperBound && row[end] == pitch {
                    end += 1
                }
                if pitch != SATBGrid.rest {
                    notes.append(ScheduledNote(voice: voice, pitch: pitch,
                                               onset: step - region.lowerBound, duration: end - step))
                }
                step = end
            }
        }
        notes.sort { ($0.onset, $0.voice.rawValue) < ($1.onset, $1.voice.rawValue) }

        self.notes = notes
        self.region = region
        self.secondsPerStep = 60 / (4 * score.tempo)
        self.instrumentation = instrumentation
    }

    /// The number of steps in the region.
    public var stepCount: Int { region.count }

    /// The playing time of the region in seconds, without any release tail.
    public var duration: Double { Double(stepCount) * secondsPerStep }
}
