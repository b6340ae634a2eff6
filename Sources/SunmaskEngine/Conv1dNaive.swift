// Direct-loop 1-D convolution, the reference the im2col + sgemm `Conv1d` is tested against.
//
// Shape legend: x [Cin, B, T], W [Cout, Cin, k], b [Cout], y [Cout, B, To],
// To = ⌈T / s⌉, padLeft = (k − 1) / 2, zeros outside 0..<T. Sums run in Double.

/// Computes y[o, b, t] = b[o] + Σ_c Σ_j W[o, c, j] · x[c, b, t·s + j − padLeft] by direct loops.
/// - Parameters:
///   - output: y [Cout, B, To], overwritten.
///   - input: x [Cin, B, T].
///   - weight: W [Cout, Cin, k].
///   - bias: b [Cout].
public func conv1dForwardNaive(output: Tensor, input: Tensor, weight: Tensor, bias: Tensor,
                               stride: Int) {
    let (cout, cin, k) = (weight.shape[0], weight.shape[1], weight.shape[2])
    let (batch, time) = (input.shape[1], input.shape[2])
    let outTime = (time + stride - 1) / stride
    let pad = (k - 1) / 2
    input.expectShape([cin, batch, time], "conv1dForwardNaive input")
    output.expectShape([cout, batch, outTime], "conv1dForwardNaive output")
    for o in 0..<cout {
        for b in 0..<batch {
            for t in 0..<outTime {
                var total = Double(bias[flat: o])
                for c in 0..<cin {
                    for j in 0..<k {
                        let source = t * stride + j - pad
                        if source < 0 || source >= time { continue }
                        total += Double(weight[flat: (o * cin + c) * k + j])
                            * Double(input[flat: (c * batch + b) * time + source])
                    }
                }
                output[flat: (o * batch + b) * outTime + t] = Float(total)
            }
        }
    }
}

/// Adds the gradients of `conv1dForwardNaive` into dInput, dWeight and dBias by direct loops.
/// - Parameters:
///   - dInput: dx [Cin, B, T], added into.
///   - dWeight: dW [Cout, Cin, k], added into.
///   - dBias: db [Cout], added into.
///   - dOutput: dy [Cout, B, To].
public func conv1dBackwardNaive(dInput: Tensor, dWeight: Tensor, dBias: Tensor,
                                dOutput: Tensor, input: Tensor, weight: Tensor, stride: Int) {
    let (cout, cin, k) = (weight.shape[0], weight.shape[1], weight.shape[2])
    let (batch, time) = (input.shape[1], input.shape[2])
    let outTime = (time + stride - 1) / stride
    let pad = (k - 1) / 2
    dOutput.expectShape([cout, batch, outTime], "conv1dBackwardNaive dOutput")
    for o in 0..<cout {
        for b in 0..<batch {
            for t in 0..<outTime {
                let dy = dOutput[flat: (o * batch + b) * outTime + t]
                dBias[flat: o] += dy
                for c in 0..<cin {
                    for j in 0..<k {
                        let source = t * stride + j - pad
                        if source < 0 || source >= time { continue }
                        let x = (c * batch + b) * time + source
                        let w = (o * cin + c) * k + j
                        dWeight[flat: w] += dy * input[flat: x]
                        dInput[flat: x] += dy * weight[flat: w]
                    }
                }
            }
        }
    }
}
