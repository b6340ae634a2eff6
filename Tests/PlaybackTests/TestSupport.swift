import Foundation
import XCTest
import Chorale
@testable import Playback

/// The repository root, found from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The SoundFont the repository ships, forced explicitly so tests never depend on system fonts.
let shippedSoundFont = repositoryRoot.appendingPathComponent("SoundFonts/sunmask-gm.sf2").path

/// Creates an empty folder under the system temporary directory.
func makeTemporaryFolder() throws -> URL {
    let url = FileManager.default.temporaryDirectory
        .appendingPathComponent("PlaybackTests-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Builds a score from runs of (pitch or -1, length in steps) per voice; missing voices rest.
func makeScore(_ runs: [Voice: [(Int, Int)]], steps: Int, tempo: Double) throws -> Score {
    var rows = Array(repeating: Array(repeating: SATBGrid.rest, count: steps), count: 4)
    for (voice, voiceRuns) in runs {
        var step = 0
        for (pitch, length) in voiceRuns {
            for _ in 0..<length {
                rows[voice.rawValue][step] = pitch
                step += 1
            }
        }
    }
    return Score(grid: try SATBGrid(pitches: rows), tempo: tempo)
}

/// Asserts that `body` throws a `PlaybackError` and returns it.
func assertPlaybackError<T>(_ body: @autoclosure () throws -> T, file: StaticString = #filePath,
                            line: UInt = #line) -> PlaybackError? {
    do {
        _ = try body()
        XCTFail("expected a PlaybackError, got success", file: file, line: line)
    } catch let error as PlaybackError {
        return error
    } catch {
        XCTFail("expected a PlaybackError, got \(error)", file: file, line: line)
    }
    return nil
}
