/// The sound of each exported voice: General MIDI program, velocity and channel.
public struct MIDIExportOptions: Equatable, Sendable {
    public struct VoiceSound: Equatable, Sendable {
        /// General MIDI program as the data byte, 0…127 (Choir Aahs is 52, Church Organ 19;
        /// programs are numbered from 1 in printed lists, so these appear there as 53 and 20).
        public var program: Int
        /// Note-on velocity, 1…127.
        public var velocity: Int
        /// MIDI channel, 0…15 (shown as 1…16 in most programs); channel 9 is percussion in GM.
        public var channel: Int

        public init(program: Int, velocity: Int, channel: Int) {
            precondition((0...127).contains(program), "GM program \(program) outside 0…127")
            precondition((1...127).contains(velocity), "velocity \(velocity) outside 1…127")
            precondition((0...15).contains(channel), "channel \(channel) outside 0…15")
            self.program = program
            self.velocity = velocity
            self.channel = channel
        }
    }

    /// Indexed by `Voice.rawValue`. The soprano is a little louder so the melody carries.
    public var voices: [VoiceSound]

    public init(voices: [VoiceSound]) {
        precondition(voices.count == 4, "export needs 4 voice sounds (S, A, T, B), got \(voices.count)")
        self.voices = voices
    }

    /// Creates the default: every voice on Choir Aahs (GM 52), channels 1–4.
    public init() {
        self.init(program: 52)
    }

    /// Puts every voice on one GM program, channels 1–4, velocities S 84, A 72, T 72, B 76.
    public init(program: Int) {
        self.init(voices: zip([84, 72, 72, 76], 0..<4).map {
            VoiceSound(program: program, velocity: $0.0, channel: $0.1)
        })
    }

    /// Choir Aahs (GM 52), the default.
    public static let choir = MIDIExportOptions(program: 52)
    /// Church Organ (GM 19).
    public static let organ = MIDIExportOptions(program: 19)
}
