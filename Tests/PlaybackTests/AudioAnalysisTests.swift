import XCTest
@testable import Playback

/// Checks the test analysis itself on synthetic signals whose RMS and pitch are known.
final class AudioAnalysisTests: XCTestCase {
    private func sine(_ frequency: Double, amplitude: Float, seconds: Double) -> RenderedAudio {
        let rate = 44100
        let frames = Int(seconds * Double(rate))
        var samples = [Float](repeating: 0, count: 2 * frames)
        for frame in 0..<frames {
            let value = amplitude * Float(sin(2 * Double.pi * frequency * Double(frame) / Double(rate)))
            samples[2 * frame] = value
            samples[2 * frame + 1] = value
        }
        return RenderedAudio(sampleRate: rate, samples: samples, soundFontPath: "", musicEndFrame: frames)
    }

    func testSineRMSIsAmplitudeOverRootTwo() {
        let audio = sine(441, amplitude: 0.5, seconds: 1)
        XCTAssertEqual(AudioAnalysis.rms(audio, frames: 0..<44100), 0.5 / 2.0.squareRoot(), accuracy: 1e-4)
    }

    func testDominantPitchOfA4Sine() {
        let audio = sine(440, amplitude: 0.3, seconds: 0.5)
        XCTAssertEqual(AudioAnalysis.dominantPitch(audio, frames: 0..<11025), 69, accuracy: 0.25)
    }

    func testDominantPitchOfLowG2Sine() {
        let audio = sine(97.999, amplitude: 0.3, seconds: 0.5)
        XCTAssertEqual(AudioAnalysis.dominantPitch(audio, frames: 0..<11025), 43, accuracy: 0.25)
    }
}
