import Chorale
import Foundation

/// How long an offline render took compared with the music's playing time.
public struct RenderSpeed: Sendable {
    /// Wall-clock seconds for `OfflineRenderer.render`, SoundFont loading included.
    public var renderSeconds: Double
    /// Seconds of audio produced: the region's duration plus the release tail.
    public var audioSeconds: Double
    /// The region's playing time in seconds, without the tail.
    public var playingSeconds: Double

    /// Seconds of audio per second of rendering; above 1 is faster than real time.
    public var realTimeFactor: Double { audioSeconds / renderSeconds }
}

extension OfflineRenderer {
    /// Renders `score` once and measures the wall-clock time, for benchmarks.
    public func measureSpeed(of score: Score, instrumentation: Instrumentation = .choir) throws -> RenderSpeed {
        let schedule = try NoteSchedule(score: score, instrumentation: instrumentation)
        let start = DispatchTime.now().uptimeNanoseconds
        let audio = try render(schedule)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        return RenderSpeed(renderSeconds: seconds, audioSeconds: audio.duration, playingSeconds: schedule.duration)
    }

    /// Builds a four-voice test chorale of `steps` 16th-note steps at 80 quarter notes per minute.
    /// It repeats a I–IV–V–I progression in C major, one chord per bar, the soprano moving in
    /// quarter notes over lower voices held for the bar. With 128 steps it lasts 24 s.
    public static func benchmarkChorale(steps: Int = 128) -> Score {
        precondition(steps > 0, "benchmarkChorale needs at least one step, got \(steps)")
        // The S, A, T, B pitches of each chord, and the soprano's four quarter notes in each bar.
        let chords: [[Int]] = [
            [72, 67, 64, 48], [72, 69, 65, 53], [71, 67, 62, 55], [72, 67, 64, 48],
        ]
        let sopranoSteps: [[Int]] = [[72, 74, 76, 72], [77, 76, 74, 72], [74, 71, 67, 71], [72, 72, 72, 72]]
        var grid = SATBGrid(steps: steps)
        for step in 0..<steps {
            let bar = (step / 16) % chords.count
            let beat = (step % 16) / 4
            grid[.soprano, step] = sopranoSteps[bar][beat]
            for voice in [Voice.alto, .tenor, .bass] {
                grid[voice, step] = chords[bar][voice.rawValue]
            }
        }
        return Score(grid: grid, tempo: 80)
    }
}
