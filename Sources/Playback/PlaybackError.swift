/// A failure to schedule, synthesize, render or play a score. Each description is one line:
/// what failed, on which value, and what to do.
public enum PlaybackError: Error, Equatable, CustomStringConvertible {
    /// The region is empty or reaches outside the score's steps.
    case invalidRegion(from: Int, to: Int, scoreSteps: Int)
    /// The tempo is not a positive finite number of quarter notes per minute.
    case invalidTempo(Double)
    /// A per-voice MIDI value (program, volume, pan or velocity) is outside its range.
    case valueOutOfRange(name: String, value: Int, range: ClosedRange<Int>)
    /// No preset of that name exists.
    case unknownPreset(name: String, known: [String])
    /// The region holds only rests, so there is nothing to hear.
    case nothingToPlay(from: Int, to: Int)
    /// A render or synthesis option is outside its range.
    case invalidOption(name: String, value: Double, expected: String)
    /// FluidSynth rejected a setting (unknown name, wrong type or value out of range).
    case settingRejected(name: String, value: String)
    /// FluidSynth failed to create its synthesizer or sequencer object.
    case synthesizerCreationFailed(what: String)
    /// A SoundFont the user named (by path or by `SUNMASK_SOUNDFONT`) does not exist.
    case soundFontNotFound(path: String, origin: String)
    /// FluidSynth could not load a SoundFont file: corrupt, truncated or not a SoundFont.
    case soundFontLoadFailed(path: String, fluidSynthMessage: String)
    /// The automatic search found no SoundFont that loads.
    case noSoundFontLoaded(attempts: [SoundFontAttempt])
    /// FluidSynth could not open the audio driver: no sound card, server or permission.
    case audioDriverFailed(driver: String, fluidSynthMessage: String)
    /// FluidSynth failed while synthesizing a block of samples.
    case synthesisFailed(frame: Int)
    /// The rendered audio is silent although the schedule has notes.
    case silentRender(soundFont: String, noteCount: Int, fluidSynthMessage: String)
    /// The WAV file could not be written.
    case wavWriteFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .invalidRegion(let from, let to, let scoreSteps):
            return "playback region \(from)..<\(to) is empty or outside the score's 0..<\(scoreSteps) steps; "
                + "choose a non-empty region inside the score"
        case .invalidTempo(let tempo):
            return "tempo \(tempo) is invalid; give a positive number of quarter notes per minute"
        case .valueOutOfRange(let name, let value, let range):
            return "\(name) \(value) is out of range; expected \(range.lowerBound)…\(range.upperBound)"
        case .unknownPreset(let name, let known):
            return "unknown instrument preset \"\(name)\"; choose one of \(known.joined(separator: ", "))"
        case .nothingToPlay(let from, let to):
            return "steps \(from)..<\(to) hold only rests; choose a region with notes"
        case .invalidOption(let name, let value, let expected):
            return "\(name) \(value) is invalid; expected \(expected)"
        case .settingRejected(let name, let value):
            return "FluidSynth rejected setting \(name)=\(value); check the name and value against FluidSynth's settings"
        case .synthesizerCreationFailed(let what):
            return "FluidSynth failed to create its \(what); check that libfluidsynth is installed and memory is available"
        case .soundFontNotFound(let path, let origin):
            return "SoundFont \(path) (from \(origin)) not found; give the path of an existing .sf2 or .sf3 file"
        case .soundFontLoadFailed(let path, let message):
            return "SoundFont \(path) failed to load (\(message)); it is corrupt or not a SoundFont, "
                + "give another .sf2 or .sf3 file"
        case .noSoundFontLoaded(let attempts):
            let tried = attempts.map(\.description).joined(separator: "; ")
            return "no SoundFont loaded; tried \(tried); install fluid-soundfont-gm, set SUNMASK_SOUNDFONT "
                + "or pass --soundfont PATH"
        case .audioDriverFailed(let driver, let message):
            return "audio driver \"\(driver)\" failed to start (\(message)); the audio device or sound server "
                + "is unavailable, so render to a WAV file instead (sunmask render FILE -o OUT.wav) or choose another --audio-driver"
        case .synthesisFailed(let frame):
            return "FluidSynth failed to synthesize audio at frame \(frame); retry, and report it if it persists"
        case .silentRender(let soundFont, let noteCount, let message):
            let detail = message.isEmpty ? "" : " (\(message))"
            return "rendering \(noteCount) notes with SoundFont \(soundFont) produced silence\(detail); "
                + "the SoundFont lacks the programs used, choose another SoundFont or other programs"
        case .wavWriteFailed(let path, let reason):
            return "writing WAV file \(path) failed (\(reason)); check that the folder exists and is writable"
        }
    }
}

/// One SoundFont path the automatic search looked at, and why it was not used.
public struct SoundFontAttempt: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    /// "not found", or the load failure with FluidSynth's message.
    public var outcome: String

    public init(path: String, outcome: String) {
        self.path = path
        self.outcome = outcome
    }

    public var description: String { "\(path) (\(outcome))" }
}
