// Sampling speed: ms per sampler step at batch 1 and 16, and the wall time of the `preview`
// and `standard` presets for a 128-step harmonization (soprano kept, three voices generated).
import Chorale
import Foundation
import SunmaskEngine

/// The model the sampling figures use: the trained checkpoint `runs/default.safetensors` when
/// it exists (run from the repository root), else a randomly initialized network of the
/// default training configuration. Speed depends only on the configuration, not the weights.
func samplingBenchModel() throws -> (model: UNet, source: String) {
    let trained = "runs/default.safetensors"
    if FileManager.default.fileExists(atPath: trained) {
        return (try ModelCheckpoint.loadModel(from: trained).model, trained)
    }
    let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 64, multipliers: [1, 2, 2],
                            residualBlocksPerLevel: 2, kernelSize: 3, attentionLevels: [2], groups: 16)
    var generator = RandomGenerator(seed: 1)
    return (try UNet(config: config, generator: &generator), "random weights, width 64, multipliers 1,2,2, "
            + "2 blocks, attention at T/4, 16 groups")
}

/// The first 128 steps of "Ode to Joy" as a kept soprano, the other voices to regenerate.
func samplingBenchInput() throws -> (tokens: [Int32], keep: [UInt8]) {
    let soprano = Array(try Melody.odeToJoy.score().grid.pitches[0].prefix(128))
    precondition(soprano.count == 128, "Ode to Joy is shorter than 128 steps")
    var tokens = [Int32](repeating: Int32(TokenVocabulary.restToken), count: 4 * 128)
    var keep = [UInt8](repeating: 0, count: 4 * 128)
    for (step, pitch) in soprano.enumerated() {
        tokens[step] = Int32(TokenVocabulary.token(forCell: pitch)!)
        keep[step] = 1
    }
    return (tokens, keep)
}

/// Returns the median and minimum wall time in ms of sampling `grids`, rethrowing a sampler error.
func timeSampling(_ sampler: MaskedSampler, _ grids: CellGrids, runs: Int,
                  warmup: Int) throws -> (median: Double, min: Double) {
    var failure: Error?
    let time = measure(runs: runs, warmup: warmup) {
        do {
            _ = try sampler.sample(grids)
        } catch {
            failure = error
        }
    }
    if let failure { throw failure }
    return (time.median, time.min)
}

/// Prints the sampling figures. `runs` is the number of timed repetitions of the short runs;
/// `standard` (1024 steps) runs once, or not at all when `quick`.
func runSamplingBench(runs: Int, quick: Bool) {
    do {
        let (network, source) = try samplingBenchModel()
        let model = UNetCellModel(model: network)
        let input = try samplingBenchInput()
        print("\nSampling, T 128, model: \(source) (\(network.parameterCount) parameters)")

        // Every step of a constant-fraction schedule calls the model, plus one final
        // likelihood pass, so a run of N steps makes N + 1 forward passes.
        let stepSettings = SamplerSettings(steps: 8, temperature: 0.6, topK: 3, typicalSampling: true,
                                           acceptance: .constant(fraction: 0.5))
        for batch in [1, 16] {
            let grids = try CellGrids(repeating: input.tokens, keep: input.keep, voices: 4, steps: 128, batch: batch)
            let sampler = MaskedSampler(model: model, settings: stepSettings)
            let time = try timeSampling(sampler, grids, runs: max(1, runs / 3), warmup: 1).median
            let perStep = time / Double(stepSettings.steps + 1)
            print("  batch \(batch):".padding(toLength: 14, withPad: " ", startingAt: 0)
                  + "\(format(perStep, 2)) ms per step, \(format(perStep / Double(batch), 2)) ms per candidate-step")
        }

        let grid = try CellGrids(repeating: input.tokens, keep: input.keep, voices: 4, steps: 128, batch: 1)
        let preview = SamplerPreset.preview()
        let previewSampler = MaskedSampler(model: model, settings: preview.settings)
        let previewTime = try timeSampling(previewSampler, grid, runs: runs, warmup: 1)
        print("  preview (\(preview.settings.steps) steps): median \(format(previewTime.median / 1000, 3)) s, "
              + "min \(format(previewTime.min / 1000, 3)) s")
        if quick {
            print("  standard: skipped with --quick")
        } else {
            let standard = SamplerPreset.standard(voices: 4, timeSteps: 128)
            let standardSampler = MaskedSampler(model: model, settings: standard.settings)
            let standardTime = try timeSampling(standardSampler, grid, runs: 1, warmup: 0)
            print("  standard (\(standard.settings.steps) steps): \(format(standardTime.median / 1000, 2)) s, one run")
        }
    } catch {
        print("sampling bench failed: \(error)")
    }
}
