import Chorale
import Composer
import Foundation

/// `sunmask sample -n COUNT -o DIR`: unconditional chorales.
struct SampleCommand: Command {
    static let spec = CommandSpec(
        name: "sample",
        abstract: "Generate chorales from nothing.",
        synopsis: "-n COUNT -o DIR [--length STEPS] [options]",
        discussion: """
            Writes DIR/sample-001.mid … in 4/4, creating DIR when needed. With --candidates N \
            (N ≥ COUNT), N chorales are sampled and the best COUNT written, best first. Each \
            chorale is transposed as a whole into a key of 2 flats to 3 sharps with its voices \
            centred in their ranges, before ranking; --as-sampled keeps the key the model chose.
            """,
        options: [
            .option("--count", "-n", value: "COUNT", help: "The number of chorales to write (required)."),
            .option("--output", "-o", value: "DIR", help: "The folder to write into (required)."),
            .option("--length", value: "STEPS", help: "Length in 16th-note steps; default 128 (8 bars of 4/4)."),
            .flag("--as-sampled", help: "Keep the key the model sampled instead of moving to a common key."),
        ] + SamplingOptions.specs.filter { $0.names[0] != "--best" })

    let count: Int
    let directory: String
    let length: Int
    let options: SamplingOptions
    let keyPlacement: KeyPlacement

    init(arguments: ParsedArguments) throws {
        _ = try arguments.positionals(named: [], minimum: 0, maximum: 0)
        guard arguments.string("--count") != nil else {
            throw CommandLineError.missingValue(option: "--count", valueName: "COUNT")
        }
        count = try arguments.int("--count", default: 1, in: 1...10_000)
        guard let folder = arguments.string("--output") else {
            throw CommandLineError.missingValue(option: "--output", valueName: "DIR")
        }
        // A folder name may contain dots, but one ending in .mid is most likely meant as a file.
        guard !["mid", "midi"].contains(URL(fileURLWithPath: folder).pathExtension.lowercased()) else {
            throw CommandLineError.invalidValue(
                option: "--output", value: folder,
                expected: "a folder to write sample-001.mid, sample-002.mid, … into, not a MIDI file name")
        }
        directory = folder
        length = try arguments.int("--length", default: 128, in: 1...4096)
        var options = try SamplingOptions(arguments)
        if arguments.string("--candidates") == nil {
            options.candidates = count
        }
        guard options.candidates >= count else {
            throw CommandLineError.invalid("--candidates \(options.candidates) is less than -n \(count); "
                                           + "sample at least as many candidates as files to write")
        }
        options.best = count
        self.options = options
        keyPlacement = arguments.flag("--as-sampled") ? .asSampled : .commonKey
    }

    func run() throws {
        // The folder is created before sampling, so that a bad path fails at once, and removed
        // again when sampling fails before anything is written into it.
        let existed = FileManager.default.fileExists(atPath: directory)
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw RuntimeFailure("cannot create output folder \(directory): \(error.localizedDescription); "
                                 + "check the path and its permissions")
        }
        let score = Score(grid: SATBGrid(steps: length))
        let keep = KeepMask(steps: length, keepingAll: false)
        let candidates: [HarmonizedCandidate]
        do {
            candidates = try GenerationRun.generate(score: score, keep: keep, options: options,
                                                    keyPlacement: keyPlacement)
        } catch {
            if !existed { rmdir(directory) }
            throw error
        }
        for (number, candidate) in candidates.enumerated() {
            let name = String(format: "sample-%03d.mid", number + 1)
            try GenerationRun.write(candidate, to: (directory as NSString).appendingPathComponent(name))
        }
    }
}
