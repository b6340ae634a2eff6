// One-dimensional convolution over time, forward and backward, through im2col and sgemm.
//
// Shape legend:
//   Cin input channels, Cout output channels, k kernel size, s stride (1 or 2),
//   B batch, T input time steps, To output time steps (T for s = 1, ceil(T / 2) for s = 2).
//   x  [Cin, B, T]     input        y  [Cout, B, To]   output
//   W  [Cout, Cin, k]  weight       b  [Cout]          bias
//   col [Cin·k, B·To]  im2col matrix: col[c·k + j, b·To + t] = x[c, b, t·s + j − padLeft]
//
// Padding is "same": padLeft = (k − 1) / 2 and whatever the last window needs on the right
// (k / 2 for s = 1), with zeros. For k = 3, s = 2 this matches PyTorch's Conv1d(k=3, stride=2,
// padding=1). Then y = W·col + b is one matrix product over the whole batch, and
//   dW += dy·colᵀ,   db += Σ over B·To of dy,   dcol = Wᵀ·dy,   dx += col2im(dcol).

/// The initial values of a convolution's weight and bias.
public enum ConvInitialization: String, Codable, Sendable {
    /// PyTorch's default for `Conv1d`: weight and bias uniform in ±1/√(Cin·k), which is
    /// Kaiming-uniform with negative slope √5 (He et al., "Delving Deep into Rectifiers", 2015).
    case kaimingUniform
    /// Weight and bias zero, for the last convolution of a residual block so the block
    /// starts as the identity.
    case zero
}

/// A 1-D convolution layer with "same" padding and stride 1 or 2.
public final class Conv1d {
    public let inputChannels: Int
    public let outputChannels: Int
    public let kernelSize: Int
    public let stride: Int
    /// [Cout, Cin, k]
    public let weight: Parameter
    /// [Cout]
    public let bias: Parameter

    /// The values `forward` keeps for `backward`: only the input, because backward rebuilds its
    /// im2col matrix instead of storing it.
    public struct Cache {
        /// [Cin, B, T]
        public let input: Tensor
    }

    /// Creates the layer with weights drawn from `generator` as `initialization` selects.
    /// - Parameters:
    ///   - name: the prefix of the parameter names, such as `down.0.conv1`.
    public init(
        name: String, inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1,
        initialization: ConvInitialization = .kaimingUniform, generator: inout RandomGenerator
    ) {
        precondition(inputChannels > 0 && outputChannels > 0,
                     "Conv1d \(name): channel counts must be positive, got \(inputChannels) → \(outputChannels)")
        precondition(kernelSize >= 1, "Conv1d \(name): kernel size must be ≥ 1, got \(kernelSize)")
        precondition(stride == 1 || stride == 2, "Conv1d \(name): stride must be 1 or 2, got \(stride)")
        self.inputChannels = inputChannels
        self.outputChannels = outputChannels
        self.kernelSize = kernelSize
        self.stride = stride
        weight = Parameter(name: name + ".weight",
                           value: Tensor(shape: [outputChannels, inputChannels, kernelSize]))
        bias = Parameter(name: name + ".bias", value: Tensor(shape: [outputChannels]))
        if initialization == .kaimingUniform {
            let bound = 1 / Float(inputChannels * kernelSize).squareRoot()
            weight.value.fillUniform(low: -bound, high: bound, using: &generator)
            bias.value.fillUniform(low: -bound, high: bound, using: &generator)
        }
    }

    /// The trainable parameters, weight first.
    public var parameters: [Parameter] { [weight, bias] }

    /// Left zero padding in time steps.
    public var padLeft: Int { (kernelSize - 1) / 2 }

    /// Returns the output length for an input of `time` steps: `time` for stride 1, ⌈time / 2⌉ for 2.
    public func outputLength(_ time: Int) -> Int { (time + stride - 1) / stride }

    /// Whether the input itself is the im2col matrix (a 1×1 convolution with stride 1).
    private var isPointwise: Bool { kernelSize == 1 && stride == 1 }

    /// Computes y = conv(x) and keeps the input for `backward`.
    /// - Parameters:
    ///   - input: x [Cin, B, T].
    /// - Returns: y [Cout, B, To] and the cache.
    public func forward(_ input: Tensor, workspace: Workspace) -> (output: Tensor, cache: Cache) {
        (apply(input, workspace: workspace), Cache(input: input))
    }

    /// Computes y = conv(x) without keeping anything, for inference.
    /// - Parameters:
    ///   - input: x [Cin, B, T].
    /// - Returns: y [Cout, B, To].
    public func apply(_ input: Tensor, workspace: Workspace) -> Tensor {
        let (batch, time) = checkInput(input)
        let outTime = outputLength(time)
        let columns = batch * outTime
        let rows = inputChannels * kernelSize
        let output = Tensor(uninitializedShape: [outputChannels, batch, outTime])  // [Cout, B, To]

        // y starts as the bias broadcast over B·To, then the product adds W·col to it.
        let bias = self.bias.value.pointer
        let y = output.pointer
        parallelRanges(outputChannels, minimumPerThread: 64) { channels in
            for o in channels { (y + o * columns).update(repeating: bias[o], count: columns) }
        }

        let col: UnsafePointer<Float>  // [Cin·k, B·To]
        if isPointwise {
            col = UnsafePointer(input.pointer)
        } else {
            let scratch = workspace.scratch(count: rows * columns)
            im2col(scratch, input.pointer, batch: batch, time: time)
            col = UnsafePointer(scratch)
        }
        matrixMultiply(y, ldc: columns,
                       weight.value.pointer, lda: rows, transposeA: false,
                       col, ldb: columns, transposeB: false,
                       m: outputChannels, n: columns, k: rows, beta: 1)
        return output
    }

    /// Adds the gradients of the loss into `dInput`, `weight.grad` and `bias.grad`.
    /// - Parameters:
    ///   - dInput: dx [Cin, B, T], added into; nil when the input needs no gradient.
    ///   - dOutput: dy [Cout, B, To].
    public func backward(dInput: Tensor?, dOutput: Tensor, cache: Cache, workspace: Workspace) {
        let input = cache.input
        let (batch, time) = checkInput(input)
        let outTime = outputLength(time)
        dOutput.expectShape([outputChannels, batch, outTime], "Conv1d backward dOutput")
        if let dInput { dInput.expectShape(input.shape, "Conv1d backward dInput") }
        let columns = batch * outTime
        let rows = inputChannels * kernelSize
        let dy = UnsafePointer(dOutput.pointer)

        // db += row sums of dy.
        let dBias = bias.grad.pointer
        parallelRanges(outputChannels, minimumPerThread: 64) { channels in
            for o in channels { dBias[o] += sum(dy + o * columns, count: columns) }
        }

        // dW [Cout, Cin·k] += dy [Cout, B·To] · colᵀ [B·To, Cin·k]
        let scratch = isPointwise ? nil : workspace.scratch(count: rows * columns)
        let col: UnsafePointer<Float>
        if let scratch {
            im2col(scratch, input.pointer, batch: batch, time: time)
            col = UnsafePointer(scratch)
        } else {
            col = UnsafePointer(input.pointer)
        }
        matrixMultiply(weight.grad.pointer, ldc: rows,
                       dy, lda: columns, transposeA: false,
                       col, ldb: columns, transposeB: true,
                       m: outputChannels, n: rows, k: columns, beta: 1)

        guard let dInput else { return }
        // dcol [Cin·k, B·To] = Wᵀ [Cin·k, Cout] · dy [Cout, B·To]
        if let scratch {
            matrixMultiply(scratch, ldc: columns,
                           weight.value.pointer, lda: rows, transposeA: true,
                           dy, ldb: columns, transposeB: false,
                           m: rows, n: columns, k: outputChannels, beta: 0)
            col2imAdd(dInput.pointer, UnsafePointer(scratch), batch: batch, time: time)
        } else {
            matrixMultiply(dInput.pointer, ldc: columns,
                           weight.value.pointer, lda: rows, transposeA: true,
                           dy, ldb: columns, transposeB: false,
                           m: rows, n: columns, k: outputChannels, beta: 1)
        }
    }

    /// Returns one past the last output step whose window tap `j` reads inside 0..<time.
    private func lastOutputStep(_ j: Int, time: Int) -> Int {
        let reach = time - 1 + padLeft - j
        return reach < 0 ? 0 : min(outputLength(time), reach / stride + 1)
    }

    private func checkInput(_ input: Tensor) -> (batch: Int, time: Int) {
        precondition(input.shape.count == 3 && input.shape[0] == inputChannels,
                     "Conv1d input: expected shape [\(inputChannels), B, T], got \(input.shape)")
        return (input.shape[1], input.shape[2])
    }

    /// Fills col [Cin·k, B·To] from x [Cin, B, T], with zeros where a window reaches past
    /// either end of an example. Threads split the input channels.
    private func im2col(_ col: UnsafeMutablePointer<Float>, _ x: UnsafePointer<Float>,
                        batch: Int, time: Int) {
        let k = kernelSize, s = stride, pad = padLeft
        let outTime = outputLength(time)
        let columns = batch * outTime
        parallelRanges(inputChannels, minimumPerThread: 16) { channels in
            for c in channels {
                for j in 0..<k {
                    let row = col + (c * k + j) * columns
                    // Output steps t whose source t·s + j − pad lies in 0..<time.
                    let first = max(0, (pad - j + s - 1) / s)
                    let last = lastOutputStep(j, time: time)  // exclusive
                    for b in 0..<batch {
                        let destination = row + b * outTime
                        let source = x + (c * batch + b) * time
                        if first >= last {
                            destination.update(repeating: 0, count: outTime)
                            continue
                        }
                        if first > 0 { destination.update(repeating: 0, count: first) }
                        if s == 1 {
                            destination.advanced(by: first)
                                .update(from: source + (first + j - pad), count: last - first)
                        } else {
                            for t in first..<last { destination[t] = source[t * s + j - pad] }
                        }
                        if last < outTime {
                            (destination + last).update(repeating: 0, count: outTime - last)
                        }
                    }
                }
            }
        }
    }

    /// Adds dcol [Cin·k, B·To] back into dx [Cin, B, T], the transpose of `im2col`.
    /// Threads split the input channels, so each writes its own rows of dx.
    private func col2imAdd(_ dx: UnsafeMutablePointer<Float>, _ dcol: UnsafePointer<Float>,
                           batch: Int, time: Int) {
        let k = kernelSize, s = stride, pad = padLeft
        let outTime = outputLength(time)
        let columns = batch * outTime
        parallelRanges(inputChannels, minimumPerThread: 16) { channels in
            for c in channels {
                for j in 0..<k {
                    let row = dcol + (c * k + j) * columns
                    let first = max(0, (pad - j + s - 1) / s)
                    let last = lastOutputStep(j, time: time)
                    if first >= last { continue }
                    for b in 0..<batch {
                        let source = row + b * outTime
                        let destination = dx + (c * batch + b) * time
                        if s == 1 {
                            let shifted = destination + (j - pad)
                            for t in first..<last { shifted[t] += source[t] }
                        } else {
                            for t in first..<last { destination[t * s + j - pad] += source[t] }
                        }
                    }
                }
            }
        }
    }
}

/// Returns the sum of `count` floats, kept in 16 interleaved partial sums so the loop vectorizes.
@inlinable
func sum(_ x: UnsafePointer<Float>, count: Int) -> Float {
    var partial = SIMD16<Float>()
    var i = 0
    let raw = UnsafeRawPointer(x)
    while i + 16 <= count {
        partial += raw.loadUnaligned(fromByteOffset: i * 4, as: SIMD16<Float>.self)
        i += 16
    }
    var total = partial.sum()
    while i < count {
        total += x[i]
        i += 1
    }
    return total
}
