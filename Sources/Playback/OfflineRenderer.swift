import CFluidSynth
import Foundation

/// Options of an offline render.
public struct RenderOptions: Hashable, Sendable {
    /// Synthesizer settings (sample rate, gain, reverb, chorus).
    public var synthesis: SynthesisOptions
    /// Seconds rendered after the last note ends, for release tails and reverb, 0…30. Default 2.
    ///
    /// Every render stops at the score's length plus this tail, whatever the synthesizer does.
    public var releaseTail: Double

    public init(synthesis: SynthesisOptions = SynthesisOptions(), releaseTail: Double = 2) {
        self.synthesis = synthesis
        self.releaseTail = releaseTail
    }
}

/// Renders note schedules to audio with FluidSynth, faster than real time.
///
/// Each render creates a fresh synthesizer, so no note, controller or reverb state carries
/// over between renders, and loads the SoundFont into it. The notes are scheduled here rather
/// than by a FluidSynth MIDI player: the renderer synthesizes up to each note event with
/// `fluid_synth_write_float`, sends the event, and continues. Event times are rounded to the
/// nearest frame; FluidSynth applies an event at its next 64-frame block (1.5 ms at 44.1 kHz).
///
/// The length is fixed before synthesis starts: the region's duration plus `releaseTail`.
/// FluidSynth 2.3.1's own player can run far past the music when a note lingers, which is why
/// the length is not left to the synthesizer.
public struct OfflineRenderer: Sendable {
    public var soundFont: SoundFontLocator
    public var options: RenderOptions

    public init(soundFont: SoundFontLocator = SoundFontLocator(), options: RenderOptions = RenderOptions()) {
        self.soundFont = soundFont
        self.options = options
    }

    /// Renders `schedule` once, ignoring any looping.
    ///
    /// Throws `nothingToPlay` for a schedule without notes, the SoundFont errors of the locator,
    /// and `silentRender` when the output is silent (peak below 1e-4, about 3 steps of 16-bit
    /// PCM) although notes were played.
    public func render(_ schedule: NoteSchedule) throws -> RenderedAudio {
        guard !schedule.notes.isEmpty else {
            throw PlaybackError.nothingToPlay(from: schedule.region.lowerBound, to: schedule.region.upperBound)
        }
        guard options.releaseTail.isFinite, (0...30).contains(options.releaseTail) else {
            throw PlaybackError.invalidOption(name: "release tail", value: options.releaseTail, expected: "0…30 seconds")
        }
        let synthesizer = try Synthesizer(options: options.synthesis, locator: soundFont)
        let mark = FluidSynthLog.mark()
        synthesizer.apply(schedule.instrumentation)

        let sampleRate = synthesizer.sampleRate
        let framesPerStep = schedule.secondsPerStep * sampleRate
        let musicEndFrame = Int((Double(schedule.stepCount) * framesPerStep).rounded())
        let totalFrames = musicEndFrame + Int((options.releaseTail * sampleRate).rounded())
        var samples = [Float](repeating: 0, count: totalFrames * 2)

        // [2 · totalFrames] interleaved left/right
        try samples.withUnsafeMutableBufferPointer { buffer in
            var frame = 0
            func synthesize(until end: Int) throws {
                let blockFrames = 4096
                while frame < end {
                    let count = min(blockFrames, end - frame)
                    let base = UnsafeMutableRawPointer(buffer.baseAddress! + 2 * frame)
                    let status = fluid_synth_write_float(synthesizer.synth, Int32(count), base, 0, 2, base, 1, 2)
                    guard status == fluidOK else { throw PlaybackError.synthesisFailed(frame: frame) }
                    frame += count
                }
            }

            for event in schedule.events() {
                try synthesize(until: min(totalFrames, Int((Double(event.step) * framesPerStep).rounded())))
                let channel = Int32(event.voice.rawValue)
                if let velocity = event.velocity {
                    fluid_synth_noteon(synthesizer.synth, channel, Int32(event.pitch), Int32(velocity))
                } else {
                    fluid_synth_noteoff(synthesizer.synth, channel, Int32(event.pitch))
                }
            }
            synthesizer.allNotesOff()
            try synthesize(until: totalFrames)
        }

        let audio = RenderedAudio(sampleRate: Int(sampleRate.rounded()), samples: samples,
                                  soundFontPath: synthesizer.soundFontPath, musicEndFrame: musicEndFrame)
        guard audio.peak >= OfflineRenderer.silenceThreshold else {
            throw PlaybackError.silentRender(soundFont: synthesizer.soundFontPath, noteCount: schedule.notes.count,
                                             fluidSynthMessage: FluidSynthLog.summary(since: mark))
        }
        return audio
    }

    /// Renders `schedule` and writes it to `path` as a 16-bit PCM WAV file (see `WAVFile`).
    /// The file appears only after a successful, non-silent render.
    @discardableResult
    public func renderWAV(_ schedule: NoteSchedule, to path: String) throws -> RenderedAudio {
        let audio = try render(schedule)
        try WAVFile.write(audio, to: path)
        return audio
    }

    /// The peak level below which a render counts as silent.
    public static let silenceThreshold: Float = 1e-4
}
