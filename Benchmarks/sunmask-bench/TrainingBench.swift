// Training figures for `make bench`: examples/s and peak resident memory of a training step at
// batch 8 and T = 128, and the time of one batch-1 model call (the sampler's unit of work), for
// the default `sunmask train` network, width 128, and the reference network.
import Foundation
import SunmaskEngine

/// Reads the peak and current resident set size of this process in bytes from the VmHWM and
/// VmRSS lines of /proc/self/status. Returns nil where the file or a field is missing.
func readResidentMemory() -> (peak: Int, current: Int)? {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
    func kilobytes(_ field: String) -> Int? {
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(field + ":") }) else { return nil }
        return line.split(separator: " ").compactMap { Int($0) }.first
    }
    guard let peak = kilobytes("VmHWM"), let current = kilobytes("VmRSS") else { return nil }
    return (peak * 1024, current * 1024)
}

/// Resets the process's peak RSS to its current RSS (Linux: "5" written to
/// /proc/self/clear_refs); returns false where the kernel does not allow it.
func resetPeakResidentMemory() -> Bool {
    guard let handle = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
    defer { try? handle.close() }
    do {
        try handle.write(contentsOf: Data("5".utf8))
        return true
    } catch {
        return false
    }
}

/// Trains each network for a few steps on random tokens and prints its figures.
/// - Parameters:
///   - steps: timed training steps per network, after one untimed step.
///   - calls: timed batch-1 model calls per network.
func runTrainingBench(steps: Int, calls: Int) {
    let length = 128, batch = 8
    let networks: [(name: String, config: UNetConfig)] = [
        ("default (width 64)", .standard()),
        ("width 128", {
            var config = UNetConfig.standard()
            config.baseWidth = 128
            config.groups = 32
            return config
        }()),
        ("reference (width 256)", .reference()),
    ]
    print("\nTraining, batch \(batch), T \(length), \(ComputeThreads.count) threads; "
          + "medians of \(steps) steps, \(calls) batch-1 calls")
    print("network                 parameters  examples/s  s/step  peak RSS MB  batch-1 call ms  1024 calls s")
    for (name, config) in networks {
        let resetWorked = resetPeakResidentMemory()
        var generator = RandomGenerator(seed: 3)
        let examples = (0..<2 * batch).map { _ in
            (0..<config.voices * length).map { _ in Int32(generator.nextInt(below: config.vocabularySize)) }
        }
        let model: UNet
        let trainer: Trainer
        do {
            model = try UNet(config: config, generator: &generator)
            trainer = try Trainer(model: model, config: TrainingConfig(), examples: examples,
                                  validationExamples: [], steps: length)
        } catch {
            print("\(name): could not build the trainer: \(error)")
            continue
        }
        let stepTime = measure(runs: steps, warmup: 1) { _ = trainer.trainStep() }.median / 1000
        let peak = readResidentMemory()?.peak

        let encoding = InputEncoding(voices: config.voices, vocabulary: config.vocabularySize)
        let tokens = examples[0]
        let keep = [UInt8](repeating: 0, count: tokens.count)
        let input = tokens.withUnsafeBufferPointer { tokenBuffer in
            keep.withUnsafeBufferPointer { keepBuffer in
                encoding.encode(tokens: tokenBuffer, keep: keepBuffer, batch: 1, steps: length)
            }
        }
        let workspace = Workspace()
        let callTime = measure(runs: calls, warmup: 2) { _ = model.apply(input, workspace: workspace) }.median

        let peakText = peak.map { format(Double($0) / 1_048_576, 0) + (resetWorked ? "" : "*") } ?? "n/a"
        print(name.padding(toLength: 22, withPad: " ", startingAt: 0)
              + "\(model.parameterCount)".leftPadded(12) + format(Double(batch) / stepTime).leftPadded(12)
              + format(stepTime, 2).leftPadded(8) + peakText.leftPadded(13)
              + format(callTime, 2).leftPadded(17) + format(callTime * 1024 / 1000).leftPadded(14))
    }
    print("peak RSS is the whole process's, reset before each network"
          + (resetPeakResidentMemory() ? "" : " (* reset unavailable: peak since start)")
          + "; 1024 calls is the standard preset's 128-step harmonization")
}
