// Rendering and grading speed: a 128-step chorale rendered to audio, and grades per chunk.

import Chorale
import Foundation
import Playback

/// Prints how fast a 128-step chorale renders through FluidSynth, with the shipped SoundFont and
/// with the Debian General MIDI SoundFont when installed, and how long grading one chunk takes.
func runChoraleBench(repositoryRoot: URL) {
    print("")
    print("Rendering a 128-step chorale to audio (FluidSynth, SoundFont loading included)")
    print("SoundFont                      render s   audio s   times real time")
    let chorale = OfflineRenderer.benchmarkChorale(steps: 128)
    let fonts = [
        ("shipped sunmask-gm.sf2", repositoryRoot.appendingPathComponent("SoundFonts/sunmask-gm.sf2").path),
        ("Debian FluidR3_GM.sf2", "/usr/share/sounds/sf2/FluidR3_GM.sf2"),
    ]
    for (label, path) in fonts where FileManager.default.fileExists(atPath: path) {
        do {
            let renderer = OfflineRenderer(soundFont: .file(path))
            var best: RenderSpeed?
            for _ in 0..<3 {
                let speed = try renderer.measureSpeed(of: chorale)
                if best == nil || speed.renderSeconds < best!.renderSeconds { best = speed }
            }
            let speed = best!
            print(label.padding(toLength: 30, withPad: " ", startingAt: 0)
                  + String(format: "%9.3f %9.1f %17.0f", speed.renderSeconds, speed.audioSeconds,
                           speed.audioSeconds / speed.renderSeconds))
        } catch {
            print("\(label): rendering failed: \(error)")
        }
    }

    print("")
    do {
        let grader = try Grader.shipped()
        // Grids in the style of the benchmark chorale, transposed so the key estimate varies.
        let chunks = (0..<24).map { offset in
            (try? chorale.grid.transposed(by: offset % 12 - 6)) ?? chorale.grid
        }
        let timing = GradingTiming.measure(grader, chunks: chunks, repetitions: 5)
        print(String(format: "Grading: %.3f ms per 128-step chunk (%d chunks × %d repetitions)",
                     timing.millisecondsPerChunk, timing.chunkCount, timing.repetitions))
    } catch {
        print("Grading: the shipped Bach reference could not be read: \(error)")
    }
}
