import Chorale

/// How one voice sounds: its General MIDI program, level and stereo position.
///
/// Every value is a 7-bit MIDI value and is checked on creation.
public struct VoiceSound: Hashable, Codable, Sendable {
    /// The instrument, sent as a program change.
    public let program: GMProgram
    /// Channel volume, sent as controller 7: 0 silent … 127 full. Default 100, the General MIDI power-on value.
    public let volume: Int
    /// Stereo position, sent as controller 10: 0 hard left, 64 centre, 127 hard right.
    public let pan: Int
    /// Note-on velocity 1…127 for every note of the voice: louder and, in most SoundFonts, brighter.
    public let velocity: Int

    public init(program: GMProgram, volume: Int = 100, pan: Int = 64, velocity: Int = 90) throws {
        guard (0...127).contains(volume) else {
            throw PlaybackError.valueOutOfRange(name: "volume (MIDI controller 7)", value: volume, range: 0...127)
        }
        guard (0...127).contains(pan) else {
            throw PlaybackError.valueOutOfRange(name: "pan (MIDI controller 10)", value: pan, range: 0...127)
        }
        guard (1...127).contains(velocity) else {
            throw PlaybackError.valueOutOfRange(name: "note velocity", value: velocity, range: 1...127)
        }
        self.program = program
        self.volume = volume
        self.pan = pan
        self.velocity = velocity
    }
}

/// The sound of all four voices; voice `v` plays on MIDI channel `v.rawValue` (0 soprano … 3 bass).
public struct Instrumentation: Hashable, Codable, Sendable {
    /// One sound per voice, in S, A, T, B order.
    public private(set) var sounds: [VoiceSound]

    /// Creates an instrumentation from four sounds in S, A, T, B order.
    public init(soprano: VoiceSound, alto: VoiceSound, tenor: VoiceSound, bass: VoiceSound) {
        sounds = [soprano, alto, tenor, bass]
    }

    /// The sound of `voice`; set it to change one voice.
    public subscript(voice: Voice) -> VoiceSound {
        get { sounds[voice.rawValue] }
        set { sounds[voice.rawValue] = newValue }
    }
}
