/// A major or minor key: a tonic pitch class and a mode. It gives the key signature and the
/// spelling (letter and accidental) of every pitch.
public struct Key: Equatable, Hashable, Codable, Sendable, CustomStringConvertible {
    public enum Mode: String, Codable, Sendable {
        case major, minor
    }

    /// The tonic's pitch class 0…11, 0 = C.
    public let tonic: Int
    public let mode: Mode

    public init(tonic: Int, mode: Mode) {
        precondition((0..<12).contains(tonic), "Key tonic must be a pitch class 0…11, got \(tonic)")
        self.tonic = tonic
        self.mode = mode
    }

    /// The key signature as a count of fifths: positive sharps, negative flats, −6…5. A tonic with
    /// two equal spellings takes the flat one (Gb major, Eb minor, Db major).
    public var fifths: Int {
        let majorTonic = mode == .major ? tonic : (tonic + 3) % 12
        // 7 is its own inverse modulo 12, so the tonic reached after f fifths is 7f mod 12.
        let sharps = (majorTonic * 7) % 12
        return sharps > 5 ? sharps - 12 : sharps
    }

    /// The tonic's letter index 0…6 (C D E F G A B).
    private var tonicLetter: Int {
        // Each fifth moves the letter up by 4 steps (C → G → D …).
        let majorLetter = ((fifths * 4) % 7 + 7) % 7
        return mode == .major ? majorLetter : (majorLetter + 5) % 7
    }

    /// Returns the spelling of `midi` in this key.
    ///
    /// Diatonic notes follow the key signature. Chromatic notes are spelled as the usual
    /// alterations of Bach's harmony: raised 1, 4 and 5 and lowered 3 and 7 in major, and
    /// lowered 2 and raised 3, 4, 6 and 7 in minor.
    public func spelling(of midi: Int) -> SpelledPitch {
        let interval = ((midi - tonic) % 12 + 12) % 12
        let degrees = mode == .major ? Key.majorDegrees : Key.minorDegrees
        let letter = (tonicLetter + degrees[interval]) % 7
        var alter = ((midi % 12) - SpelledPitch.naturalPitchClasses[letter] + 12) % 12
        if alter > 6 { alter -= 12 }
        // Floor division, because Cb and B# can cross below MIDI 0.
        let natural = midi - alter
        let octave = (natural >= 0 ? natural / 12 : (natural - 11) / 12) - 1
        return SpelledPitch(letter: letter, alter: alter, octave: octave)
    }

    /// "D major", "F# minor", with the tonic spelled as in the key signature.
    public var description: String {
        let name = spelling(of: 60 + tonic)
        return "\(name.step)\(name.accidentalText) \(mode.rawValue)"
    }

    /// The scale degree (0 = tonic … 6) used to spell each interval above the tonic.
    private static let majorDegrees = [0, 0, 1, 2, 2, 3, 3, 4, 4, 5, 6, 6]
    private static let minorDegrees = [0, 1, 1, 2, 2, 3, 3, 4, 5, 5, 6, 6]
}

/// A pitch as notation writes it: a letter, an alteration in semitones and an octave
/// (MIDI 60 = C4).
public struct SpelledPitch: Equatable, Hashable, Sendable, CustomStringConvertible {
    /// The letter index 0…6 for C D E F G A B.
    public let letter: Int
    /// Semitones added to the natural letter: −1 flat, +1 sharp.
    public let alter: Int
    public let octave: Int

    /// The letter as MusicXML's `step`: "C" … "B".
    public var step: String { ["C", "D", "E", "F", "G", "A", "B"][letter] }

    /// "#" or "b" repeated `alter` times, empty for a natural.
    public var accidentalText: String {
        String(repeating: alter > 0 ? "#" : "b", count: abs(alter))
    }

    /// The MIDI number this spelling sounds.
    public var midi: Int { (octave + 1) * 12 + SpelledPitch.naturalPitchClasses[letter] + alter }

    public var description: String { "\(step)\(accidentalText)\(octave)" }

    static let naturalPitchClasses = [0, 2, 4, 5, 7, 9, 11]
}
