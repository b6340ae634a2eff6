import Chorale
import Foundation
import Playback

/// What the host needs from its surroundings: the model, where autosaves go, the sound, and
/// how to find the JSB data for `jsb:` references.
public struct HostConfiguration {
    /// The engine that fills in masked cells; nil when no model was found.
    public var engine: GenerationEngine?
    /// Shown when a job is asked for and `engine` is nil.
    public var missingEngineMessage: String
    /// The autosave folder; nil turns autosave off.
    public var autosave: AutosaveStore?
    /// Seconds between two autosaves of a changed document.
    public var autosaveInterval: TimeInterval
    public var soundFont: SoundFontLocator
    /// FluidSynth's audio driver by name, or nil for FluidSynth's default.
    public var audioDriver: String?
    /// Loads the JSB data set for `jsb:SPLIT:INDEX` documents.
    public var jsbDataset: () throws -> JSBDataset

    public init(engine: GenerationEngine?,
                missingEngineMessage: String = "No model loaded: start with --model FILE or set SUNMASK_MODEL.",
                autosave: AutosaveStore? = AutosaveStore(directory: AutosaveStore.defaultDirectory()),
                autosaveInterval: TimeInterval = 60,
                soundFont: SoundFontLocator = SoundFontLocator(),
                audioDriver: String? = nil,
                jsbDataset: @escaping () throws -> JSBDataset = { throw DocumentFileError.jsbDataUnavailable }) {
        self.engine = engine
        self.missingEngineMessage = missingEngineMessage
        self.autosave = autosave
        self.autosaveInterval = autosaveInterval
        self.soundFont = soundFont
        self.audioDriver = audioDriver
        self.jsbDataset = jsbDataset
    }
}
