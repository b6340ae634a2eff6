// Benchmarks for `make bench`. They print measured figures and never fail on a time.
//
// Every rate is compared with the sgemm rate measured in the same run, because the machines
// are shared and the absolute figures move with the load.
//
// Usage: sunmask-bench [--runs N] [--quick]
import CBLAS
import Foundation
import SunmaskEngine

// MARK: - Timing

/// Returns the median and minimum wall time of `body` in milliseconds over `runs` calls,
/// after `warmup` untimed calls.
func measure(runs: Int, warmup: Int = 2, _ body: () -> Void) -> (median: Double, min: Double) {
    for _ in 0..<warmup { body() }
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    samples.sort()
    return (samples[samples.count / 2], samples[0])
}

func gflops(_ flop: Double, milliseconds: Double) -> Double { flop / milliseconds / 1e6 }

func format(_ value: Double, _ digits: Int = 1) -> String { String(format: "%.\(digits)f", value) }

// MARK: - Arguments

var runs = 15
var quick = false
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--runs":
        guard let text = arguments.popFirst(), let value = Int(text), value > 0 else {
            print("sunmask-bench: --runs needs a positive integer")
            exit(2)
        }
        runs = value
    case "--quick":
        quick = true
    default:
        print("sunmask-bench: unknown argument \(argument); use --runs N or --quick")
        exit(2)
    }
}

/// The 1-minute load average, which says how busy the shared machine was.
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

// MARK: - sgemm rates

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
print("reference rate (median 2-stream rate of the conv shapes): \(format(sgemmReference)) GFLOP/s")

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

extension String {
    func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

runTrainingBench(steps: quick ? 2 : 5, calls: quick ? 5 : runs)
