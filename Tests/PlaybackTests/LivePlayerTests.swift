import XCTest
import Chorale
@testable import Playback

final class LivePlayerTests: XCTestCase {
    private func schedule(steps: Int = 16, tempo: Double = 120) throws -> NoteSchedule {
        let score = try makeScore([.soprano: [(72, steps)], .bass: [(48, steps)]], steps: steps, tempo: tempo)
        return try NoteSchedule(score: score)
    }

    private func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    func testMissingDeviceFailsFastNamingDriver() throws {
        // OSS on a device path that cannot exist fails on any machine, sound card or not.
        let options = LiveOptions(audioDriver: "oss", fluidSynthSettings: ["audio.oss.device": "/nonexistent/dsp"])
        let player = try LivePlayer(soundFont: .file(shippedSoundFont), options: options)
        let start = DispatchTime.now()
        let error = assertPlaybackError(try player.play(try schedule()))
        XCTAssertLessThan(seconds(since: start), 3)

        guard case .audioDriverFailed(let driver, let message)? = error else {
            return XCTFail("expected audioDriverFailed, got \(String(describing: error))")
        }
        XCTAssertEqual(driver, "oss")
        XCTAssertTrue(message.contains("/nonexistent/dsp"), "FluidSynth's message is missing: \(message)")
        XCTAssertTrue(error!.description.contains("render"), error!.description)
        XCTAssertNil(player.currentStep)
    }

    func testDefaultDriverStartsOrFailsWithinThreeSeconds() throws {
        let player = try LivePlayer(soundFont: .file(shippedSoundFont))
        let start = DispatchTime.now()
        do {
            try player.play(try schedule())
            player.stop()
        } catch let error as PlaybackError {
            guard case .audioDriverFailed(let driver, _) = error else {
                return XCTFail("expected audioDriverFailed, got \(error)")
            }
            XCTAssertFalse(driver.isEmpty)
            XCTAssertTrue(error.description.contains("render"), error.description)
        }
        XCTAssertLessThan(seconds(since: start), 3)
    }

    func testUnknownDriverIsReported() throws {
        let player = try LivePlayer(soundFont: .file(shippedSoundFont), options: LiveOptions(audioDriver: "no-such-driver"))
        let error = assertPlaybackError(try player.play(try schedule()))
        guard case .audioDriverFailed(let driver, let message)? = error else {
            return XCTFail("expected audioDriverFailed, got \(String(describing: error))")
        }
        XCTAssertEqual(driver, "no-such-driver")
        XCTAssertTrue(message.contains("no-such-driver"), message)
    }

    /// FluidSynth's "file" driver writes to a file at real-time pace, standing in for a sound card.
    private func filePlayer(_ folder: URL) throws -> LivePlayer {
        let options = LiveOptions(audioDriver: "file", fluidSynthSettings: [
            "audio.file.name": folder.appendingPathComponent("live.wav").path,
        ])
        return try LivePlayer(soundFont: .file(shippedSoundFont), options: options)
    }

    func testCursorAdvancesAndStopThenPlayRepeats() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let player = try filePlayer(folder)
        // 60 quarter notes per minute: one step lasts 0.25 s.
        let score = try makeScore([.soprano: [(72, 8), (74, 8)], .alto: [(67, 16)]], steps: 16, tempo: 60)
        let schedule = try NoteSchedule(score: score, region: 4..<16)

        for round in 0..<3 {
            try player.play(schedule)
            XCTAssertTrue(player.isPlaying, "round \(round)")
            Thread.sleep(forTimeInterval: 0.6)
            let step = try XCTUnwrap(player.currentStep, "round \(round)")
            // 0.6 s at 0.25 s per step is 2 steps past the region start; allow slack for timer pace.
            XCTAssertTrue((5...7).contains(step), "round \(round): cursor at step \(step) after 0.6 s")
            player.stop()
            XCTAssertNil(player.currentStep)
            XCTAssertFalse(player.isPlaying)
        }
        player.panic()
        XCTAssertNil(player.currentStep)
    }

    func testPlaybackEndsAfterRegionWithoutLoop() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let player = try filePlayer(folder)
        try player.play(try schedule(steps: 2, tempo: 240))  // 2 steps of 62.5 ms
        Thread.sleep(forTimeInterval: 0.5)
        XCTAssertNil(player.currentStep)
        player.stop()
    }

    func testLoopWrapsAroundTheRegion() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let player = try filePlayer(folder)
        let score = try makeScore([.soprano: [(72, 2), (74, 2), (76, 4)]], steps: 8, tempo: 240)
        let schedule = try NoteSchedule(score: score, region: 2..<6)  // 4 steps of 62.5 ms = 0.25 s
        try player.play(schedule, loop: true)

        var seen = Set<Int>()
        let start = DispatchTime.now()
        while seconds(since: start) < 1.2 {
            if let step = player.currentStep { seen.insert(step) }
            Thread.sleep(forTimeInterval: 0.01)
        }
        XCTAssertNotNil(player.currentStep, "a looped playback stopped by itself")
        XCTAssertEqual(seen, [2, 3, 4, 5])
        player.stop()

        // The file driver's output contains several passes, so there is sound after the first 0.25 s.
        let data = try Data(contentsOf: folder.appendingPathComponent("live.wav"))
        XCTAssertGreaterThan(data.count, 44 + 4 * 44100 / 2, "less than 0.5 s was written")
        let laterSamples = data.suffix(from: 44 + 4 * 11025 + 4 * 44100 / 4).prefix(4 * 11025)
        XCTAssertTrue(laterSamples.contains { $0 != 0 }, "the second pass is silent")
    }

    func testLoopRestrikesNoteHeldAcrossBoundary() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let player = try filePlayer(folder)
        // One note fills the 0.25 s region, so each pass ends with a note-off and the next
        // starts with a note-on of the same pitch at the same tick.
        let score = try makeScore([.soprano: [(72, 4)]], steps: 4, tempo: 240)
        try player.play(try NoteSchedule(score: score), loop: true)
        Thread.sleep(forTimeInterval: 1.0)
        player.stop()

        let data = try Data(contentsOf: folder.appendingPathComponent("live.wav"))
        let bytesPerSecond = 4 * 44100
        // Sound must continue from 0.55 s to 0.9 s: after a cut note, the 0.25 s release ends by 0.5 s.
        for start in stride(from: 0.55, to: 0.9, by: 0.05) {
            let offset = 44 + Int(start * Double(bytesPerSecond)) / 4 * 4
            let window = data[offset..<min(data.count, offset + bytesPerSecond / 20)]
            var sum = 0.0
            var count = 0
            var index = window.startIndex
            while index + 1 < window.endIndex {
                let value = Double(Int16(bitPattern: UInt16(window[index]) | UInt16(window[index + 1]) << 8))
                sum += value * value
                count += 1
                index += 2
            }
            let rms = (sum / Double(max(1, count))).squareRoot()
            XCTAssertGreaterThan(rms, 100, "no sound at \(start) s of a looped held note")
        }
    }
}
