/// The category counts of every grading feature for one chorale, plus the counts the grades need
/// beside them (notes, parallel errors) and the key used for the mode-dependent features.
///
/// The grid is read as the published grader reads a grid-derived score: each run of equal cells is
/// one note or rest, pitches are spelled by music21's default from their MIDI numbers, and every
/// note counts, whatever the meter (no feature depends on bar lines).
public struct ChoraleHistograms: Equatable, Sendable {
    /// The estimated key; nil for a grid with no note at all.
    public let key: GradingKeyEstimate?
    /// The mode the mode-dependent features are compared under: the key's, major when there is none.
    public var mode: Mode { key?.mode ?? .major }
    /// Category counts per feature. Names: scale degree plus `#`/`b` marks or `rest` (note);
    /// duration in steps (rhythm); `octave`/`fifth` (parallel errors); music21 chord type
    /// (harmonic quality); music21 directed interval name (intervals); sequence length in steps
    /// (repeated sequences).
    public let counts: [GradingFeature: [String: Int]]
    /// Notes (not rests) over all voices.
    public let noteCount: Int

    /// Parallel fifths plus parallel octaves and unisons.
    public var parallelErrorCount: Int { counts[.parallelError, default: [:]].values.reduce(0, +) }

    public init(_ grid: SATBGrid) {
        let runs = Voice.allCases.map { grid.runs(of: $0) }
        let key = GradingKeyEstimate.estimate(grid)
        self.key = key
        noteCount = runs.reduce(0) { $0 + $1.filter { !$0.isRest }.count }

        var counts: [GradingFeature: [String: Int]] = [:]
        counts[.note] = ChoraleHistograms.scaleDegreeCounts(grid, key: key)
        counts[.rhythm] = ChoraleHistograms.durationCounts(runs)
        counts[.parallelError] = ParallelMotion.errorCounts(grid)
        counts[.harmonicQuality] = ChoraleHistograms.chordQualityCounts(grid)
        for voice in Voice.allCases {
            counts[.interval(voice)] = ChoraleHistograms.intervalCounts(runs[voice.rawValue])
        }
        var sequences: [String: Int] = [:]
        for (length, occurrences) in RepeatedSequences.histogram(grid) {
            sequences[String(length)] = occurrences
        }
        counts[.repeatedSequence] = sequences
        self.counts = counts
    }

    /// Steps per scale degree: every sounding step counts once, every rest step counts as `rest`.
    static func scaleDegreeCounts(_ grid: SATBGrid, key: GradingKeyEstimate?) -> [String: Int] {
        var byPitch: [Int: Int] = [:]
        var restSteps = 0
        for row in grid.pitches {
            for pitch in row {
                if pitch == SATBGrid.rest { restSteps += 1 } else { byPitch[pitch % 12, default: 0] += 1 }
            }
        }
        var counts: [String: Int] = [:]
        if restSteps > 0 { counts["rest"] = restSteps }
        let degreeKey = key ?? GradingKeyEstimate(tonicPitchClass: 0, mode: .major, correlation: 0)
        for (pitchClass, steps) in byPitch {
            let (degree, alteration) = degreeKey.scaleDegree(of: DefaultSpelledPitch(defaultSpellingOf: 60 + pitchClass))
            let mark = alteration > 0 ? String(repeating: "#", count: alteration) : String(repeating: "b", count: -alteration)
            counts[String(degree) + mark, default: 0] += steps
        }
        return counts
    }

    /// Notes and rests per duration in steps.
    static func durationCounts(_ runs: [[NoteRun]]) -> [String: Int] {
        var counts: [String: Int] = [:]
        for voiceRuns in runs {
            for run in voiceRuns { counts[String(run.length), default: 0] += 1 }
        }
        return counts
    }

    /// Directed melodic intervals between consecutive notes of one voice.
    ///
    /// A rest breaks the line: the notes on either side of it form no interval. The first interval
    /// of the voice is left out, as the published grader drops the first entry of music21's
    /// `melodicIntervals()`.
    static func intervalCounts(_ runs: [NoteRun]) -> [String: Int] {
        var counts: [String: Int] = [:]
        var isFirst = true
        for (previous, next) in zip(runs, runs.dropFirst()) where !previous.isRest && !next.isRest {
            if isFirst {
                isFirst = false
                continue
            }
            let interval = SpelledInterval(from: DefaultSpelledPitch(defaultSpellingOf: previous.pitch),
                                           to: DefaultSpelledPitch(defaultSpellingOf: next.pitch))
            counts[interval.directedName, default: 0] += 1
        }
        return counts
    }

    /// One count per vertical sonority: a new sonority starts wherever any voice changes.
    /// Steps where every voice rests form no sonority.
    static func chordQualityCounts(_ grid: SATBGrid) -> [String: Int] {
        var counts: [String: Int] = [:]
        var sounding: [Int] = []
        for step in 0..<grid.steps {
            let changed = step == 0 || (0..<4).contains { grid.pitches[$0][step] != grid.pitches[$0][step - 1] }
            guard changed else { continue }
            sounding.removeAll(keepingCapacity: true)
            for voice in 0..<4 where grid.pitches[voice][step] != SATBGrid.rest {
                sounding.append(grid.pitches[voice][step])
            }
            guard !sounding.isEmpty else { continue }
            sounding.sort()
            counts[ChordQuality.classify(sounding), default: 0] += 1
        }
        return counts
    }
}
