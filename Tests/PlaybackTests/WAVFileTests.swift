import XCTest
@testable import Playback

final class WAVFileTests: XCTestCase {
    private func readUInt32(_ data: Data, _ offset: Int) -> Int {
        Int(data[offset]) | Int(data[offset + 1]) << 8 | Int(data[offset + 2]) << 16 | Int(data[offset + 3]) << 24
    }

    private func readInt16(_ data: Data, _ offset: Int) -> Int {
        Int(Int16(bitPattern: UInt16(data[offset]) | UInt16(data[offset + 1]) << 8))
    }

    func testHeaderAndSamplesOfTwoFrames() {
        let audio = RenderedAudio(sampleRate: 22050, samples: [0, 0.5, -1, 2], soundFontPath: "", musicEndFrame: 2)
        let data = WAVFile.encode(audio)

        XCTAssertEqual(data.count, 44 + 8)
        XCTAssertEqual(String(decoding: data[0..<4], as: UTF8.self), "RIFF")
        XCTAssertEqual(readUInt32(data, 4), 36 + 8)
        XCTAssertEqual(String(decoding: data[8..<16], as: UTF8.self), "WAVEfmt ")
        XCTAssertEqual(readUInt32(data, 16), 16)
        XCTAssertEqual(readInt16(data, 20), 1)  // PCM
        XCTAssertEqual(readInt16(data, 22), 2)  // channels
        XCTAssertEqual(readUInt32(data, 24), 22050)
        XCTAssertEqual(readUInt32(data, 28), 22050 * 4)
        XCTAssertEqual(readInt16(data, 32), 4)
        XCTAssertEqual(readInt16(data, 34), 16)
        XCTAssertEqual(String(decoding: data[36..<40], as: UTF8.self), "data")
        XCTAssertEqual(readUInt32(data, 40), 8)
        // 0 → 0, 0.5 → round(16383.5) = 16384, -1 → -32767, 2 clamps to 32767.
        XCTAssertEqual([44, 46, 48, 50].map { readInt16(data, $0) }, [0, 16384, -32767, 32767])
    }

    func testRenderWAVWritesFileAtomically() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.wav").path
        let score = try makeScore([.soprano: [(72, 4)]], steps: 4, tempo: 120)
        let renderer = OfflineRenderer(soundFont: .file(shippedSoundFont), options: RenderOptions(releaseTail: 0.25))

        let audio = try renderer.renderWAV(try NoteSchedule(score: score), to: path)

        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(readUInt32(data, 40), audio.frameCount * 4)
        XCTAssertEqual(data.count, 44 + audio.frameCount * 4)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["out.wav"])
    }

    func testSilentRenderWritesNoFile() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("out.wav").path
        let muted = try VoiceSound(program: .voiceOohs, volume: 0)
        let score = try makeScore([.soprano: [(72, 4)]], steps: 4, tempo: 120)
        let schedule = try NoteSchedule(score: score, instrumentation:
            Instrumentation(soprano: muted, alto: muted, tenor: muted, bass: muted))

        XCTAssertNotNil(assertPlaybackError(try OfflineRenderer(soundFont: .file(shippedSoundFont)).renderWAV(schedule, to: path)))
        XCTAssertFalse(FileManager.default.fileExists(atPath: path))
    }

    func testUnwritableFolderThrows() throws {
        let score = try makeScore([.soprano: [(72, 4)]], steps: 4, tempo: 120)
        let path = "/nonexistent-folder-\(UUID().uuidString)/out.wav"
        let error = assertPlaybackError(
            try OfflineRenderer(soundFont: .file(shippedSoundFont)).renderWAV(try NoteSchedule(score: score), to: path))
        guard case .wavWriteFailed(let failedPath, _)? = error else {
            return XCTFail("expected wavWriteFailed, got \(String(describing: error))")
        }
        XCTAssertEqual(failedPath, path)
    }
}
