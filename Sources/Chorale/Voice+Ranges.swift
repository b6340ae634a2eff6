// Voice ranges of the model, measured from the JSB chorale data (Jsb16thSeparated.json).
// Each range is the lowest and highest MIDI pitch the voice sings over all steps that are not
// silent, in the train, valid and test splits together. Train+valid alone gives the same values.
// `VoiceRangeTests.testRangesMatchJSBData` recomputes them from the file.

extension Voice {
    /// The pitches this voice sings in Bach's chorales: soprano C4…A5, alto E3…D5,
    /// tenor Bb2…A4, bass C2…F#4 (MIDI 60 = C4).
    public var modelRange: ClosedRange<Int> {
        switch self {
        case .soprano: return 60...81
        case .alto: return 52...74
        case .tenor: return 46...69
        case .bass: return 36...66
        }
    }
}
