/// A MIDI note number 0…127, named with the convention MIDI 60 = C4 (middle C), as in
/// scientific pitch notation and MusicXML.
public struct Pitch: Equatable, Hashable, Comparable, Codable, Sendable, CustomStringConvertible {
    /// The MIDI note number 0…127.
    public let midi: Int

    /// Creates a pitch from a MIDI note number; throws `PitchError.outOfMIDIRange` outside 0…127.
    public init(midi: Int) throws {
        guard (0...127).contains(midi) else {
            throw PitchError.outOfMIDIRange(midi)
        }
        self.midi = midi
    }

    /// Creates a pitch from a note name such as "C4", "F#3", "Bb2" or "Cb4" (MIDI 60 = C4);
    /// throws `PitchError.invalidName` when the text is not a note name or lies outside MIDI 0…127.
    public init(name: String) throws {
        var characters = Substring(name)
        guard let letter = characters.first.flatMap({ Pitch.naturalPitchClass[Character($0.uppercased())] }) else {
            throw PitchError.invalidName(name)
        }
        characters = characters.dropFirst()
        var alter = 0
        while let symbol = characters.first, symbol == "#" || symbol == "b" || symbol == "♯" || symbol == "♭" {
            alter += (symbol == "#" || symbol == "♯") ? 1 : -1
            characters = characters.dropFirst()
        }
        guard let octave = Int(characters) else {
            throw PitchError.invalidName(name)
        }
        let midi = (octave + 1) * 12 + letter + alter
        guard (0...127).contains(midi) else {
            throw PitchError.invalidName(name)
        }
        self.midi = midi
    }

    /// The pitch class 0…11, 0 = C.
    public var pitchClass: Int { midi % 12 }

    /// The octave number in the MIDI 60 = C4 convention (MIDI 0 is C-1).
    public var octave: Int { midi / 12 - 1 }

    /// The name with sharps for black keys, for example "C4", "F#3", "A5".
    public var name: String { name(preferringFlats: false) }

    /// Returns the name spelling black keys with flats ("Bb3") when `preferringFlats`, else sharps ("A#3").
    public func name(preferringFlats: Bool) -> String {
        let names = preferringFlats ? Pitch.flatNames : Pitch.sharpNames
        return "\(names[pitchClass])\(octave)"
    }

    /// Returns the pitch `semitones` higher (or lower when negative); throws outside MIDI 0…127.
    public func transposed(by semitones: Int) throws -> Pitch {
        try Pitch(midi: midi + semitones)
    }

    public var description: String { name }

    public static func < (lhs: Pitch, rhs: Pitch) -> Bool { lhs.midi < rhs.midi }

    static let sharpNames = ["C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B"]
    static let flatNames = ["C", "Db", "D", "Eb", "E", "F", "Gb", "G", "Ab", "A", "Bb", "B"]
    static let naturalPitchClass: [Character: Int] = ["C": 0, "D": 2, "E": 4, "F": 5, "G": 7, "A": 9, "B": 11]
}

/// A pitch value that is not a MIDI note.
public enum PitchError: Error, Equatable, CustomStringConvertible {
    case outOfMIDIRange(Int)
    case invalidName(String)

    public var description: String {
        switch self {
        case .outOfMIDIRange(let midi):
            return "pitch \(midi) is outside the MIDI range 0…127"
        case .invalidName(let name):
            return "invalid note name \"\(name)\"; expected a letter A–G, optional # or b, and an octave with MIDI 60 = C4, such as C4 or F#3"
        }
    }
}
