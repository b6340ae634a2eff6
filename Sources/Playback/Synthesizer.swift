import CFluidSynth
import Chorale
import Foundation

/// A FluidSynth settings object and synthesizer with one SoundFont loaded.
///
/// Owns both C objects and deletes them on deinit. Not thread-safe by itself: `LivePlayer`
/// serialises its calls, and the audio thread only reaches it through FluidSynth.
final class Synthesizer {
    let settings: OpaquePointer
    let synth: OpaquePointer
    /// The SoundFont file that loaded.
    let soundFontPath: String

    /// Creates the synthesizer and loads the first SoundFont from `locator` that loads.
    ///
    /// `extraSettings` are FluidSynth settings by name (such as "audio.driver"), applied before
    /// the synthesizer is created; each value is converted to the setting's type.
    init(options: SynthesisOptions, locator: SoundFontLocator, extraSettings: [String: String] = [:]) throws {
        FluidSynthLog.install()
        try options.validate()
        guard let settings = new_fluid_settings() else {
            throw PlaybackError.synthesizerCreationFailed(what: "settings")
        }
        do {
            try Synthesizer.set(settings, "synth.sample-rate", String(options.sampleRate))
            try Synthesizer.set(settings, "synth.gain", String(options.gain))
            try Synthesizer.set(settings, "synth.reverb.active", options.reverb ? "1" : "0")
            try Synthesizer.set(settings, "synth.chorus.active", options.chorus ? "1" : "0")
            for (name, value) in extraSettings.sorted(by: { $0.key < $1.key }) {
                try Synthesizer.set(settings, name, value)
            }
        } catch {
            delete_fluid_settings(settings)
            throw error
        }
        guard let synth = new_fluid_synth(settings) else {
            delete_fluid_settings(settings)
            throw PlaybackError.synthesizerCreationFailed(what: "synthesizer")
        }
        self.settings = settings
        self.synth = synth
        do {
            soundFontPath = try Synthesizer.loadFirstSoundFont(synth, locator)
        } catch {
            delete_fluid_synth(synth)
            delete_fluid_settings(settings)
            throw error
        }
    }

    deinit {
        delete_fluid_synth(synth)
        delete_fluid_settings(settings)
    }

    /// The sample rate FluidSynth actually runs at, in Hz.
    var sampleRate: Double {
        var rate: Double = 0
        _ = fluid_settings_getnum(settings, "synth.sample-rate", &rate)
        return rate
    }

    /// Sends each voice's program change, volume (CC 7) and pan (CC 10) on its channel.
    func apply(_ instrumentation: Instrumentation) {
        for voice in Voice.allCases {
            let sound = instrumentation[voice]
            let channel = Int32(voice.rawValue)
            fluid_synth_program_change(synth, channel, Int32(sound.program.number))
            fluid_synth_cc(synth, channel, 7, Int32(sound.volume))
            fluid_synth_cc(synth, channel, 10, Int32(sound.pan))
        }
    }

    /// Releases every sounding note on every channel (their release phase still plays).
    func allNotesOff() {
        fluid_synth_all_notes_off(synth, -1)
    }

    /// Silences every channel at once, cutting release tails and reverb input.
    func allSoundsOff() {
        fluid_synth_all_sounds_off(synth, -1)
    }

    // MARK: - Settings

    /// Sets a FluidSynth setting from text, converting it to the setting's own type.
    static func set(_ settings: OpaquePointer, _ name: String, _ value: String) throws {
        let status: Int32
        switch fluid_settings_get_type(settings, name) {
        case Int32(FLUID_NUM_TYPE.rawValue):
            guard let number = Double(value) else { throw PlaybackError.settingRejected(name: name, value: value) }
            status = fluid_settings_setnum(settings, name, number)
        case Int32(FLUID_INT_TYPE.rawValue):
            guard let number = Int32(value) else { throw PlaybackError.settingRejected(name: name, value: value) }
            status = fluid_settings_setint(settings, name, number)
        case Int32(FLUID_STR_TYPE.rawValue):
            status = fluid_settings_setstr(settings, name, value)
        default:
            throw PlaybackError.settingRejected(name: name, value: value)
        }
        guard status == fluidOK else {
            throw PlaybackError.settingRejected(name: name, value: value)
        }
    }

    /// Reads a string setting; empty when it is unset or not a string.
    static func string(_ settings: OpaquePointer, _ name: String) -> String {
        var buffer = [CChar](repeating: 0, count: 256)
        guard fluid_settings_copystr(settings, name, &buffer, Int32(buffer.count)) == fluidOK else { return "" }
        return String(cString: buffer)
    }

    // MARK: - SoundFont loading

    /// Loads the first candidate that loads and returns its path.
    ///
    /// An explicit path or `SUNMASK_SOUNDFONT` is the only candidate, and its failure is thrown as
    /// is. For the automatic search every failure is recorded and, when none loads, thrown together.
    private static func loadFirstSoundFont(_ synth: OpaquePointer, _ locator: SoundFontLocator) throws -> String {
        var attempts: [SoundFontAttempt] = []
        for candidate in locator.candidates() {
            do {
                try load(candidate, into: synth)
                return candidate.path
            } catch let error as PlaybackError {
                if candidate.origin == .explicitPath || candidate.origin == .environment {
                    throw error
                }
                switch error {
                case .soundFontNotFound:
                    attempts.append(SoundFontAttempt(path: candidate.path, outcome: "not found"))
                case .soundFontLoadFailed(_, let message):
                    attempts.append(SoundFontAttempt(path: candidate.path, outcome: "failed to load: \(message)"))
                default:
                    throw error
                }
            }
        }
        throw PlaybackError.noSoundFontLoaded(attempts: attempts)
    }

    private static func load(_ candidate: SoundFontCandidate, into synth: OpaquePointer) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: candidate.path, isDirectory: &isDirectory),
              !isDirectory.boolValue else {
            throw PlaybackError.soundFontNotFound(path: candidate.path, origin: candidate.origin.rawValue)
        }
        let mark = FluidSynthLog.mark()
        let (id, _) = StandardErrorCapture.run { fluid_synth_sfload(synth, candidate.path, 1) }
        guard id != fluidFailed else {
            let message = FluidSynthLog.summary(since: mark)
            throw PlaybackError.soundFontLoadFailed(
                path: candidate.path, fluidSynthMessage: message.isEmpty ? "no message from FluidSynth" : message)
        }
    }
}

/// FluidSynth's status codes, `FLUID_OK` and `FLUID_FAILED` in fluidsynth/misc.h.
let fluidOK: Int32 = 0
let fluidFailed: Int32 = -1
