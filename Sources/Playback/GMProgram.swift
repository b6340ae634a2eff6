/// A General MIDI level 1 program (instrument).
///
/// Numbering: `number` is zero-based, 0…127, the value a MIDI program-change message carries
/// and what FluidSynth's `fluid_synth_program_change` takes. Printed GM tables count from 1, so
/// "Voice Oohs" is program 54 in the table and `number` 53 here; `oneBased` gives the table value.
public struct GMProgram: Hashable, Codable, Sendable, CustomStringConvertible {
    /// The zero-based program number 0…127.
    public let number: Int

    /// Creates a program from its zero-based number 0…127.
    public init(_ number: Int) throws {
        guard (0...127).contains(number) else {
            throw PlaybackError.valueOutOfRange(name: "General MIDI program (zero-based)", value: number, range: 0...127)
        }
        self.number = number
    }

    /// Creates a program from its one-based number 1…128, as printed in General MIDI tables.
    public init(oneBased: Int) throws {
        guard (1...128).contains(oneBased) else {
            throw PlaybackError.valueOutOfRange(name: "General MIDI program (one-based)", value: oneBased, range: 1...128)
        }
        self.number = oneBased - 1
    }

    private init(known number: Int) {
        self.number = number
    }

    /// The one-based number 1…128 of printed General MIDI tables.
    public var oneBased: Int { number + 1 }

    /// The General MIDI name, such as "Voice Oohs".
    public var name: String { GMProgram.names[number] }

    public var description: String { "\(name) (GM \(oneBased), program change \(number))" }

    // MARK: Programs the presets use (zero-based number in brackets).

    /// "Church Organ" [19].
    public static let churchOrgan = GMProgram(known: 19)
    /// "Violin" [40].
    public static let violin = GMProgram(known: 40)
    /// "Viola" [41].
    public static let viola = GMProgram(known: 41)
    /// "Cello" [42].
    public static let cello = GMProgram(known: 42)
    /// "Choir Aahs" [52].
    public static let choirAahs = GMProgram(known: 52)
    /// "Voice Oohs" [53].
    public static let voiceOohs = GMProgram(known: 53)
    /// "Oboe" [68].
    public static let oboe = GMProgram(known: 68)
    /// "Bassoon" [70].
    public static let bassoon = GMProgram(known: 70)
    /// "Clarinet" [71].
    public static let clarinet = GMProgram(known: 71)
    /// "Flute" [73].
    public static let flute = GMProgram(known: 73)
}
