import Chorale
import Foundation
import Playback

/// `sunmask render FILE -o OUT.wav`: renders a score to a WAV file with FluidSynth, faster than
/// real time and without an audio device.
struct RenderCommand: Command {
    static let spec = CommandSpec(
        name: "render",
        abstract: "Render a chorale to a WAV file with FluidSynth (no sound card needed).",
        synopsis: "FILE -o OUT.wav [options]",
        discussion: """
            FILE is a MIDI file, a session file (.json) or jsb:SPLIT:INDEX. The WAV file is 16-bit
            stereo PCM at 44100 Hz; it lasts the region's playing time plus the release tail, and
            is written only when the render is not silent.
            """,
        options: [
            .option("--output", "-o", value: "OUT.wav", help: "The WAV file to write (required)."),
            .option("--tail", value: "SECONDS", help: "Seconds rendered after the music for release and reverb, 0…30; default 2."),
        ] + PlaybackArguments.options)

    let playback: PlaybackArguments
    let outputPath: String
    let tail: Double

    init(arguments: ParsedArguments) throws {
        let positionals = try arguments.positionals(named: ["FILE"], minimum: 1, maximum: 1)
        guard let output = arguments.string("--output") else {
            throw CommandLineError.missingArgument("-o OUT.wav")
        }
        guard URL(fileURLWithPath: output).pathExtension.lowercased() == "wav" else {
            throw CommandLineError.invalidValue(option: "--output", value: output, expected: "a path ending in .wav")
        }
        outputPath = output
        tail = try arguments.double("--tail", default: 2, in: 0...30)
        playback = try PlaybackArguments(arguments: arguments, input: positionals[0])
    }

    func run() throws {
        let (loaded, schedule) = try playback.schedule()
        if let report = loaded.importReport, !report.warnings.isEmpty || !report.transposedNotes.isEmpty {
            printError(report.description)
        }
        let renderer = OfflineRenderer(soundFont: playback.soundFont, options: RenderOptions(releaseTail: tail))
        let start = Date()
        let audio = try renderer.renderWAV(schedule, to: outputPath)
        let elapsed = Date().timeIntervalSince(start)
        print("rendered \(playback.describe(schedule, tempo: loaded.score.tempo))")
        print(String(format: "wrote %@: %.2f s of audio (%.2f s of music + %.1f s tail), %d Hz, in %.2f s with SoundFont %@",
                     outputPath, audio.duration, schedule.duration, tail, audio.sampleRate, elapsed, audio.soundFontPath))
    }
}
