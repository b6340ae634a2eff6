import Foundation
@testable import Playback

/// Signal measurements the render tests use, written independently of the renderer.
enum AudioAnalysis {
    /// Root mean square of the mono mix (L+R)/2 over frames `range`.
    static func rms(_ audio: RenderedAudio, frames range: Range<Int>) -> Double {
        let mono = monoMix(audio, frames: range)
        let sum = mono.withUnsafeBufferPointer { $0.reduce(0) { $0 + $1 * $1 } }
        return (sum / Double(max(1, range.count))).squareRoot()
    }

    /// Returns the mono mix (L+R)/2 of frames `range`.
    static func monoMix(_ audio: RenderedAudio, frames range: Range<Int>) -> [Double] {
        audio.samples.withUnsafeBufferPointer { samples in
            range.map { Double(samples[2 * $0] + samples[2 * $0 + 1]) / 2 }
        }
    }

    /// Power of `signal` at `frequency` by the Goertzel recurrence.
    static func power(_ signal: [Double], frequency: Double, sampleRate: Int) -> Double {
        let coefficient = 2 * cos(2 * Double.pi * frequency / Double(sampleRate))
        var previous = 0.0
        var beforePrevious = 0.0
        signal.withUnsafeBufferPointer { buffer in
            for value in buffer {
                let current = value + coefficient * previous - beforePrevious
                beforePrevious = previous
                previous = current
            }
        }
        return previous * previous + beforePrevious * beforePrevious - coefficient * previous * beforePrevious
    }

    /// Finds the MIDI pitch whose frequency has the most power in the Hann-windowed mono mix of
    /// frames `range`, searching a grid of 1/4 semitone from MIDI 24 to 108.
    static func dominantPitch(_ audio: RenderedAudio, frames range: Range<Int>) -> Double {
        let count = Double(range.count)
        let windowed = monoMix(audio, frames: range).enumerated().map { index, value in
            value * (0.5 - 0.5 * cos(2 * Double.pi * Double(index) / count))
        }
        var best = (pitch: 0.0, power: -1.0)
        for quarter in (24 * 4)...(108 * 4) {
            let pitch = Double(quarter) / 4
            let frequency = 440 * pow(2, (pitch - 69) / 12)
            let power = power(windowed, frequency: frequency, sampleRate: audio.sampleRate)
            if power > best.power {
                best = (pitch, power)
            }
        }
        return best.pitch
    }
}
