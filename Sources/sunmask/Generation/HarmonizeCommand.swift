import Chorale
import Composer

/// `sunmask harmonize MELODY.mid -o OUT.mid`: keeps chosen voices and generates the others.
struct HarmonizeCommand: Command {
    static let spec = CommandSpec(
        name: "harmonize",
        abstract: "Keep a melody (or chosen voices) and generate the other voices.",
        synopsis: "MELODY.mid -o OUT.mid [options]",
        discussion: """
            MELODY.mid is a MIDI file (a single line is read as the soprano), a session (.json) \
            or jsb:SPLIT:INDEX, a chorale of the JSB data (see --jsb-data). Every step of the kept voices is kept, \
            rests included; kept notes must lie in MIDI 30…86. With --best M > 1 the outputs are \
            OUT-1.mid … OUT-M.mid, best first.
            """,
        options: [
            .option("--output", "-o", value: "OUT.mid", help: "The MIDI file to write (required)."),
            .option("--keep", value: "VOICES", help: "Voices to keep, comma-separated letters such as S or S,B; default S."),
        ] + SamplingOptions.specs + [JSBDataLocation.option])

    let input: String
    let output: String
    let keptVoices: [Voice]
    let options: SamplingOptions
    let jsbData: JSBDataLocation

    init(arguments: ParsedArguments) throws {
        input = try arguments.positionals(named: ["MELODY.mid"], minimum: 1, maximum: 1)[0]
        output = try GenerationRun.outputPath(arguments)
        keptVoices = try Self.voices(arguments.string("--keep") ?? "S")
        options = try SamplingOptions(arguments)
        jsbData = JSBDataLocation(arguments: arguments)
    }

    func run() throws {
        try GenerationRun.checkOutputFolder(output)
        let (score, summary) = try ScoreInput.load(input, jsbData: jsbData)
        print(summary)
        var keep = KeepMask(steps: score.grid.steps, keepingAll: false)
        keep.set(true, voices: keptVoices, steps: 0..<score.grid.steps)
        let candidates = try GenerationRun.generate(score: score, keep: keep, options: options)
        for (candidate, path) in zip(candidates, GenerationRun.outputPaths(output, count: candidates.count)) {
            try GenerationRun.write(candidate, to: path)
        }
    }

    /// Parses `S,A` into voices; throws `CommandLineError` for an unknown letter, a repeat or
    /// all four voices (which leaves nothing to generate).
    static func voices(_ text: String) throws -> [Voice] {
        var voices: [Voice] = []
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            let letter = item.trimmingCharacters(in: .whitespaces).uppercased()
            guard let voice = Voice.allCases.first(where: { String($0.letter) == letter }) else {
                throw CommandLineError.invalidValue(option: "--keep", value: text,
                                                    expected: "voice letters S, A, T, B separated by commas, such as S,B")
            }
            guard !voices.contains(voice) else {
                throw CommandLineError.invalidValue(option: "--keep", value: text, expected: "each voice at most once")
            }
            voices.append(voice)
        }
        guard voices.count < Voice.allCases.count else {
            throw CommandLineError.invalidValue(option: "--keep", value: text,
                                                expected: "at most three voices, so that one is left to generate")
        }
        return voices
    }
}
