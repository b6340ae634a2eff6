import Chorale
import Composer

/// `sunmask infill IN.mid --regenerate "A:0-64" -o OUT.mid`: regenerates chosen regions.
struct InfillCommand: Command {
    static let spec = CommandSpec(
        name: "infill",
        abstract: "Regenerate chosen voice × time regions of a chorale and keep the rest.",
        synopsis: "IN.mid --regenerate REGIONS -o OUT.mid [options]",
        discussion: """
            IN.mid is a MIDI file, a session (.json) or jsb:SPLIT:INDEX. REGIONS is a comma-separated list of \
            VOICE:START-END, with START and END in 16th-note steps from 0 (A:0-64) or as bar \
            positions BAR:BEAT[:SIXTEENTH] from bar 1, a pickup being bar 0 (A:2:1-4:1). A region \
            ends just before END. Every other cell is kept and must lie in MIDI 30…86 or be a rest.
            """,
        options: [
            .option("--output", "-o", value: "OUT.mid", help: "The MIDI file to write (required)."),
            .option("--regenerate", "-r", value: "REGIONS", help: "The regions to regenerate (required), such as \"A:0-64,T:32-96\"."),
        ] + SamplingOptions.specs + [JSBDataLocation.option])

    let input: String
    let output: String
    let regions: String
    let options: SamplingOptions
    let jsbData: JSBDataLocation

    init(arguments: ParsedArguments) throws {
        input = try arguments.positionals(named: ["IN.mid"], minimum: 1, maximum: 1)[0]
        output = try GenerationRun.outputPath(arguments)
        guard let regions = arguments.string("--regenerate") else {
            throw CommandLineError.missingValue(option: "--regenerate", valueName: "REGIONS")
        }
        self.regions = regions
        options = try SamplingOptions(arguments)
        jsbData = JSBDataLocation(arguments: arguments)
    }

    func run() throws {
        try GenerationRun.checkOutputFolder(output)
        let (score, summary) = try ScoreInput.load(input, jsbData: jsbData)
        print(summary)
        let parsed: [RegenerateRegion]
        do {
            parsed = try RegenerateRegions.parse(regions, in: score)
        } catch let error as RegionSpecError {
            throw CommandLineError.invalid("invalid --regenerate value: \(error)")
        }
        let keep = RegenerateRegions.keepMask(regenerating: parsed, steps: score.grid.steps)
        let candidates = try GenerationRun.generate(score: score, keep: keep, options: options)
        for (candidate, path) in zip(candidates, GenerationRun.outputPaths(output, count: candidates.count)) {
            try GenerationRun.write(candidate, to: path)
        }
    }
}
