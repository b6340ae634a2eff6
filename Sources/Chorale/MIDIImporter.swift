import Foundation

/// Turns a Standard MIDI File into a `Score` and a report of what it found and changed.
///
/// The steps, each with its rule stated where it is implemented:
/// 1. read the file (`MIDIFileReader`) and pair note-ons with note-offs (`MIDIFile.pairedNotes`);
/// 2. take the first tempo and time signature, and a pickup written as a short first bar;
/// 3. give the notes to soprano, alto, tenor and bass (`MIDIVoiceAssignment`);
/// 4. quantize each voice to 16ths without overlaps (`Quantizer`);
/// 5. place the grid start, detect a pickup from the first onset, and fit pitches to the range.
public enum MIDIImporter {
    /// Reads and imports the file at `url`.
    public static func importScore(contentsOf url: URL, options: MIDIImportOptions = MIDIImportOptions())
        throws -> (score: Score, report: MIDIImportReport) {
        try importScore(MIDIFileReader.read(contentsOf: url, maxSteps: options.maxSteps), options: options)
    }

    /// Reads and imports a file from its bytes.
    public static func importScore(_ bytes: [UInt8], options: MIDIImportOptions = MIDIImportOptions())
        throws -> (score: Score, report: MIDIImportReport) {
        try importScore(MIDIFileReader.read(bytes, maxSteps: options.maxSteps), options: options)
    }

    /// Imports a file already read.
    ///
    /// - Throws: `MIDIError.noNotes` for a file without notes, `MIDIError.tooLong` when the grid
    ///   would exceed `options.maxSteps`, and `MIDIError.pitchOutOfRange` for a note outside
    ///   `options.pitchRange` when `options.outOfRangePitches` is `.reject`.
    public static func importScore(_ file: MIDIFile, options: MIDIImportOptions = MIDIImportOptions())
        throws -> (score: Score, report: MIDIImportReport) {
        var warnings = file.warnings
        let notes = file.pairedNotes(warnings: &warnings)
        guard !notes.isEmpty else { throw MIDIError.noNotes }

        let quantizer = Quantizer(ticksPerQuarter: file.ticksPerQuarter)
        let conductor = MIDIConductor(file)
        warnings += conductor.warnings
        let assignment = MIDIVoiceAssignment.assign(notes, file: file, quantizer: quantizer)
        let voices = assignment.notes.map(quantizer.quantize)
        // The last note of a non-empty voice is never dropped, so at least one note is kept.
        let kept = voices.flatMap(\.notes)
        let stepsPerBar = conductor.timeSignature.stepsPerBar

        // Grid start. A pickup written in the meter, or the writer's grid-start marker, fixes the
        // start at tick 0. Otherwise silence before the first note is removed and, when the first
        // note falls inside a bar, the part of that bar it covers becomes the pickup.
        var origin = 0
        var pickupSteps = conductor.pickupSteps ?? 0
        if conductor.pickupSteps == nil && !conductor.hasGridStartMarker {
            origin = kept.map(\.startStep).min()!
            pickupSteps = (stepsPerBar - origin % stepsPerBar) % stepsPerBar
        }

        // Grid end. Files from this writer end exactly at the end-of-track event of their voice
        // tracks (the conductor track, first, may run on to the meter change that closes a pickup
        // longer than the grid). Other files keep at most one bar of silence after the last note,
        // because some programs put the end of track far past the music.
        let lastNoteEnd = kept.map(\.endStep).max()!
        let end: Int
        if conductor.hasGridStartMarker {
            let voiceTrackEnd = file.tracks.dropFirst().map(\.endTick).max() ?? 0
            end = max(lastNoteEnd, quantizer.nearestStep(ofTick: voiceTrackEnd))
        } else {
            let trackEnd = quantizer.nearestStep(ofTick: file.tracks.map(\.endTick).max()!)
            end = max(lastNoteEnd, min(trackEnd, lastNoteEnd + stepsPerBar))
        }
        let steps = end - origin
        guard steps <= options.maxSteps else {
            throw MIDIError.tooLong(part: "file", tick: end * file.ticksPerQuarter / 4, limitSteps: options.maxSteps)
        }

        func bar(ofGridStep step: Int) -> Int {
            pickupSteps > 0 ? (step + stepsPerBar - pickupSteps) / stepsPerBar : step / stepsPerBar + 1
        }

        var rows = Array(repeating: Array(repeating: SATBGrid.rest, count: steps), count: 4)
        var transposed: [MIDIImportReport.TransposedNote] = []
        var movedBars = Set<Int>()
        var notesMoved = 0
        var largestShiftTicks = 0.0
        for voice in Voice.allCases {
            for placed in voices[voice.rawValue].notes {
                let gridStart = placed.startStep - origin
                let bar = bar(ofGridStep: gridStart)
                let pitch = try fitPitch(placed.note.pitch, voice: voice, bar: bar, options: options,
                                         transposed: &transposed)
                for step in gridStart..<(placed.endStep - origin) {
                    rows[voice.rawValue][step] = pitch
                }
                let shift = max(quantizer.distanceInTicks(tick: placed.note.startTick, step: placed.startStep),
                                quantizer.distanceInTicks(tick: placed.note.endTick, step: placed.endStep))
                if shift > 0 {
                    notesMoved += 1
                    movedBars.insert(bar)
                    largestShiftTicks = max(largestShiftTicks, shift)
                }
            }
        }

        let score = Score(grid: try SATBGrid(pitches: rows), timeSignature: conductor.timeSignature,
                          pickupSteps: pickupSteps, tempo: conductor.tempo)
        let report = MIDIImportReport(
            format: file.format, ticksPerQuarter: file.ticksPerQuarter,
            assignmentRule: assignment.rule, voices: assignment.sources,
            ignoredLines: assignment.ignoredLines, ignoredChordNotes: assignment.ignoredNotes,
            notesRead: notes.count, notesImported: kept.count, notesMoved: notesMoved,
            notesShortened: voices.reduce(0) { $0 + $1.shortenedCount },
            notesLengthened: voices.reduce(0) { $0 + $1.lengthenedCount },
            notesDropped: voices.reduce(0) { $0 + $1.dropped.count },
            largestShiftTicks: largestShiftTicks,
            largestShiftSteps: largestShiftTicks * 4 / Double(file.ticksPerQuarter),
            barsWithMovedNotes: movedBars.sorted(), transposedNotes: transposed,
            pickupSteps: pickupSteps, trimmedLeadingSteps: origin, warnings: warnings)
        return (score, report)
    }

    /// Returns `pitch`, moved by octaves into the range when the options allow it.
    private static func fitPitch(_ pitch: Int, voice: Voice, bar: Int, options: MIDIImportOptions,
                                 transposed: inout [MIDIImportReport.TransposedNote]) throws -> Int {
        let range = options.pitchRange
        guard !range.contains(pitch) else { return pitch }
        guard options.outOfRangePitches == .transposeByOctaves else {
            throw MIDIError.pitchOutOfRange(pitch: pitch, voice: voice, bar: bar, range: range)
        }
        var moved = pitch
        while moved < range.lowerBound { moved += 12 }
        while moved > range.upperBound { moved -= 12 }
        transposed.append(.init(voice: voice, bar: bar, originalPitch: pitch, importedPitch: moved))
        return moved
    }
}

/// The tempo, meter and pickup of a MIDI file, from its meta events in all tracks.
struct MIDIConductor {
    /// Quarter notes per minute.
    var tempo: Double
    var timeSignature: TimeSignature
    /// The pickup length when the file writes it as a short first bar, else nil.
    var pickupSteps: Int?
    /// True when the file contains the writer's grid-start marker at tick 0.
    var hasGridStartMarker: Bool
    var warnings: [MIDIWarning] = []

    init(_ file: MIDIFile) {
        var tempos: [(tick: Int, microseconds: Int)] = []
        var meters: [(tick: Int, meter: TimeSignature)] = []
        hasGridStartMarker = false
        for track in file.tracks {
            for event in track.events {
                switch event.kind {
                case .tempo(let microseconds):
                    tempos.append((event.tick, microseconds))
                case .timeSignature(let meter):
                    meters.append((event.tick, meter))
                case .marker(let text) where event.tick == 0 && text == MIDIFileWriter.gridStartMarker:
                    hasGridStartMarker = true
                default:
                    break
                }
            }
        }
        // Stable sorts keep the first track's event first among events at one tick.
        tempos = tempos.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)
        meters = meters.enumerated().sorted { ($0.element.tick, $0.offset) < ($1.element.tick, $1.offset) }.map(\.element)

        // Tempo: the first event; 60 000 000 µs per minute. Rounding to 0.01 recovers the tempo a
        // writer rounded to whole microseconds (an error below 0.001 up to 500 per minute).
        if let first = tempos.first {
            tempo = (60_000_000 / Double(first.microseconds) * 100).rounded() / 100
            let changes = zip(tempos, tempos.dropFirst()).filter { $0.microseconds != $1.microseconds }.count
            if changes > 0 { warnings.append(.laterTempoChangesIgnored(count: changes)) }
        } else {
            tempo = 120
            warnings.append(.noTempo)
        }

        // Meter: drop repeats (several tracks often carry the same event) and events at a tick
        // that already has one.
        var distinct: [(tick: Int, meter: TimeSignature)] = []
        for entry in meters where distinct.last.map({ $0.tick != entry.tick && $0.meter != entry.meter }) ?? true {
            distinct.append(entry)
        }
        // A pickup written as a short first bar (notation programs do this): a meter at tick 0
        // whose single bar ends exactly where a second meter starts, shorter than that meter's bar.
        pickupSteps = nil
        timeSignature = distinct.first?.meter ?? .fourFour
        var laterChanges = max(0, distinct.count - 1)
        if distinct.count >= 2, distinct[0].tick == 0 {
            let first = distinct[0].meter
            let boundary = distinct[1].tick
            let isOneBar = boundary * first.beatUnit == first.beats * 4 * file.ticksPerQuarter
            let isWholeSteps = (boundary * 4) % file.ticksPerQuarter == 0
            let steps = boundary * 4 / file.ticksPerQuarter
            if isOneBar, isWholeSteps, steps < distinct[1].meter.stepsPerBar {
                pickupSteps = steps
                timeSignature = distinct[1].meter
                laterChanges -= 1
            }
        }
        if laterChanges > 0 { warnings.append(.laterTimeSignaturesIgnored(count: laterChanges)) }
    }
}
