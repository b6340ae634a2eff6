import Chorale
import Foundation
import XCTest

/// The header fields and 16-bit samples of a PCM WAV file, parsed by hand.
struct WAVContents {
    var channels = 0
    var sampleRate = 0
    var bitsPerSample = 0
    var formatTag = 0
    /// Interleaved samples scaled to -1…1.
    var samples: [Float] = []

    var frameCount: Int { samples.count / max(channels, 1) }
    var duration: Double { Double(frameCount) / Double(sampleRate) }

    init(contentsOf url: URL) throws {
        let bytes = [UInt8](try Data(contentsOf: url))
        func uint32(_ offset: Int) -> Int {
            Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 | Int(bytes[offset + 2]) << 16 | Int(bytes[offset + 3]) << 24
        }
        func uint16(_ offset: Int) -> Int { Int(bytes[offset]) | Int(bytes[offset + 1]) << 8 }

        XCTAssertGreaterThanOrEqual(bytes.count, 44)
        XCTAssertEqual(String(decoding: bytes[0..<4], as: UTF8.self), "RIFF")
        XCTAssertEqual(uint32(4), bytes.count - 8, "RIFF size")
        XCTAssertEqual(String(decoding: bytes[8..<12], as: UTF8.self), "WAVE")
        var offset = 12
        var sawFormat = false
        while offset + 8 <= bytes.count {
            let id = String(decoding: bytes[offset..<offset + 4], as: UTF8.self)
            let size = uint32(offset + 4)
            let body = offset + 8
            XCTAssertLessThanOrEqual(body + size, bytes.count, "chunk \(id) runs past the end of the file")
            if id == "fmt " {
                formatTag = uint16(body)
                channels = uint16(body + 2)
                sampleRate = uint32(body + 4)
                XCTAssertEqual(uint32(body + 8), sampleRate * channels * 2, "byte rate")
                XCTAssertEqual(uint16(body + 12), channels * 2, "block align")
                bitsPerSample = uint16(body + 14)
                sawFormat = true
            } else if id == "data" {
                XCTAssertTrue(sawFormat, "data chunk before fmt chunk")
                samples.reserveCapacity(size / 2)
                for index in stride(from: body, to: body + size, by: 2) {
                    samples.append(Float(Int16(bitPattern: UInt16(uint16(index)))) / 32768)
                }
            }
            offset = body + size + size % 2
        }
    }

    /// Returns the RMS level of frames `range` over both channels.
    func rms(frames range: Range<Int>) -> Double {
        let slice = samples[(range.lowerBound * channels)..<(range.upperBound * channels)]
        return (slice.reduce(0.0) { $0 + Double($1) * Double($1) } / Double(slice.count)).squareRoot()
    }
}

final class PlaybackCommandTests: XCTestCase {
    private var shippedSoundFont: String { repositoryRoot.appendingPathComponent("SoundFonts/sunmask-gm.sf2").path }
    private var odeToJoy: String { repositoryRoot.appendingPathComponent("Examples/ode-to-joy.mid").path }

    func testRenderExampleWritesValidWAV() throws {
        let folder = try makeTemporaryDirectory(self)
        let output = folder.appendingPathComponent("ode.wav")

        let result = try runSunmask(["render", odeToJoy, "-o", output.path, "--soundfont", shippedSoundFont])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "")
        let wav = try WAVContents(contentsOf: output)
        XCTAssertEqual(wav.formatTag, 1, "PCM")
        XCTAssertEqual(wav.channels, 2)
        XCTAssertEqual(wav.sampleRate, 44100)
        XCTAssertEqual(wav.bitsPerSample, 16)
        // 256 steps at 100 quarter notes per minute: 256 × 60 / 400 = 38.4 s, plus the 2 s tail.
        XCTAssertEqual(wav.duration, 40.4, accuracy: 1.0 / 44100)
        // Sound in every second of the music (the melody has no rest), and the last 0.1 s of the
        // tail much quieter than the music.
        let musicRMS = wav.rms(frames: 0..<(38 * 44100))
        XCTAssertGreaterThan(musicRMS, 0.01)
        for second in 0..<38 {
            XCTAssertGreaterThan(wav.rms(frames: (second * 44100)..<((second + 1) * 44100)), 0.001, "second \(second)")
        }
        XCTAssertLessThan(wav.rms(frames: (wav.frameCount - 4410)..<wav.frameCount), musicRMS / 10)
        XCTAssertTrue(result.standardOutput.contains("wrote \(output.path): 40.40 s of audio (38.40 s of music + 2.0 s tail)"),
                      result.standardOutput)
    }

    func testRenderRegionAndTempo() throws {
        let folder = try makeTemporaryDirectory(self)
        let output = folder.appendingPathComponent("region.wav")

        let result = try runSunmask(["render", odeToJoy, "-o", output.path, "--soundfont", shippedSoundFont,
                                     "--from", "16", "--to", "80", "--tempo", "120", "--tail", "0.5",
                                     "--instruments", "organ"])
        XCTAssertEqual(result.status, 0, result.standardError)
        // 64 steps at 120 per minute: 64 × 60 / 480 = 8 s, plus 0.5 s.
        let wav = try WAVContents(contentsOf: output)
        XCTAssertEqual(wav.duration, 8.5, accuracy: 1.0 / 44100)
        XCTAssertGreaterThan(wav.rms(frames: 0..<44100), 0.01)
    }

    func testRenderErrors() throws {
        let folder = try makeTemporaryDirectory(self)
        let output = folder.appendingPathComponent("out.wav").path
        let missingFont = folder.appendingPathComponent("missing.sf2").path

        let noFont = try runSunmask(["render", odeToJoy, "-o", output, "--soundfont", missingFont])
        XCTAssertEqual(noFont.status, 1)
        XCTAssertEqual(noFont.standardError,
                       "Error: SoundFont \(missingFont) (from explicit path) not found; give the path of an existing .sf2 or .sf3 file\n")

        let outside = try runSunmask(["render", odeToJoy, "-o", output, "--from", "300"])
        XCTAssertEqual(outside.status, 1)
        XCTAssertEqual(outside.standardError,
                       "Error: playback region 300..<300 is empty or outside the score's 0..<256 steps; choose a non-empty region inside the score\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: output))

        let usage: [([String], String)] = [
            (["render", odeToJoy], "Error: missing argument -o OUT.wav"),
            (["render", odeToJoy, "-o", "out.mp3"], "Error: invalid value 'out.mp3' for '--output'; expected a path ending in .wav"),
            (["render", odeToJoy, "-o", output, "--from", "8", "--to", "8"], "Error: --to 8 must be greater than --from 8"),
            (["render", odeToJoy, "-o", output, "--instruments", "kazoo"],
             "Error: invalid value 'kazoo' for '--instruments'; expected one of choir, organ, strings, woodwinds"),
            (["render", odeToJoy, "-o", output, "--tempo", "0"],
             "Error: invalid value '0' for '--tempo'; expected a number from 10.0 to 400.0"),
        ]
        for (arguments, firstLine) in usage {
            let result = try runSunmask(arguments)
            XCTAssertEqual(result.status, 64, arguments.joined(separator: " "))
            XCTAssertEqual(result.standardError.split(separator: "\n").first.map(String.init), firstLine)
        }
    }

    func testPlayWithoutSoundCardFailsFast() throws {
        // The default driver needs a sound card; on a machine with one the command would play.
        if FileManager.default.fileExists(atPath: "/dev/snd") {
            throw XCTSkip("this machine has /dev/snd, so playback may succeed; the no-device case needs a machine without one")
        }
        let start = Date()
        let result = try runSunmask(["play", odeToJoy, "--soundfont", shippedSoundFont], timeout: 10)
        let elapsed = Date().timeIntervalSince(start)

        XCTAssertLessThan(elapsed, 3)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardOutput, "")
        XCTAssertEqual(result.standardError.filter { $0 == "\n" }.count, 1, result.standardError)
        XCTAssertTrue(result.standardError.hasPrefix("Error: audio driver \""), result.standardError)
        XCTAssertTrue(result.standardError.contains("sunmask render FILE -o OUT.wav"), result.standardError)
    }

    func testPlayUnknownDriverFailsFast() throws {
        let start = Date()
        let result = try runSunmask(["play", odeToJoy, "--soundfont", shippedSoundFont, "--audio-driver", "no-such-driver"],
                                    timeout: 10)
        XCTAssertLessThan(Date().timeIntervalSince(start), 3)
        XCTAssertEqual(result.status, 1)
        XCTAssertTrue(result.standardError.hasPrefix("Error: audio driver \"no-such-driver\" failed to start"), result.standardError)
        XCTAssertEqual(result.standardError.filter { $0 == "\n" }.count, 1, result.standardError)
    }

    func testPlayThroughFileDriverEnds() throws {
        // FluidSynth's "file" driver writes fluidsynth.wav in the working folder instead of using
        // a sound card, so the whole play loop runs. 16 steps at 400 per minute last 0.6 s.
        let folder = try makeTemporaryDirectory(self)
        let start = Date()
        let result = try runSunmask(["play", odeToJoy, "--soundfont", shippedSoundFont, "--audio-driver", "file",
                                     "--to", "16", "--tempo", "400"], currentDirectory: folder, timeout: 20)
        let elapsed = Date().timeIntervalSince(start)

        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardOutput,
                       "playing \(odeToJoy) steps 0..<16, 0.6 s at tempo 400, choir with SoundFont \(shippedSoundFont); Ctrl-C stops\n")
        XCTAssertGreaterThan(elapsed, 0.6)
        let written = try WAVContents(contentsOf: folder.appendingPathComponent("fluidsynth.wav"))
        XCTAssertGreaterThan(written.frameCount, 0)
    }

    func testPlayLoopStopsOnInterrupt() throws {
        let folder = try makeTemporaryDirectory(self)
        let process = Process()
        process.executableURL = productsDirectory.appendingPathComponent("sunmask")
        process.arguments = ["play", odeToJoy, "--soundfont", shippedSoundFont, "--audio-driver", "file", "--loop", "--to", "16"]
        process.currentDirectoryURL = folder
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        let reader = PipeReader(output)
        try process.run()

        // Interrupt during the first pass, which lasts 16 steps at tempo 100 = 2.4 s.
        Thread.sleep(forTimeInterval: 1.5)
        XCTAssertTrue(process.isRunning, "a looped playback ended by itself")
        process.interrupt()
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            process.terminate()
            XCTFail("play --loop did not stop within 5 s of SIGINT")
        }
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        let text = String(decoding: reader.wait(), as: UTF8.self)
        XCTAssertTrue(text.hasPrefix("playing "), text)
        XCTAssertTrue(text.hasSuffix("stopped\n"), text)
    }
}
