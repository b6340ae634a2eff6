import Chorale
import Dispatch
import Foundation
import Playback

/// `sunmask play FILE`: plays a score through the sound card until it ends or Ctrl-C.
struct PlayCommand: Command {
    static let spec = CommandSpec(
        name: "play",
        abstract: "Play a chorale through the sound card with FluidSynth.",
        synopsis: "FILE [options]",
        discussion: """
            FILE is a MIDI file, a session file (.json) or jsb:SPLIT:INDEX. Playback runs until the
            region ends (with --loop, until Ctrl-C); Ctrl-C stops it and silences every note.
            Without an audio device the command fails at once; use 'sunmask render' instead.
            """,
        options: [
            .flag("--loop", help: "Repeat the region until Ctrl-C."),
            .option("--audio-driver", value: "NAME",
                    help: "FluidSynth audio driver (alsa, pulseaudio, jack, oss, sdl2, …); default FluidSynth's own choice."),
        ] + PlaybackArguments.options)

    /// Seconds to keep the driver open after the last note, so its release is heard.
    static let releaseSeconds = 1.0

    let playback: PlaybackArguments
    let loop: Bool
    let audioDriver: String?

    init(arguments: ParsedArguments) throws {
        let positionals = try arguments.positionals(named: ["FILE"], minimum: 1, maximum: 1)
        loop = arguments.flag("--loop")
        audioDriver = arguments.string("--audio-driver")
        playback = try PlaybackArguments(arguments: arguments, input: positionals[0])
    }

    func run() throws {
        let (loaded, schedule) = try playback.schedule()
        if let report = loaded.importReport, !report.warnings.isEmpty || !report.transposedNotes.isEmpty {
            printError(report.description)
        }
        let player = try LivePlayer(soundFont: playback.soundFont, options: LiveOptions(audioDriver: audioDriver))
        let interrupt = InterruptFlag()
        try player.play(schedule, loop: loop)
        print("playing \(playback.describe(schedule, tempo: loaded.score.tempo))\(loop ? ", looped" : "") with SoundFont \(player.soundFontPath); Ctrl-C stops")

        while player.isPlaying && !interrupt.isSet {
            usleep(50_000)
        }
        if interrupt.isSet {
            player.panic()
            print("stopped")
            return
        }
        let releaseEnd = Date().addingTimeInterval(PlayCommand.releaseSeconds)
        while Date() < releaseEnd && !interrupt.isSet {
            usleep(50_000)
        }
        player.stop()
    }
}

/// Catches SIGINT (Ctrl-C) while it exists, so the player can silence its notes before exit.
final class InterruptFlag: @unchecked Sendable {
    private let lock = NSLock()
    private var raised = false
    private let source: DispatchSourceSignal

    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [unowned self] in
            self.lock.lock()
            self.raised = true
            self.lock.unlock()
        }
        source.resume()
    }

    deinit {
        source.cancel()
        signal(SIGINT, SIG_DFL)
    }

    var isSet: Bool {
        lock.lock()
        defer { lock.unlock() }
        return raised
    }
}
