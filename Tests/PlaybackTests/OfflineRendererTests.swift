import XCTest
import Chorale
@testable import Playback

final class OfflineRendererTests: XCTestCase {
    /// The shipped SoundFont with reverb off, so silence after a release is true silence.
    private let dryRenderer = OfflineRenderer(
        soundFont: .file(shippedSoundFont),
        options: RenderOptions(synthesis: SynthesisOptions(reverb: false), releaseTail: 1))

    func testSoundIsPresentExactlyAtNoteSteps() throws {
        // 120 quarter notes per minute: one step lasts 0.125 s.
        let pattern: [(Int, Int)] = [(72, 4), (-1, 4), (76, 8), (-1, 8), (79, 4), (-1, 4)]
        let score = try makeScore([.soprano: pattern, .bass: pattern.map { ($0.0 == -1 ? -1 : $0.0 - 24, $0.1) }],
                                  steps: 32, tempo: 120)
        let audio = try dryRenderer.render(try NoteSchedule(score: score, instrumentation: .choir))
        let framesPerStep = Double(audio.sampleRate) * 0.125
        func stepRMS(_ step: Int) -> Double {
            AudioAnalysis.rms(audio, frames: Int(Double(step) * framesPerStep)..<Int(Double(step + 1) * framesPerStep))
        }

        let soundingSteps = Set(Array(0..<4) + Array(8..<16) + Array(24..<28))
        let loudest = (0..<32).map(stepRMS).max() ?? 0
        XCTAssertGreaterThan(loudest, 0.01, "the loudest step is too quiet to judge")
        for step in 0..<32 {
            let rms = stepRMS(step)
            if soundingSteps.contains(step) {
                XCTAssertGreaterThan(rms, 0.2 * loudest, "step \(step) holds a note but its RMS is \(rms)")
            } else if !soundingSteps.contains(step - 1) && !soundingSteps.contains(step - 2) {
                // Two steps (0.25 s) after a note ends, the 0.25 s release has fallen below -50 dB.
                XCTAssertLessThan(rms, 0.01 * loudest, "step \(step) is a rest but its RMS is \(rms)")
            }
        }
    }

    func testSustainedNotesPeakAtTheirPitch() throws {
        for (pitch, instrumentation) in [(69, Instrumentation.choir), (43, .choir), (76, .organ), (57, .stringQuartet)] {
            let score = try makeScore([.tenor: [(pitch, 16)]], steps: 16, tempo: 60)
            let audio = try dryRenderer.render(try NoteSchedule(score: score, instrumentation: instrumentation))
            // A quarter second of the sustain, from 1 s to 1.25 s into the 4 s note.
            let window = audio.sampleRate..<(audio.sampleRate * 5 / 4)
            let measured = AudioAnalysis.dominantPitch(audio, frames: window)
            XCTAssertEqual(measured, Double(pitch), accuracy: 1, "MIDI \(pitch) rendered with its peak at MIDI \(measured)")
        }
    }

    func testRenderLengthIsScorePlusTail() throws {
        let score = try makeScore([.soprano: [(72, 12)], .alto: [(67, 12)]], steps: 12, tempo: 100)
        let renderer = OfflineRenderer(soundFont: .file(shippedSoundFont),
                                       options: RenderOptions(releaseTail: 0.5))
        let audio = try renderer.render(try NoteSchedule(score: score))

        // 12 steps of 60 / (4 · 100) s = 1.8 s, plus the 0.5 s tail, at 44.1 kHz.
        XCTAssertEqual(audio.sampleRate, 44100)
        XCTAssertEqual(audio.musicEndFrame, 79380)
        XCTAssertEqual(audio.frameCount, 79380 + 22050)
        XCTAssertEqual(audio.samples.count, 2 * audio.frameCount)
    }

    func testRegionRendersOnlyItsSteps() throws {
        let score = try makeScore([.soprano: [(72, 8), (-1, 8)]], steps: 16, tempo: 120)
        let audio = try dryRenderer.render(try NoteSchedule(score: score, region: 4..<10))
        XCTAssertEqual(audio.musicEndFrame, 33075)  // 6 steps of 5512.5 frames
        let framesPerStep = 5512
        XCTAssertGreaterThan(AudioAnalysis.rms(audio, frames: 0..<(3 * framesPerStep)), 0.005)
        // The note ends at region step 4; 0.5 s later it is silent.
        let late = (8 * framesPerStep)..<audio.frameCount
        XCTAssertLessThan(AudioAnalysis.rms(audio, frames: late), 1e-4)
    }

    func testSilentOutputThrows() throws {
        let muted = try VoiceSound(program: .voiceOohs, volume: 0)
        let instrumentation = Instrumentation(soprano: muted, alto: muted, tenor: muted, bass: muted)
        let score = try makeScore([.soprano: [(72, 8)]], steps: 8, tempo: 120)
        let error = assertPlaybackError(try dryRenderer.render(try NoteSchedule(score: score, instrumentation: instrumentation)))
        guard case .silentRender(let soundFont, let noteCount, _)? = error else {
            return XCTFail("expected silentRender, got \(String(describing: error))")
        }
        XCTAssertEqual(soundFont, shippedSoundFont)
        XCTAssertEqual(noteCount, 1)
    }

    func testAllRestsRegionThrowsNothingToPlay() throws {
        let score = try makeScore([.soprano: [(-1, 4), (72, 4)]], steps: 8, tempo: 120)
        XCTAssertEqual(assertPlaybackError(try dryRenderer.render(try NoteSchedule(score: score, region: 0..<4))),
                       .nothingToPlay(from: 0, to: 4))
    }

    func testReleaseTailOutOfRangeThrows() throws {
        let score = try makeScore([.soprano: [(72, 4)]], steps: 4, tempo: 120)
        let renderer = OfflineRenderer(soundFont: .file(shippedSoundFont), options: RenderOptions(releaseTail: 60))
        XCTAssertNotNil(assertPlaybackError(try renderer.render(try NoteSchedule(score: score))))
    }

    func testRenderIsFasterThanRealTime() throws {
        let renderer = OfflineRenderer(soundFont: .file(shippedSoundFont))
        let speed = try renderer.measureSpeed(of: OfflineRenderer.benchmarkChorale(steps: 128))
        XCTAssertEqual(speed.playingSeconds, 24, accuracy: 1e-9)
        XCTAssertLessThan(speed.renderSeconds, speed.playingSeconds / 2,
                          "rendering \(speed.playingSeconds) s of music took \(speed.renderSeconds) s")
    }

    func testDebianGeneralMIDISoundFontRenders() throws {
        let debianFont = "/usr/share/sounds/sf2/FluidR3_GM.sf2"
        guard FileManager.default.fileExists(atPath: debianFont) else {
            throw XCTSkip("\(debianFont) is not installed (Debian package fluid-soundfont-gm)")
        }
        let renderer = OfflineRenderer(soundFont: .file(debianFont),
                                       options: RenderOptions(synthesis: SynthesisOptions(reverb: false), releaseTail: 1))
        let score = try makeScore([.soprano: [(72, 8), (-1, 8)], .bass: [(48, 8), (-1, 8)]], steps: 16, tempo: 120)
        let audio = try renderer.render(try NoteSchedule(score: score, instrumentation: .organ))

        XCTAssertEqual(audio.soundFontPath, debianFont)
        XCTAssertEqual(audio.frameCount, 88200 + 44100)  // 16 steps of 5512.5 frames, 1 s tail
        XCTAssertGreaterThan(AudioAnalysis.rms(audio, frames: 5512..<(7 * 5512)), 0.005)
        XCTAssertLessThan(AudioAnalysis.rms(audio, frames: (13 * 5512)..<audio.frameCount), 1e-3)
    }
}
