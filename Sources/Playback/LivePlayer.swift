import CFluidSynth
import Foundation

/// Plays note schedules through an audio device, without blocking the caller.
///
/// The synthesizer and its SoundFont are created once, in `init`. Every `play` creates a fresh
/// FluidSynth sequencer and audio driver, schedules all notes on the sequencer, and returns at
/// once; `stop` tears both down. A reused FluidSynth player can fail to restart after a stop in
/// FluidSynth 2.3.1, so nothing but the synthesizer outlives one playback.
///
/// The sequencer counts time in synthesized samples, not wall-clock time, so `currentStep`
/// follows the audio the driver has pulled. It runs ahead of the loudspeaker by the driver's
/// buffer, which FluidSynth 2.3.1 sets to 16 periods of 64 frames (23 ms at 44.1 kHz).
///
/// All methods may be called from any thread; a lock serialises them.
public final class LivePlayer: @unchecked Sendable {
    private let synthesizer: Synthesizer
    private let lock = NSLock()
    private var session: PlaybackSession?

    /// Creates the synthesizer and loads the SoundFont. No audio device is opened yet.
    public init(soundFont: SoundFontLocator = SoundFontLocator(), options: LiveOptions = LiveOptions()) throws {
        synthesizer = try Synthesizer(options: options.synthesis, locator: soundFont,
                                      extraSettings: options.allSettings)
    }

    deinit {
        session?.tearDown()
    }

    /// The SoundFont file in use.
    public var soundFontPath: String { synthesizer.soundFontPath }

    /// Starts playing `schedule` and returns immediately; a playback already running is stopped first.
    ///
    /// With `loop` the region repeats until `stop`. Throws `nothingToPlay` for a schedule without
    /// notes, and `audioDriverFailed` when the audio driver cannot start (no sound card, no sound
    /// server): the error names the driver and FluidSynth's message. Opening a driver fails within
    /// milliseconds when no device exists (measured on Debian 12 for alsa, pulseaudio, jack, oss, sdl2).
    public func play(_ schedule: NoteSchedule, loop: Bool = false) throws {
        guard !schedule.notes.isEmpty else {
            throw PlaybackError.nothingToPlay(from: schedule.region.lowerBound, to: schedule.region.upperBound)
        }
        lock.lock()
        defer { lock.unlock() }
        session?.tearDown()
        session = nil
        session = try PlaybackSession(synthesizer: synthesizer, schedule: schedule, loop: loop)
    }

    /// Stops playback: removes the remaining notes, sends all-notes-off on every channel, and
    /// closes the audio driver. Does nothing when nothing plays.
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        session?.tearDown()
        session = nil
    }

    /// Stops playback and silences every channel at once, release tails included.
    /// Use it when a sound hangs.
    public func panic() {
        lock.lock()
        defer { lock.unlock() }
        session?.tearDown()
        session = nil
        synthesizer.allNotesOff()
        synthesizer.allSoundsOff()
    }

    /// The score step being played, for a play cursor, or `nil` when not playing or when a
    /// playback without looping has passed its last step.
    public var currentStep: Int? {
        lock.lock()
        defer { lock.unlock() }
        return session?.currentStep
    }

    /// Whether a playback is running (a looped one until `stop`).
    public var isPlaying: Bool { currentStep != nil }
}
