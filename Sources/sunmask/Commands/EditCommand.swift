import Chorale
import Composer
import Foundation
import Playback
import SunmaskEngine

/// `sunmask edit [FILE]`: the piano-roll editor, and the command plain `sunmask` runs.
struct EditCommand: Command {
    static let spec = CommandSpec(
        name: "edit",
        abstract: "Edit a chorale in the terminal piano roll (the default command).",
        synopsis: "[FILE] [options]",
        discussion: """
            FILE is a MIDI file (.mid), a session (.json) or jsb:SPLIT:INDEX. A .mid or .json name \
            that does not exist yet starts a new piece saved there. Press ? in the editor for the keys.
            """,
        options: [
            .option("--model", value: "PATH",
                    help: "The model checkpoint (.safetensors); default $SUNMASK_MODEL, then the shipped model."),
            .option("--steps", value: "N",
                    help: "Sampler steps per job, replacing the preset's (1…1000000)."),
            .option("--threads", value: "N", help: "Compute threads for sampling jobs, 1 or 2; default 2."),
            .option("--soundfont", value: "PATH",
                    help: "The SoundFont (.sf2/.sf3) for playback; default $SUNMASK_SOUNDFONT, then the system's."),
            .option("--audio-driver", value: "NAME",
                    help: "FluidSynth's audio driver (alsa, pulseaudio, jack, …); default FluidSynth's own."),
            .option("--autosave-seconds", value: "S",
                    help: "Seconds between autosaves of changed work, 1…3600; default 60."),
            .flag("--no-color", help: "Draw without colours."),
            .flag("--ascii", help: "Draw with ASCII characters only; the default when the locale is not UTF-8."),
        ])

    let file: String?
    let modelPath: String?
    let steps: Int?
    let threads: Int
    let soundFont: String?
    let audioDriver: String?
    let autosaveSeconds: Int
    let colors: Bool
    let ascii: Bool

    init(arguments: ParsedArguments) throws {
        file = try arguments.positionals(named: ["FILE"], minimum: 0, maximum: 1).first
        modelPath = arguments.string("--model")
        steps = arguments.string("--steps") == nil ? nil : try arguments.int("--steps", default: 0, in: 1...1_000_000)
        threads = try arguments.int("--threads", default: 2, in: 1...2)
        soundFont = arguments.string("--soundfont")
        audioDriver = arguments.string("--audio-driver")
        autosaveSeconds = try arguments.int("--autosave-seconds", default: 60, in: 1...3600)
        colors = !arguments.flag("--no-color")
        ascii = arguments.flag("--ascii")
    }

    func run() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw RuntimeFailure("sunmask edit needs a terminal on standard input and output; "
                + "use 'sunmask convert' or 'sunmask harmonize' in scripts")
        }
        ComputeThreads.count = threads
        let (engine, missingMessage) = try loadEngine()
        var configuration = HostConfiguration(engine: engine, missingEngineMessage: missingMessage,
                                              autosaveInterval: TimeInterval(autosaveSeconds),
                                              audioDriver: audioDriver,
                                              jsbDataset: EditCommand.loadJSBDataset)
        if let soundFont {
            configuration.soundFont = .file(soundFont)
        }
        let host = try EditorHost.open(file, configuration: configuration)
        if let signal = try EditorLoop.run(host, colors: colors, ascii: ascii) {
            // The shell convention for a process ended by a signal: 128 + its number.
            exit(128 + signal)
        }
    }

    /// The engine of the first model found: `--model`, `$SUNMASK_MODEL`, the shipped model. A
    /// model the user named must load; without any model the editor still runs, and a
    /// generation key explains how to give one.
    private func loadEngine() throws -> (GenerationEngine?, String) {
        let model: GenerationModel
        do {
            model = try GenerationModel.load(explicitPath: modelPath, shippedModel: GenerationRun.shippedModel)
        } catch GenerationError.noModel {
            return (nil, "No model: start with --model FILE.safetensors or set \(GenerationModel.environmentVariable).")
        }
        return (SamplerGenerationEngine(model: model, stepsOverride: steps), "")
    }

    /// The JSB data set for `jsb:SPLIT:INDEX` files, found as `JSBDataLocation` searches.
    static func loadJSBDataset() throws -> JSBDataset {
        try JSBDataLocation().load().dataset
    }
}
