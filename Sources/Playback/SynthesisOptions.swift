/// Settings of the FluidSynth synthesizer shared by rendering and live playback.
public struct SynthesisOptions: Hashable, Sendable {
    /// Output sample rate in Hz, 8000…96000 (FluidSynth's "synth.sample-rate"). Default 44100.
    public var sampleRate: Double = 44100
    /// Master gain, 0…10 (FluidSynth's "synth.gain"). Default 0.4: the 128-step benchmark
    /// chorale peaks at 0.30…0.38 of full scale with each preset, both with the shipped SoundFont
    /// and Debian's FluidR3_GM. A louder SoundFont can clip, and the WAV writer then clamps.
    public var gain: Double = 0.4
    /// FluidSynth's reverb ("synth.reverb.active"). Default on.
    public var reverb: Bool = true
    /// FluidSynth's chorus ("synth.chorus.active"). Default off: it detunes sustained chords.
    public var chorus: Bool = false

    public init(sampleRate: Double = 44100, gain: Double = 0.4, reverb: Bool = true, chorus: Bool = false) {
        self.sampleRate = sampleRate
        self.gain = gain
        self.reverb = reverb
        self.chorus = chorus
    }

    func validate() throws {
        guard sampleRate.isFinite, (8000...96000).contains(sampleRate) else {
            throw PlaybackError.invalidOption(name: "sample rate", value: sampleRate, expected: "8000…96000 Hz")
        }
        guard gain.isFinite, (0...10).contains(gain) else {
            throw PlaybackError.invalidOption(name: "gain", value: gain, expected: "0…10")
        }
    }
}
