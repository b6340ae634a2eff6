extension SATBGrid {
    /// Returns the grid moved by `semitones` (rests stay rests); throws
    /// `VocabularyError.transpositionOutOfRange` naming the first cell that would leave the
    /// model range MIDI 30…86.
    public func transposed(by semitones: Int) throws -> SATBGrid {
        var moved = self
        for voice in Voice.allCases {
            for step in 0..<steps {
                let cell = pitches[voice.rawValue][step]
                if cell == SATBGrid.rest { continue }
                guard TokenVocabulary.pitchRange.contains(cell + semitones) else {
                    throw VocabularyError.transpositionOutOfRange(semitones: semitones, pitch: cell, voice: voice, step: step)
                }
                moved[voice, step] = cell + semitones
            }
        }
        return moved
    }

    /// Returns whether every cell moved by `semitones` stays in the model range; `transposed(by:)`
    /// succeeds exactly when this is true.
    public func canTranspose(by semitones: Int) -> Bool {
        guard let range = pitchSpan else { return true }
        return TokenVocabulary.pitchRange.contains(range.lowerBound + semitones)
            && TokenVocabulary.pitchRange.contains(range.upperBound + semitones)
    }

    /// The lowest and highest sounding pitch over all voices, or nil for an all-rest grid.
    public var pitchSpan: ClosedRange<Int>? {
        var low = Int.max
        var high = Int.min
        for row in pitches {
            for cell in row where cell != SATBGrid.rest {
                low = min(low, cell)
                high = max(high, cell)
            }
        }
        return low <= high ? low...high : nil
    }
}
