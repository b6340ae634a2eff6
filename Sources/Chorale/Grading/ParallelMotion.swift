/// Parallel fifths and parallel octaves (or unisons) between every pair of voices.
///
/// A pair of voices is checked where both leave a note for a new note at the same step. As in
/// music21's `VoiceLeadingQuartet`, with spelled intervals measured from the lower voice to the
/// upper: the motion counts when both voices move the same way and the two vertical intervals
/// have the same directed simple name, or when they move in contrary directions and the simple
/// names agree; it is a parallel fifth when the first vertical interval is a perfect fifth (up to
/// octaves) and a parallel octave when it is a unison or an octave (up to octaves). Under the default
/// spelling, G♯ against E♭ is a diminished sixth, so that pair never counts as a fifth.
enum ParallelMotion {
    static func errorCounts(_ grid: SATBGrid) -> [String: Int] {
        var octaves = 0
        var fifths = 0
        let rows = grid.pitches
        guard grid.steps >= 2 else { return [:] }
        for upper in 0..<3 {
            for lower in (upper + 1)..<4 {
                for step in 1..<grid.steps {
                    let upperBefore = rows[upper][step - 1], upperAfter = rows[upper][step]
                    let lowerBefore = rows[lower][step - 1], lowerAfter = rows[lower][step]
                    guard upperBefore != SATBGrid.rest, upperAfter != SATBGrid.rest, upperBefore != upperAfter,
                          lowerBefore != SATBGrid.rest, lowerAfter != SATBGrid.rest, lowerBefore != lowerAfter
                    else { continue }
                    switch classify(upperBefore: upperBefore, upperAfter: upperAfter,
                                    lowerBefore: lowerBefore, lowerAfter: lowerAfter) {
                    case .octave?: octaves += 1
                    case .fifth?: fifths += 1
                    case nil: break
                    }
                }
            }
        }
        var counts = ["octave": 0, "fifth": 0]
        counts["octave"] = octaves
        counts["fifth"] = fifths
        return counts
    }

    enum Kind { case octave, fifth }

    /// The kind of parallel motion between two moving voices, or nil when there is none.
    static func classify(upperBefore: Int, upperAfter: Int, lowerBefore: Int, lowerAfter: Int) -> Kind? {
        let upperMotion = (upperAfter - upperBefore).signum()
        let lowerMotion = (lowerAfter - lowerBefore).signum()
        guard upperMotion != 0, lowerMotion != 0 else { return nil }
        let before = SpelledInterval(from: DefaultSpelledPitch(defaultSpellingOf: lowerBefore),
                                     to: DefaultSpelledPitch(defaultSpellingOf: upperBefore))
        let after = SpelledInterval(from: DefaultSpelledPitch(defaultSpellingOf: lowerAfter),
                                    to: DefaultSpelledPitch(defaultSpellingOf: upperAfter))
        let isParallel = upperMotion == lowerMotion && before.directedSimpleName == after.directedSimpleName
        let isAntiParallel = upperMotion != lowerMotion && before.simpleName == after.simpleName
        guard isParallel || isAntiParallel else { return nil }
        switch before.semiSimpleName {
        case "P5": return .fifth
        case "P1", "P8": return .octave
        default: return nil
        }
    }
}
