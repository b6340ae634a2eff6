import XCTest
import Chorale
@testable import Playback

final class SoundFontTests: XCTestCase {
    private let oneNote: NoteSchedule = {
        let rows = [[72, 72, 72, 72], [-1, -1, -1, -1], [-1, -1, -1, -1], [-1, -1, -1, -1]]
        return try! NoteSchedule(score: Score(grid: try! SATBGrid(pitches: rows), tempo: 120))
    }()

    private func render(with locator: SoundFontLocator) throws -> RenderedAudio {
        try OfflineRenderer(soundFont: locator, options: RenderOptions(releaseTail: 0.1)).render(oneNote)
    }

    func testMissingExplicitSoundFontNamesThePath() throws {
        let path = "/nonexistent/\(UUID().uuidString).sf2"
        let error = assertPlaybackError(try render(with: .file(path)))
        XCTAssertEqual(error, .soundFontNotFound(path: path, origin: "explicit path"))
        XCTAssertTrue(error?.description.contains(path) ?? false)
    }

    func testCorruptSoundFontFailsWithFluidSynthMessage() throws {
        let folder = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        // The first 5000 bytes of the real file: a valid header whose chunks run past the end.
        let truncated = folder.appendingPathComponent("truncated.sf2")
        try Data(try Data(contentsOf: URL(fileURLWithPath: shippedSoundFont)).prefix(5000)).write(to: truncated)
        let garbage = folder.appendingPathComponent("garbage.sf2")
        try Data("this is not a SoundFont".utf8).write(to: garbage)

        for url in [truncated, garbage] {
            let error = assertPlaybackError(try render(with: .file(url.path)))
            guard case .soundFontLoadFailed(let path, let message)? = error else {
                XCTFail("expected soundFontLoadFailed for \(url.lastPathComponent), got \(String(describing: error))")
                continue
            }
            XCTAssertEqual(path, url.path)
            XCTAssertNotEqual(message, "no message from FluidSynth", "FluidSynth's log was not captured")
        }
    }

    func testEnvironmentVariableIsUsedWhenNoExplicitPath() throws {
        let locator = SoundFontLocator(environment: ["SUNMASK_SOUNDFONT": shippedSoundFont],
                                       systemDefaults: [], systemFolders: [], bundledFolders: [])
        XCTAssertEqual(locator.candidates(), [SoundFontCandidate(path: shippedSoundFont, origin: .environment)])
        XCTAssertEqual(try render(with: locator).soundFontPath, shippedSoundFont)

        let missing = SoundFontLocator(environment: ["SUNMASK_SOUNDFONT": "/nonexistent/x.sf2"])
        XCTAssertEqual(assertPlaybackError(try render(with: missing)),
                       .soundFontNotFound(path: "/nonexistent/x.sf2", origin: "SUNMASK_SOUNDFONT"))
    }

    func testExplicitPathWinsOverEnvironment() {
        let locator = SoundFontLocator(explicitPath: "/a.sf2", environment: ["SUNMASK_SOUNDFONT": "/b.sf2"])
        XCTAssertEqual(locator.candidates(), [SoundFontCandidate(path: "/a.sf2", origin: .explicitPath)])
    }

    func testSearchOrderDefaultsThenFoldersThenBundled() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let sf3 = root.appendingPathComponent("sf3")
        let sf2 = root.appendingPathComponent("sf2")
        let bundled = root.appendingPathComponent("SoundFonts")
        for folder in [sf3, sf2, bundled] {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        }
        for path in ["sf3/default-GM.sf3", "sf3/b.sf3", "sf2/z.sf2", "sf2/a.sf2", "sf2/notes.txt", "SoundFonts/own.sf2"] {
            try Data([1]).write(to: root.appendingPathComponent(path))
        }
        let locator = SoundFontLocator(
            environment: [:],
            systemDefaults: [sf3.appendingPathComponent("default-GM.sf3").path,
                             sf2.appendingPathComponent("default-GM.sf2").path],
            systemFolders: [sf3.path, sf2.path],
            bundledFolders: [bundled.path])

        XCTAssertEqual(locator.candidates().map(\.path), [
            sf3.appendingPathComponent("default-GM.sf3").path,
            sf2.appendingPathComponent("default-GM.sf2").path,
            sf3.appendingPathComponent("b.sf3").path,
            sf2.appendingPathComponent("a.sf2").path,
            sf2.appendingPathComponent("z.sf2").path,
            bundled.appendingPathComponent("own.sf2").path,
        ])
        XCTAssertEqual(locator.candidates().last?.origin, .bundled)
    }

    func testNoLoadableSoundFontListsEveryPathTried() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let corrupt = root.appendingPathComponent("broken.sf2")
        try Data("RIFF".utf8).write(to: corrupt)
        let missingDefault = root.appendingPathComponent("default-GM.sf2").path
        let emptyBundled = root.appendingPathComponent("SoundFonts").path
        let locator = SoundFontLocator(environment: [:], systemDefaults: [missingDefault],
                                       systemFolders: [root.path], bundledFolders: [emptyBundled])

        let error = assertPlaybackError(try render(with: locator))
        guard case .noSoundFontLoaded(let attempts)? = error else {
            return XCTFail("expected noSoundFontLoaded, got \(String(describing: error))")
        }
        XCTAssertEqual(attempts.map(\.path), [missingDefault, corrupt.path, emptyBundled + "/sunmask-gm.sf2"])
        XCTAssertEqual(attempts[0].outcome, "not found")
        XCTAssertTrue(attempts[1].outcome.hasPrefix("failed to load"), attempts[1].outcome)
        for attempt in attempts {
            XCTAssertTrue(error!.description.contains(attempt.path), "message omits \(attempt.path)")
        }
        XCTAssertFalse(error!.description.contains("\n"))
    }

    func testSearchFallsBackPastCorruptToWorkingFont() throws {
        let root = try makeTemporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        try Data("not a soundfont".utf8).write(to: root.appendingPathComponent("a-broken.sf2"))
        let locator = SoundFontLocator(environment: [:], systemDefaults: [], systemFolders: [root.path],
                                       bundledFolders: [repositoryRoot.appendingPathComponent("SoundFonts").path])
        XCTAssertEqual(try render(with: locator).soundFontPath, shippedSoundFont)
    }

    func testBundledFolderIsFoundFromTheTestExecutable() {
        // The test bundle is built under .build/ inside the repository, so walking up from it
        // reaches the repository's SoundFonts folder.
        let expected = repositoryRoot.appendingPathComponent("SoundFonts").resolvingSymlinksInPath().path
        let folders = SoundFontLocator.defaultBundledFolders().map {
            URL(fileURLWithPath: $0).resolvingSymlinksInPath().path
        }
        XCTAssertTrue(folders.contains(expected), "bundled folders \(folders) miss \(expected)")
    }

    func testShippedFontProgramsPlayRightPitch() throws {
        // Programs from each of the four instruments render a sustained C5 at its pitch.
        for program in [0, 19, 53, 68, 127] {
            let sound = try VoiceSound(program: try GMProgram(program))
            let instrumentation = Instrumentation(soprano: sound, alto: sound, tenor: sound, bass: sound)
            let rows = [Array(repeating: 72, count: 8)] + Array(repeating: Array(repeating: -1, count: 8), count: 3)
            let schedule = try NoteSchedule(score: Score(grid: try SATBGrid(pitches: rows), tempo: 120),
                                            instrumentation: instrumentation)
            let audio = try OfflineRenderer(soundFont: .file(shippedSoundFont),
                                            options: RenderOptions(releaseTail: 0.1)).render(schedule)
            let measured = AudioAnalysis.dominantPitch(audio, frames: 11025..<22050)
            XCTAssertEqual(measured, 72, accuracy: 1, "program \(program) peaks at MIDI \(measured)")
        }
    }
}
