import Foundation
import Chorale

/// The built-in instrumentations. Voices are spread a little across the stereo field,
/// soprano left to bass right, as a choir or quartet often stands.
extension Instrumentation {
    /// Four "Voice Oohs" (GM 54, program change 53).
    public static let choir = uniform(.voiceOohs, velocity: 90)

    /// Four "Church Organ" voices (GM 20, program change 19).
    public static let organ = uniform(.churchOrgan, velocity: 90)

    /// Violin I, violin II, viola and cello (GM 41, 41, 42, 43; program changes 40, 40, 41, 42).
    public static let stringQuartet = quartet([.violin, .violin, .viola, .cello])

    /// Flute, oboe, clarinet and bassoon (GM 74, 69, 72, 71; program changes 73, 68, 71, 70).
    public static let woodwindQuartet = quartet([.flute, .oboe, .clarinet, .bassoon])

    /// The presets by the names the command line and the editor use.
    public static let presets: [(name: String, instrumentation: Instrumentation)] = [
        ("choir", .choir),
        ("organ", .organ),
        ("strings", .stringQuartet),
        ("woodwinds", .woodwindQuartet),
    ]

    /// The preset called `name` (one of `presets`, case-insensitive).
    public static func preset(named name: String) throws -> Instrumentation {
        guard let match = presets.first(where: { $0.name.caseInsensitiveCompare(name) == .orderedSame }) else {
            throw PlaybackError.unknownPreset(name: name, known: presets.map(\.name))
        }
        return match.instrumentation
    }

    /// Pan positions for S, A, T, B: slightly left to slightly right of centre.
    private static let pans = [44, 56, 72, 84]

    private static func uniform(_ program: GMProgram, velocity: Int) -> Instrumentation {
        quartet(Array(repeating: program, count: 4), velocity: velocity)
    }

    private static func quartet(_ programs: [GMProgram], velocity: Int = 90) -> Instrumentation {
        // The values are constants inside the checked ranges, so creation cannot fail.
        let sounds = (0..<4).map { index in
            try! VoiceSound(program: programs[index], volume: 100, pan: pans[index], velocity: velocity)
        }
        return Instrumentation(soprano: sounds[0], alto: sounds[1], tenor: sounds[2], bass: sounds[3])
    }
}
