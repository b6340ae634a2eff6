/// Stereo audio rendered offline.
public struct RenderedAudio: Sendable {
    /// Frames per second.
    public let sampleRate: Int
    /// Interleaved left/right samples, nominally in -1…1: `[frame * 2 + channel]`.
    /// Values beyond ±1 mean the mix clipped; the WAV writer clamps them.
    public let samples: [Float]
    /// The SoundFont file that produced the audio.
    public let soundFontPath: String
    /// The frame where the last note ends; after it only release tails and reverb sound.
    public let musicEndFrame: Int

    /// The number of stereo frames.
    public var frameCount: Int { samples.count / 2 }

    /// The length in seconds.
    public var duration: Double { Double(frameCount) / Double(sampleRate) }

    /// The largest absolute sample value.
    public var peak: Float {
        samples.withUnsafeBufferPointer { buffer in
            var maximum: Float = 0
            for value in buffer where abs(value) > maximum {
                maximum = abs(value)
            }
            return maximum
        }
    }
}
