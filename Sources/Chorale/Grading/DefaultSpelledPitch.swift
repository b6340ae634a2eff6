/// A pitch spelled with a letter and an alteration, as music21 spells a bare MIDI number.
///
/// music21's default spelling (music21 5.7 and 10) uses sharps for every black key except E♭ and
/// B♭: C C♯ D E♭ E F F♯ G G♯ A B♭ B. The grid stores MIDI numbers only, so the grader spells every
/// pitch this way, as the published grader does when it reads MIDI; A♭ therefore reads as G♯.
struct DefaultSpelledPitch: Hashable, Sendable {
    /// The MIDI pitch, 0…127.
    let midi: Int
    /// The letter, 0 = C, 1 = D, … 6 = B.
    let letter: Int
    /// The alteration in semitones: -1 flat, 0 natural, +1 sharp.
    let alter: Int

    private static let letterOfPitchClass = [0, 0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6]
    private static let alterOfPitchClass = [0, 1, 0, -1, 0, 0, 1, 0, 1, 0, -1, 0]

    /// Spells `midi` by music21's default.
    init(defaultSpellingOf midi: Int) {
        let pitchClass = ((midi % 12) + 12) % 12
        self.midi = midi
        self.letter = DefaultSpelledPitch.letterOfPitchClass[pitchClass]
        self.alter = DefaultSpelledPitch.alterOfPitchClass[pitchClass]
    }

    /// Spells `midi` with the letter and alteration given.
    init(spelledMidi midi: Int, letter: Int, alter: Int) {
        self.midi = midi
        self.letter = letter
        self.alter = alter
    }

    var pitchClass: Int { ((midi % 12) + 12) % 12 }

    /// Letter steps from C0's octave: octave × 7 + letter. The default spelling never crosses an
    /// octave boundary (no C♭ or B♯), so the octave is the MIDI octave.
    var diatonicNumber: Int {
        let octave = midi >= 0 ? midi / 12 : (midi - 11) / 12
        return octave * 7 + letter
    }
}

/// The interval between two spelled pitches: letter steps and semitones, both signed (upward positive).
///
/// The names follow music21's conventions: `M2`, `m-3` (a descending minor third), `P8`, `A1`,
/// and a descending augmented unison reads `d1`.
struct SpelledInterval: Hashable, Sendable {
    let steps: Int
    let semitones: Int

    init(from start: DefaultSpelledPitch, to end: DefaultSpelledPitch) {
        steps = end.diatonicNumber - start.diatonicNumber
        semitones = end.midi - start.midi
    }

    init(steps: Int, semitones: Int) {
        self.steps = steps
        self.semitones = semitones
    }

    /// The name with direction, for example `M-2`; unisons carry no direction.
    var directedName: String {
        if steps == 0 { return SpelledInterval.unisonName(semitones: semitones) }
        let direction = steps > 0 ? 1 : -1
        let quality = SpelledInterval.quality(letterSteps: abs(steps), semitones: semitones * direction)
        return quality + (direction < 0 ? "-" : "") + String(abs(steps) + 1)
    }

    /// The interval reduced into one octave, with direction; an octave reduces to a unison.
    var directedSimpleName: String { simpleReduced.directedName }

    /// The interval reduced into one octave, without direction; an octave reduces to a unison.
    var simpleName: String { simpleReduced.undirectedName }

    /// Like `simpleName`, but an octave or a compound octave stays `P8`.
    var semiSimpleName: String {
        let letterSteps = abs(steps)
        if letterSteps >= 7 && letterSteps % 7 == 0 {
            let direction = steps > 0 ? 1 : -1
            let octaves = letterSteps / 7 - 1
            return SpelledInterval(steps: 7, semitones: semitones * direction - 12 * octaves).undirectedName
        }
        return simpleName
    }

    private var simpleReduced: SpelledInterval {
        let direction = steps >= 0 ? 1 : -1
        let octaves = abs(steps) / 7
        return SpelledInterval(steps: steps - direction * 7 * octaves,
                               semitones: semitones - direction * 12 * octaves)
    }

    private var undirectedName: String {
        if steps == 0 { return SpelledInterval.unisonName(semitones: semitones) }
        let direction = steps > 0 ? 1 : -1
        return SpelledInterval.quality(letterSteps: abs(steps), semitones: semitones * direction)
            + String(abs(steps) + 1)
    }

    private static func unisonName(semitones: Int) -> String {
        switch semitones {
        case 0: return "P1"
        case 1...: return String(repeating: "A", count: semitones) + "1"
        default: return String(repeating: "d", count: -semitones) + "1"
        }
    }

    /// The quality letter(s) of an upward interval of `letterSteps` steps spanning `semitones`.
    private static func quality(letterSteps: Int, semitones: Int) -> String {
        let majorOrPerfect = [0, 2, 4, 5, 7, 9, 11]
        let simpleSteps = letterSteps % 7
        let difference = semitones - (majorOrPerfect[simpleSteps] + 12 * (letterSteps / 7))
        let isPerfectClass = simpleSteps == 0 || simpleSteps == 3 || simpleSteps == 4
        if isPerfectClass {
            switch difference {
            case 0: return "P"
            case 1...: return String(repeating: "A", count: difference)
            default: return String(repeating: "d", count: -difference)
            }
        }
        switch difference {
        case 0: return "M"
        case -1: return "m"
        case 1...: return String(repeating: "A", count: difference)
        default: return String(repeating: "d", count: -difference - 1)
        }
    }
}
