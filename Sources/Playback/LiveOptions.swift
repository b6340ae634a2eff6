/// Options of live playback.
public struct LiveOptions: Hashable, Sendable {
    /// Synthesizer settings (sample rate, gain, reverb, chorus).
    public var synthesis: SynthesisOptions
    /// FluidSynth's audio driver by name ("alsa", "pulseaudio", "jack", "oss", "sdl2", "file", as
    /// the linked FluidSynth build offers), or `nil` for FluidSynth's own default or the value
    /// set through `fluidSynthSettings["audio.driver"]`.
    public var audioDriver: String?
    /// Further FluidSynth settings by name, such as "audio.alsa.device" or "audio.file.name".
    /// Each value is converted to the setting's type; an unknown name or bad value throws.
    public var fluidSynthSettings: [String: String]

    public init(synthesis: SynthesisOptions = SynthesisOptions(), audioDriver: String? = nil,
                fluidSynthSettings: [String: String] = [:]) {
        self.synthesis = synthesis
        self.audioDriver = audioDriver
        self.fluidSynthSettings = fluidSynthSettings
    }

    /// All FluidSynth settings to apply, with `audioDriver` taking precedence.
    var allSettings: [String: String] {
        var settings = fluidSynthSettings
        if let audioDriver {
            settings["audio.driver"] = audioDriver
        }
        return settings
    }
}
