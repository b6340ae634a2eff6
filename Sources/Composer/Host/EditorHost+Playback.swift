import Chorale
import Foundation
import Playback

/// The live player, created on first use, and a playback waiting for it.
struct PlaybackState {
    var player: LivePlayer?
    var loading = false
    var pending: (schedule: NoteSchedule, loop: Bool)?
}

extension EditorHost {
    /// The notes of `from..<to` of `grid`, at the settings' tempo and instruments.
    func schedule(from: Int, to: Int, grid: SATBGrid) throws -> NoteSchedule {
        var score = editor.document.score
        score.grid = grid
        score.tempo = editor.settings.tempo
        return try NoteSchedule(score: score, region: from..<to,
                                instrumentation: try Instrumentation.preset(named: editor.settings.instruments))
    }

    /// Plays the grid on screen (a candidate being browsed, or the document). The first play
    /// loads the SoundFont on a background thread, which can take a second for a large one.
    func play(from: Int, to: Int, loop: Bool) {
        let schedule: NoteSchedule
        do {
            schedule = try self.schedule(from: from, to: to, grid: editor.displayedGrid)
        } catch {
            editor.show(message: "Cannot play: \(error)")
            return
        }
        if let player = playback.player {
            start(schedule, loop: loop, on: player)
            return
        }
        playback.pending = (schedule, loop)
        guard !playback.loading else { return }
        playback.loading = true
        editor.show(message: "Loading the SoundFont…")
        let locator = configuration.soundFont
        let options = LiveOptions(audioDriver: configuration.audioDriver)
        let mailbox = self.mailbox
        Thread {
            let outcome = Result { try LivePlayer(soundFont: locator, options: options) }
            mailbox.post { $0.playerDidLoad(outcome) }
        }.start()
    }

    func playerDidLoad(_ outcome: Result<LivePlayer, Error>) {
        playback.loading = false
        switch outcome {
        case .success(let player):
            playback.player = player
            if let pending = playback.pending {
                playback.pending = nil
                start(pending.schedule, loop: pending.loop, on: player)
            }
        case .failure(let error):
            playback.pending = nil
            editor.show(message: "Cannot play: \(error)")
        }
    }

    private func start(_ schedule: NoteSchedule, loop: Bool, on player: LivePlayer) {
        do {
            try player.play(schedule, loop: loop)
            editor.show(message: loop ? "Playing in a loop; P stops." : "Playing; P stops.")
        } catch PlaybackError.audioDriverFailed(let driver, _) {
            editor.playStep = nil
            editor.show(message: "No audio device (\(driver) failed to open); W renders the piece to a WAV file instead.")
        } catch {
            editor.show(message: "Cannot play: \(error)")
        }
    }

    func stopPlayback() {
        playback.pending = nil
        playback.player?.stop()
        editor.playStep = nil
    }

    func panic() {
        playback.pending = nil
        playback.player?.panic()
        editor.playStep = nil
    }

    /// Moves the play cursor to the step the player is at.
    func updatePlayCursor() {
        guard let player = playback.player else { return }
        editor.playStep = player.currentStep
    }
}
