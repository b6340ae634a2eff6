/// The rule by which imported notes were given to soprano, alto, tenor and bass.
public enum MIDIVoiceAssignmentRule: String, Equatable, Sendable {
    /// Each line's track name says soprano, alto, tenor or bass (or S, A, T, B).
    case trackNames
    /// Lines sorted by average pitch: 4 lines → S, A, T, B; 3 → S, A, B; 2 → S, B.
    case averagePitch
    /// One monophonic line, imported as the soprano melody with the other voices resting.
    case melody
    /// One line with chords, split at every onset by pitch order among the notes sounding then.
    case chordSplit

    /// One sentence stating the rule, for the import report.
    public var explanation: String {
        switch self {
        case .trackNames:
            return "by track name (soprano/alto/tenor/bass or S/A/T/B)"
        case .averagePitch:
            return "by average pitch, highest first: 4 lines → S A T B, 3 → S A B, 2 → S B; with more than 4 lines the 4 with the most notes are kept"
        case .melody:
            return "one monophonic line → soprano melody; alto, tenor and bass rest"
        case .chordSplit:
            return "one line with chords → split by pitch order among the notes sounding at each onset: 4 or more → S A T … B, 3 → S A B, 2 → S B, 1 → S"
        }
    }
}

/// The origin of one voice's notes.
public struct MIDIVoiceSource: Equatable, Sendable {
    public var voice: Voice
    /// The track (counted from 1), channel (1…16) and name, such as `track 2 "Alto" channel 1`;
    /// nil when no line was given to this voice or the voice came from a chord split.
    public var source: String?
    /// Notes given to this voice before quantization.
    public var noteCount: Int
}

/// A track-and-channel line of notes: the unit the importer gives to a voice.
struct MIDINoteLine {
    var track: Int
    var channel: Int
    /// The track name, when this line is the only one in its track.
    var name: String?
    var notes: [MIDINote]

    var averagePitch: Double {
        Double(notes.reduce(0) { $0 + $1.pitch }) / Double(notes.count)
    }

    var label: String {
        let quoted = name.map { " \"\($0)\"" } ?? ""
        return "track \(track + 1)\(quoted) channel \(channel + 1)"
    }
}

/// The voice assignment the importer made.
struct MIDIVoiceAssignment {
    var rule: MIDIVoiceAssignmentRule
    /// The notes of each voice, indexed by `Voice.rawValue`.
    var notes: [[MIDINote]]
    var sources: [MIDIVoiceSource]
    /// Lines that went to no voice (labels), and notes that a chord split left without a voice.
    var ignoredLines: [String]
    var ignoredNotes: Int

    /// Gives `notes` to the four voices.
    ///
    /// Notes are grouped into lines by track and channel. Track names decide when every line's
    /// name names a different voice. Otherwise a single line is a melody or a chord split, and
    /// several lines go by average pitch. See `MIDIVoiceAssignmentRule` for each rule.
    static func assign(_ notes: [MIDINote], file: MIDIFile, quantizer: Quantizer) -> MIDIVoiceAssignment {
        let lines = groupIntoLines(notes, file: file)
        precondition(!lines.isEmpty, "voice assignment needs at least one note")

        if let named = assignByName(lines) {
            return named
        }
        if lines.count == 1 {
            let line = lines[0]
            if isPolyphonic(line.notes, quantizer: quantizer) {
                return splitChords(line.notes, quantizer: quantizer)
            }
            return fromLines([(Voice.soprano, line)], rule: .melody, ignored: [])
        }

        // Keep the four lines with the most notes (ties: file order), then sort by pitch.
        let kept = lines.enumerated()
            .sorted { ($0.element.notes.count, -$0.offset) > ($1.element.notes.count, -$1.offset) }
            .prefix(4).map(\.offset)
        let ignored = lines.indices.filter { !kept.contains($0) }.map { lines[$0].label }
        let byPitch = kept.map { lines[$0] }.enumerated()
            .sorted { ($0.element.averagePitch, -$0.offset) > ($1.element.averagePitch, -$1.offset) }
            .map(\.element)
        let layout: [Voice] = [[], [.soprano], [.soprano, .bass], [.soprano, .alto, .bass],
                               [.soprano, .alto, .tenor, .bass]][byPitch.count]
        return fromLines(Array(zip(layout, byPitch)), rule: .averagePitch, ignored: ignored)
    }

    private static func groupIntoLines(_ notes: [MIDINote], file: MIDIFile) -> [MIDINoteLine] {
        var lines: [MIDINoteLine] = []
        var index: [Int: Int] = [:]
        for note in notes.sorted(by: { ($0.track, $0.channel) < ($1.track, $1.channel) }) {
            let key = note.track * 16 + note.channel
            if let lineIndex = index[key] {
                lines[lineIndex].notes.append(note)
            } else {
                index[key] = lines.count
                lines.append(MIDINoteLine(track: note.track, channel: note.channel, name: nil, notes: [note]))
            }
        }
        // A track name describes a line only when the track contains no other line.
        for i in lines.indices where lines.filter({ $0.track == lines[i].track }).count == 1 {
            lines[i].name = file.tracks[lines[i].track].name
        }
        return lines
    }

    /// Returns the voice a track name names, or nil when it names none or several.
    static func voice(forTrackName name: String) -> Voice? {
        let lowered = name.lowercased()
        let words = lowered.split(whereSeparator: { !$0.isLetter }).map(String.init)
        let vocabulary: [(Voice, Set<String>)] = [
            (.soprano, ["soprano", "sopran", "soprani", "treble", "sop"]),
            (.alto, ["alto", "alt", "contralto"]),
            (.tenor, ["tenor", "tenore", "ten"]),
            (.bass, ["bass", "basso", "bassi", "bas"]),
        ]
        var found = Set(vocabulary.filter { !$0.1.isDisjoint(with: words) }.map(\.0))
        // A single letter counts only as the whole name ("S", "A.", "T1"), because "a" is also
        // a word in titles.
        if words.count == 1, let letter = words[0].first, words[0].count == 1 {
            if let voice = Voice.allCases.first(where: { $0.letter.lowercased() == String(letter) }) {
                found.insert(voice)
            }
        }
        return found.count == 1 ? found.first : nil
    }

    private static func assignByName(_ lines: [MIDINoteLine]) -> MIDIVoiceAssignment? {
        let voices = lines.map { $0.name.flatMap(voice(forTrackName:)) }
        var lineForVoice: [Voice: Int] = [:]
        var repeated = Set<Voice>()
        for (i, voice) in voices.enumerated() {
            guard let voice else { continue }
            if lineForVoice[voice] != nil { repeated.insert(voice) }
            lineForVoice[voice] = i
        }
        guard repeated.isEmpty else { return nil }
        // Either every line is named, or there are extra lines and all four voices are named.
        let allNamed = voices.allSatisfy { $0 != nil }
        guard allNamed || lineForVoice.count == 4 else { return nil }
        let pairs = Voice.allCases.compactMap { voice in lineForVoice[voice].map { (voice, lines[$0]) } }
        let ignored = lines.indices.filter { !lineForVoice.values.contains($0) }.map { lines[$0].label }
        return fromLines(pairs, rule: .trackNames, ignored: ignored)
    }

    private static func fromLines(_ pairs: [(Voice, MIDINoteLine)], rule: MIDIVoiceAssignmentRule,
                                  ignored: [String]) -> MIDIVoiceAssignment {
        var notes = Array(repeating: [MIDINote](), count: 4)
        var sources = Voice.allCases.map { MIDIVoiceSource(voice: $0, source: nil, noteCount: 0) }
        for (voice, line) in pairs {
            notes[voice.rawValue] = line.notes
            sources[voice.rawValue] = MIDIVoiceSource(voice: voice, source: line.label, noteCount: line.notes.count)
        }
        return MIDIVoiceAssignment(rule: rule, notes: notes, sources: sources, ignoredLines: ignored, ignoredNotes: 0)
    }

    /// True when two notes of the line overlap by at least one 16th step, which a legato melody
    /// played on a keyboard does not.
    static func isPolyphonic(_ notes: [MIDINote], quantizer: Quantizer) -> Bool {
        var latestEnd: Int?
        for note in notes.sorted(by: { $0.startTick < $1.startTick }) {
            if let end = latestEnd {
                // overlap ≥ ticksPerQuarter / 4, in integers.
                let overlap = min(end, note.endTick) - note.startTick
                if overlap * 4 >= quantizer.ticksPerQuarter { return true }
            }
            latestEnd = max(latestEnd ?? note.endTick, note.endTick)
        }
        return false
    }

    /// Gives each note the voice of its rank among the notes sounding at its quantized onset.
    ///
    /// The sweep counts sounding notes per pitch, so each onset costs at most 128 steps of work
    /// however many notes sound, and the whole split is O(n log n).
    private static func splitChords(_ notes: [MIDINote], quantizer: Quantizer) -> MIDIVoiceAssignment {
        let spans = notes.map { note -> (start: Int, end: Int) in
            let start = quantizer.nearestStep(ofTick: note.startTick)
            return (start, max(start + 1, quantizer.nearestStep(ofTick: note.endTick)))
        }
        let byStart = notes.indices.sorted { (spans[$0].start, notes[$0].pitch) < (spans[$1].start, notes[$1].pitch) }
        let byEnd = notes.indices.sorted { spans[$0].end < spans[$1].end }
        var soundingPerPitch = Array(repeating: 0, count: 128)
        var voiceNotes = Array(repeating: [MIDINote](), count: 4)
        var ignoredNotes = 0
        var endCursor = 0
        var startCursor = 0

        while startCursor < byStart.count {
            let step = spans[byStart[startCursor]].start
            // A note that ends by this step started before it (ends come after starts), so it
            // has been counted and can be removed.
            while endCursor < byEnd.count, spans[byEnd[endCursor]].end <= step {
                soundingPerPitch[notes[byEnd[endCursor]].pitch] -= 1
                endCursor += 1
            }
            var onset: [Int] = []
            var onsetPerPitch = Array(repeating: 0, count: 128)
            while startCursor < byStart.count, spans[byStart[startCursor]].start == step {
                let index = byStart[startCursor]
                onset.append(index)
                soundingPerPitch[notes[index].pitch] += 1
                onsetPerPitch[notes[index].pitch] += 1
                startCursor += 1
            }
            let soundingCount = soundingPerPitch.reduce(0, +)
            // Onset notes come in ascending pitch. Among equal pitches, held notes rank above new
            // ones and later new ones above earlier ones.
            var onsetSeenPerPitch = Array(repeating: 0, count: 128)
            for index in onset {
                let pitch = notes[index].pitch
                onsetSeenPerPitch[pitch] += 1
                let above = soundingPerPitch[(pitch + 1)...].reduce(0, +)
                let heldSamePitch = soundingPerPitch[pitch] - onsetPerPitch[pitch]
                let newSamePitchAbove = onsetPerPitch[pitch] - onsetSeenPerPitch[pitch]
                let rank = above + heldSamePitch + newSamePitchAbove
                if let voice = chordVoice(rank: rank, of: soundingCount) {
                    voiceNotes[voice.rawValue].append(notes[index])
                } else {
                    ignoredNotes += 1
                }
            }
        }
        let sources = Voice.allCases.map {
            MIDIVoiceSource(voice: $0, source: nil, noteCount: voiceNotes[$0.rawValue].count)
        }
        return MIDIVoiceAssignment(rule: .chordSplit, notes: voiceNotes, sources: sources,
                                   ignoredLines: [], ignoredNotes: ignoredNotes)
    }

    /// Returns the voice of the note ranked `rank` (0 = highest) among `count` sounding notes.
    // NOTE: the rank alone decides, so a note sounding by itself goes to the soprano even when it is
    // a bass note under resting upper voices. Voice leading from the previous onset would fix that.
    static func chordVoice(rank: Int, of count: Int) -> Voice? {
        switch count {
        case 1: return .soprano
        case 2: return rank == 0 ? .soprano : .bass
        case 3: return [Voice.soprano, .alto, .bass][rank]
        default:
            if rank == count - 1 { return .bass }
            return rank < 3 ? Voice(rawValue: rank) : nil
        }
    }
}
