// Benchmarks for `make bench`. They print measured figures and never fail on a time.
//
// Every rate is compared with the sgemm rate measured in the same run, because the machines
// are shared and the absolute figures move with the load.
//
// Usage: sunmask-bench [--runs N] [--patience SECONDS] [--quick] [--training-only STEPS]
//   --patience: how long each measurement waits for a quiet machine before keeping the least
//   disturbed samples (default 4 s).
import CBLAS
import Foundation
import SunmaskEngine

BLASKernels.restartOnBetterKernelsIfNeeded()

// MARK: - Timing on a shared machine

/// Busy and total jiffies of all cores since boot, from the first line of /proc/stat.
func readCPUJiffies() -> (busy: Double, total: Double)? {
    let text: String
    do {
        text = try String(contentsOfFile: "/proc/stat", encoding: .utf8)
    } catch {
        return nil  // Without /proc/stat every sample counts as undisturbed.
    }
    guard let line = text.split(separator: "\n").first else { return nil }
    let fields = line.split(separator: " ").dropFirst().compactMap { Double($0) }
    guard fields.count >= 8 else { return nil }
    // user nice system idle iowait irq softirq steal
    let busy = fields[0] + fields[1] + fields[2] + fields[5] + fields[6] + fields[7]
    return (busy, busy + fields[3] + fields[4])
}

/// This process's user + system CPU seconds.
func ownCPUSeconds() -> Double {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec)
        + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

let jiffiesPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))

/// One timed chunk of calls: wall milliseconds per call and the cores other processes kept
/// busy meanwhile.
struct Sample {
    var milliseconds: Double
    var foreignCores: Double
    /// This process's CPU time per call, which other processes' load disturbs much less.
    var cpuMilliseconds: Double = .nan
}

/// Times `repeats` calls of `body` as one chunk. The kernel counts CPU time in jiffies
/// (usually 10 ms), so a chunk should last a few hundred milliseconds for a usable load figure.
func takeSample(repeats: Int = 1, _ body: () -> Void) -> Sample {
    let jiffiesBefore = readCPUJiffies()
    let cpuBefore = ownCPUSeconds()
    let start = DispatchTime.now().uptimeNanoseconds
    for _ in 0..<repeats { body() }
    let wall = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    let own = ownCPUSeconds() - cpuBefore
    guard let before = jiffiesBefore, let after = readCPUJiffies() else {
        return Sample(milliseconds: wall * 1e3 / Double(repeats), foreignCores: .nan,
                      cpuMilliseconds: own * 1e3 / Double(repeats))
    }
    let foreign = max(0, (after.busy - before.busy) / jiffiesPerSecond - own) / max(wall, 1e-9)
    return Sample(milliseconds: wall * 1e3 / Double(repeats), foreignCores: foreign,
                  cpuMilliseconds: own * 1e3 / Double(repeats))
}

/// Timing results over the samples kept.
struct Timing {
    var median: Double
    var min: Double
    /// The mean number of cores other processes used during the kept samples.
    var foreignCores: Double
}

/// Times `body` in `runs` chunks of at least 0.25 s after `warmup` calls, keeping chunks during
/// which other processes used at most `maxForeignCores`. A busy chunk is retaken after a pause;
/// after `patience` seconds the least disturbed chunks are kept, and `foreignCores` reports how
/// disturbed they were.
func measure(runs: Int, warmup: Int = 2, maxForeignCores: Double = 0.15,
             patience: Double = patienceSeconds, _ body: () -> Void) -> Timing {
    for _ in 0..<max(warmup, 1) { body() }
    let single = takeSample(body).milliseconds
    let repeats = max(1, Int((250 / max(single, 0.01)).rounded(.up)))
    var clean: [Sample] = [], busy: [Sample] = []
    let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(patience * 1e9)
    while clean.count < runs {
        let sample = takeSample(repeats: repeats, body)
        if sample.foreignCores <= maxForeignCores || sample.foreignCores.isNaN {
            clean.append(sample)
        } else {
            busy.append(sample)
            if DispatchTime.now().uptimeNanoseconds > deadline { break }
            usleep(200_000)
        }
    }
    busy.sort { $0.foreignCores < $1.foreignCores }
    let kept = clean + busy.prefix(max(0, runs - clean.count))
    let times = kept.map(\.milliseconds).sorted()
    let foreign = kept.map(\.foreignCores).reduce(0, +) / Double(kept.count)
    return Timing(median: times[times.count / 2], min: times[0], foreignCores: foreign)
}

func gflops(_ flop: Double, milliseconds: Double) -> Double { flop / milliseconds / 1e6 }

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

// MARK: - Arguments

var runs = 7
var quick = false
var trainingOnlySteps = 0
var patienceSeconds = 4.0
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--runs":
        guard let text = arguments.popFirst(), let value = Int(text), value > 0 else {
            print("sunmask-bench: --runs needs a positive integer")
            exit(2)
        }
        runs = value
    case "--patience":
        guard let text = arguments.popFirst(), let value = Double(text), value >= 0 else {
            print("sunmask-bench: --patience needs a non-negative number of seconds")
            exit(2)
        }
        patienceSeconds = value
    case "--quick":
        quick = true
    case "--training-only":
        // Runs only this many training steps (forward, backward, Adam) of the reference U-Net,
        // for a profiler.
        guard let text = arguments.popFirst(), let value = Int(text), value > 0 else {
            print("sunmask-bench: --training-only needs a positive step count")
            exit(2)
        }
        trainingOnlySteps = value
    default:
        print("sunmask-bench: unknown argument \(argument); use --runs N, --patience SECONDS, --quick or --training-only STEPS")
        exit(2)
    }
}

/// The 1-minute load average, which shows how busy the shared machine was.
func readLoadAverage() -> String {
    do {
        let text = try String(contentsOfFile: "/proc/loadavg", encoding: .utf8)
        return text.split(separator: " ").first.map(String.init) ?? "unreadable"
    } catch {
        return "unavailable (\(error))"
    }
}
let loadAverage = readLoadAverage()
print("sunmask-bench: \(ProcessInfo.processInfo.activeProcessorCount) cores, "
      + "1-minute load average \(loadAverage) at start, medians of \(runs) runs")
print("sunmask-bench: \(BLASKernels.summary)")

// MARK: - sgemm rates

if trainingOnlySteps > 0 {
    var random = RandomGenerator(seed: 7)
    let network = try UNet(config: .reference(vocabularySize: 58), generator: &random)
    let input = Tensor(shape: [network.config.inputChannels, 8, 128], repeating: 0.5)
    let workspace = Workspace()
    let adam = Adam(parameters: network.parameters, learningRate: 1e-4)
    for _ in 0..<trainingOnlySteps {
        let (logits, cache) = network.forward(input, workspace: workspace)
        adam.zeroGradients()
        network.backward(dLogits: Tensor(shape: logits.shape, repeating: 1e-4), cache: cache,
                         workspace: workspace)
        adam.update()
    }
    exit(0)
}

/// A matrix product shape, C[M, N] = A[M, K] · op(B), and where it occurs.
struct ProductShape {
    let name: String
    let m: Int, n: Int, k: Int
    let transposeB: Bool
}

/// The sgemm rates of one shape in three modes.
struct SgemmRates {
    var oneThread = 0.0, twoStreams = 0.0, blasTwoThreads = 0.0
}

func measureSgemm(_ shape: ProductShape) -> SgemmRates {
    let a = Tensor(shape: [shape.m, shape.k], repeating: 0.5)
    let b = Tensor(shape: [shape.k, shape.n], repeating: 0.25)
    let c = Tensor(shape: [shape.m, shape.n])
    let flop = 2.0 * Double(shape.m * shape.n * shape.k)
    let ldb = shape.transposeB ? shape.k : shape.n
    func product(threads: Int) {
        matrixMultiply(c.pointer, ldc: shape.n, a.pointer, lda: shape.k, transposeA: false,
                       b.pointer, ldb: ldb, transposeB: shape.transposeB,
                       m: shape.m, n: shape.n, k: shape.k, threads: threads)
    }
    var rates = SgemmRates()
    openblas_set_num_threads(1)
    rates.oneThread = gflops(flop, milliseconds: measure(runs: runs) { product(threads: 1) }.median)
    rates.twoStreams = gflops(flop, milliseconds: measure(runs: runs) { product(threads: 2) }.median)
    openblas_set_num_threads(2)
    rates.blasTwoThreads = gflops(flop, milliseconds: measure(runs: runs) { product(threads: 1) }.median)
    openblas_set_num_threads(1)
    return rates
}

let productShapes = [
    ProductShape(name: "square 1024", m: 1024, n: 1024, k: 1024, transposeB: false),
    ProductShape(name: "conv 256→256 k3, B·T 1024", m: 256, n: 1024, k: 768, transposeB: false),
    ProductShape(name: "conv 512→512 k3, B·T 512", m: 512, n: 512, k: 1536, transposeB: false),
    ProductShape(name: "conv 512→512 k3, B·T 256", m: 512, n: 256, k: 1536, transposeB: false),
    ProductShape(name: "dW 256×768, B·T 1024", m: 256, n: 768, k: 1024, transposeB: true),
]
print("\nsgemm GFLOP/s            1 thread   2 streams   OpenBLAS 2 threads")
var conv2StreamRates: [Double] = []
for shape in productShapes {
    let rates = measureSgemm(shape)
    if shape.name.hasPrefix("conv") { conv2StreamRates.append(rates.twoStreams) }
    print(shape.name.padding(toLength: 26, withPad: " ", startingAt: 0)
          + format(rates.oneThread).leftPadded(8) + format(rates.twoStreams).leftPadded(12)
          + format(rates.blasTwoThreads).leftPadded(21))
}
let sgemmReference = conv2StreamRates.sorted()[conv2StreamRates.count / 2]
print("sgemm reference rate (median 2-stream rate of the conv shapes): \(format(sgemmReference)) GFLOP/s")

// MARK: - Conv1d layer

print("\nConv1d (2 threads)            forward ms  GFLOP/s   backward ms  GFLOP/s")
let convCases: [(name: String, cin: Int, cout: Int, k: Int, stride: Int, batch: Int, time: Int)] = [
    ("256→256 k3, B 8, T 128", 256, 256, 3, 1, 8, 128),
    ("512→512 k3, B 8, T 64", 512, 512, 3, 1, 8, 64),
    ("512→512 k3, B 8, T 32", 512, 512, 3, 1, 8, 32),
    ("256→256 k3 s2, B 8, T 128", 256, 256, 3, 2, 8, 128),
    ("512→1536 k1, B 8, T 32", 512, 1536, 1, 1, 8, 32),
]
var generator = RandomGenerator(seed: 1)
let workspace = Workspace()
for c in convCases {
    let conv = Conv1d(name: "bench", inputChannels: c.cin, outputChannels: c.cout, kernelSize: c.k,
                      stride: c.stride, generator: &generator)
    let x = Tensor(shape: [c.cin, c.batch, c.time], repeating: 0.1)
    let (y, cache) = conv.forward(x, workspace: workspace)
    let dy = Tensor(shape: y.shape, repeating: 0.01)
    let dx = Tensor(shape: x.shape)
    let flop = 2.0 * Double(c.cout * c.cin * c.k * c.batch * conv.outputLength(c.time))
    let forward = measure(runs: runs) { _ = conv.apply(x, workspace: workspace) }.median
    let backward = measure(runs: runs) {
        conv.backward(dInput: dx, dOutput: dy, cache: cache, workspace: workspace)
    }.median
    print(c.name.padding(toLength: 30, withPad: " ", startingAt: 0)
          + format(forward, 2).leftPadded(10) + format(gflops(flop, milliseconds: forward)).leftPadded(9)
          + format(backward, 2).leftPadded(14)
          + format(gflops(2 * flop, milliseconds: backward)).leftPadded(9))
}

// MARK: - Reference U-Net

do {
    let config = UNetConfig.reference(vocabularySize: 58)
    var random = RandomGenerator(seed: 7)
    let network = try UNet(config: config, generator: &random)
    let time = 128
    let flopPerExample = Double(network.forwardFlops(time: time))
    print("\nReference U-Net: \(network.parameterCount) parameters (K = 58), "
          + "\(format(flopPerExample / 1e9, 2)) GFLOP per \(time)-step example forward")

    func makeInput(batch: Int) -> Tensor {
        // One-hot tokens and a mask bit per voice, with a fixed pattern.
        let input = Tensor(shape: [config.inputChannels, batch, time])
        let k = config.vocabularySize
        for v in 0..<config.voices {
            for b in 0..<batch {
                for t in 0..<time {
                    let token = (v * 7 + b * 3 + t) % k
                    input[flat: ((v * (k + 1) + token) * batch + b) * time + t] = 1
                    if (t + b) % 2 == 0 { input[flat: ((v * (k + 1) + k) * batch + b) * time + t] = 1 }
                }
            }
        }
        return input
    }

    let networkWorkspace = Workspace()
    let adam = Adam(parameters: network.parameters, learningRate: 1e-4)
    let batch = 8
    let input = makeInput(batch: batch)
    let networkRuns = quick ? 3 : max(5, runs / 2)
    let forwardMs = measure(runs: networkRuns, warmup: 1) {
        _ = network.forward(input, workspace: networkWorkspace)
    }
    // Each forward+backward sample is paired with an sgemm sample taken just before it, so the
    // fraction compares two rates measured under the same load.
    let pairedShape = productShapes[2]
    let pairedA = Tensor(shape: [pairedShape.m, pairedShape.k], repeating: 0.5)
    let pairedB = Tensor(shape: [pairedShape.k, pairedShape.n], repeating: 0.25)
    let pairedC = Tensor(shape: [pairedShape.m, pairedShape.n])
    let pairedFlop = 2.0 * Double(pairedShape.m * pairedShape.n * pairedShape.k)
    func trainingStep() {
        let (logits, cache) = network.forward(input, workspace: networkWorkspace)
        let dLogits = Tensor(shape: logits.shape, repeating: 1e-4)
        adam.zeroGradients()
        network.backward(dLogits: dLogits, cache: cache, workspace: networkWorkspace)
    }
    trainingStep()
    var trainingSamples: [Sample] = [], fractions: [Double] = [], cpuFractions: [Double] = []
    for _ in 0..<networkRuns {
        let sgemmSample = takeSample(repeats: 60) {
            matrixMultiply(pairedC.pointer, ldc: pairedShape.n, pairedA.pointer, lda: pairedShape.k,
                           transposeA: false, pairedB.pointer, ldb: pairedShape.n, transposeB: false,
                           m: pairedShape.m, n: pairedShape.n, k: pairedShape.k)
        }
        let sample = takeSample(trainingStep)
        trainingSamples.append(sample)
        let stepRate = gflops(3 * flopPerExample * Double(batch), milliseconds: sample.milliseconds)
        fractions.append(stepRate / gflops(pairedFlop, milliseconds: sgemmSample.milliseconds))
        // Per CPU-second, both figures count only the work this process did.
        let stepCPURate = gflops(3 * flopPerExample * Double(batch), milliseconds: sample.cpuMilliseconds)
        cpuFractions.append(stepCPURate / gflops(pairedFlop, milliseconds: sgemmSample.cpuMilliseconds))
    }
    let trainingTimes = trainingSamples.map(\.milliseconds).sorted()
    let trainingMs = Timing(
        median: trainingTimes[trainingTimes.count / 2], min: trainingTimes[0],
        foreignCores: trainingSamples.map(\.foreignCores).reduce(0, +) / Double(trainingSamples.count))
    let adamMs = measure(runs: networkRuns, warmup: 1) { adam.update() }
    let forwardRate = gflops(flopPerExample * Double(batch), milliseconds: forwardMs.median)
    let trainingRate = gflops(3 * flopPerExample * Double(batch), milliseconds: trainingMs.median)
    print("batch 8, T 128    median ms   min ms   GFLOP/s   fraction of sgemm   other load (cores)")
    print("forward (training)" + format(forwardMs.median).leftPadded(11) + format(forwardMs.min).leftPadded(9)
          + format(forwardRate).leftPadded(10) + format(forwardRate / sgemmReference, 2).leftPadded(20)
          + format(forwardMs.foreignCores, 2).leftPadded(21))
    print("forward+backward  " + format(trainingMs.median).leftPadded(11) + format(trainingMs.min).leftPadded(9)
          + format(trainingRate).leftPadded(10) + format(trainingRate / sgemmReference, 2).leftPadded(20)
          + format(trainingMs.foreignCores, 2).leftPadded(21))
    print("  paired with sgemm (\(pairedShape.name), 2 streams) just before each sample: "
          + "median fraction \(format(fractions.sorted()[fractions.count / 2], 2)) of wall-clock rate, "
          + "\(format(cpuFractions.sorted()[cpuFractions.count / 2], 2)) of rate per CPU-second")
    let cpuTimes = trainingSamples.map(\.cpuMilliseconds).sorted()
    print("  forward+backward CPU time per step: median \(format(cpuTimes[cpuTimes.count / 2])) ms "
          + "(\(format(gflops(3 * flopPerExample * Double(batch), milliseconds: cpuTimes[cpuTimes.count / 2]))) "
          + "GFLOP per CPU-second)")
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    print("  peak resident memory after training steps at batch 8: \(usage.ru_maxrss / 1024) MB "
          + "(\(format(Double(batch) / trainingMs.median * 1000)) examples/s)")
    print("Adam step         " + format(adamMs.median).leftPadded(11) + format(adamMs.min).leftPadded(9)
          + String(repeating: " ", count: 30) + format(adamMs.foreignCores, 2).leftPadded(21))
    print("inference         median ms   min ms   GFLOP/s   fraction of sgemm   other load (cores)")
    for inferenceBatch in [1, 8, 16] {
        let batchInput = makeInput(batch: inferenceBatch)
        let ms = measure(runs: networkRuns, warmup: 1) {
            _ = network.apply(batchInput, workspace: networkWorkspace)
        }
        let rate = gflops(flopPerExample * Double(inferenceBatch), milliseconds: ms.median)
        print("batch \(inferenceBatch)".padding(toLength: 18, withPad: " ", startingAt: 0)
              + format(ms.median).leftPadded(11) + format(ms.min).leftPadded(9) + format(rate).leftPadded(10)
              + format(rate / sgemmReference, 2).leftPadded(20) + format(ms.foreignCores, 2).leftPadded(21))
    }
} catch {
    print("sunmask-bench: the reference U-Net configuration is invalid: \(error)")
    exit(1)
}

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

// MARK: - Sampling

runSamplingBench(runs: runs, quick: quick)

// MARK: - Training

runTrainingBench(steps: quick ? 2 : 5, calls: quick ? 5 : runs)

// MARK: - Rendering and grading

runChoraleBench(repositoryRoot: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent())
