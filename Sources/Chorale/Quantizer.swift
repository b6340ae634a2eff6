/// A note placed on the 16th-note grid: it sounds on steps `startStep..<endStep`.
struct QuantizedNote: Equatable {
    var note: MIDINote
    var startStep: Int
    var endStep: Int
}

/// One voice's notes on the grid, in order and without overlaps, plus what the rules changed.
struct QuantizedVoice: Equatable {
    var notes: [QuantizedNote] = []
    /// Notes left with no step because a later note starts on their step.
    var dropped: [MIDINote] = []
    /// Notes cut short because the next note starts before they end.
    var shortenedCount = 0
    /// Notes that rounded to zero steps and were given one.
    var lengthenedCount = 0
}

/// Places the notes of one voice on the 16th-note grid by a fixed, deterministic rule.
///
/// 1. Onsets and ends round to the nearest 16th step; exactly half a step rounds up (later).
///    So 8th-note triplets land on steps 0, 1 and 3 of a beat, and in a run of 32nds each note
///    between two 16ths rounds onto the same step as the note after it.
/// 2. A note whose end rounds onto its onset (a zero-length or very short note) gets one step.
/// 3. Notes are taken in onset order; at equal onsets the shorter note goes first, then the lower
///    pitch. When a note starts before the previous one ends, the later note wins and the previous
///    note is cut at that step. So of two notes struck together the longer one, then the higher, wins,
///    and a run of 32nds keeps the notes that start on a 16th.
///    A note cut to no step at all is dropped. This is the one case in which a very short note does
///    not keep its step: the next note starts on the same step.
///
/// The result never overlaps and every kept note covers at least one step.
struct Quantizer {
    let ticksPerQuarter: Int

    init(ticksPerQuarter: Int) {
        precondition(ticksPerQuarter > 0, "ticks per quarter must be positive, got \(ticksPerQuarter)")
        self.ticksPerQuarter = ticksPerQuarter
    }

    /// Returns the step nearest to `tick`: round(4 · tick / ticksPerQuarter), halves rounding up.
    func nearestStep(ofTick tick: Int) -> Int {
        // floor((4t / q) + 1/2) = floor((8t + q) / 2q) for t ≥ 0.
        (8 * tick + ticksPerQuarter) / (2 * ticksPerQuarter)
    }

    /// Returns the distance between `tick` and the start of `step`, in ticks (a 16th is q / 4 ticks).
    func distanceInTicks(tick: Int, step: Int) -> Double {
        Double(abs(4 * tick - step * ticksPerQuarter)) / 4
    }

    /// Places `notes` (one voice, any order) on the grid.
    func quantize(_ notes: [MIDINote]) -> QuantizedVoice {
        let ordered = notes.sorted { a, b in
            (a.startTick, a.endTick, a.pitch) < (b.startTick, b.endTick, b.pitch)
        }
        var voice = QuantizedVoice()
        for note in ordered {
            let startStep = nearestStep(ofTick: note.startTick)
            var endStep = nearestStep(ofTick: note.endTick)
            if endStep <= startStep {
                endStep = startStep + 1
                voice.lengthenedCount += 1
            }
            // Earlier notes are already sorted and free of overlaps, so only the last one can reach
            // past this onset. Once it is dropped, the new last note ends at or before this onset.
            while let last = voice.notes.last, last.endStep > startStep {
                if last.startStep < startStep {
                    voice.notes[voice.notes.count - 1].endStep = startStep
                    voice.shortenedCount += 1
                } else {
                    voice.dropped.append(last.note)
                    voice.notes.removeLast()
                }
            }
            voice.notes.append(QuantizedNote(note: note, startStep: startStep, endStep: endStep))
        }
        return voice
    }
}
