import Foundation

/// Encodes audio as a 16-bit PCM WAV file and writes it atomically.
///
/// Format: RIFF `WAVE` with a 16-byte `fmt ` chunk (PCM, 2 channels, 16 bits) and one `data`
/// chunk; all integers little-endian. 16-bit PCM is read by every player and editor; the
/// synthesizer's float output is scaled by 32767, rounded, and clamped to −32768…32767.
public enum WAVFile {
    /// Encodes `audio` as the complete bytes of a WAV file.
    public static func encode(_ audio: RenderedAudio) -> Data {
        let channels = 2
        let bytesPerSample = 2
        let dataSize = audio.samples.count * bytesPerSample
        var data = Data(capacity: 44 + dataSize)

        func append32(_ value: Int) { withUnsafeBytes(of: UInt32(value).littleEndian) { data.append(contentsOf: $0) } }
        func append16(_ value: Int) { withUnsafeBytes(of: UInt16(value).littleEndian) { data.append(contentsOf: $0) } }

        data.append(contentsOf: Array("RIFF".utf8))
        append32(36 + dataSize)
        data.append(contentsOf: Array("WAVE".utf8))
        data.append(contentsOf: Array("fmt ".utf8))
        append32(16)
        append16(1)  // PCM
        append16(channels)
        append32(audio.sampleRate)
        append32(audio.sampleRate * channels * bytesPerSample)  // byte rate
        append16(channels * bytesPerSample)  // block align
        append16(8 * bytesPerSample)
        data.append(contentsOf: Array("data".utf8))
        append32(dataSize)

        var pcm = [Int16](repeating: 0, count: audio.samples.count)
        audio.samples.withUnsafeBufferPointer { input in
            pcm.withUnsafeMutableBufferPointer { output in
                for index in 0..<input.count {
                    let scaled = (input[index] * 32767).rounded()
                    output[index] = Int16(min(32767, max(-32768, scaled))).littleEndian
                }
            }
        }
        pcm.withUnsafeBytes { data.append(contentsOf: $0) }
        return data
    }

    /// Writes `audio` to `path` through a temporary file in the same folder, then renames it,
    /// so the path never holds a partial file.
    public static func write(_ audio: RenderedAudio, to path: String) throws {
        do {
            try encode(audio).write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw PlaybackError.wavWriteFailed(path: path, reason: error.localizedDescription)
        }
    }
}
