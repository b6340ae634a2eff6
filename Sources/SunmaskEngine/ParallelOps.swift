// GroupNorm and SiLU split across `ComputeThreads.count` threads.
//
// Shape legend: C channels, B batch, T time steps, G groups.
// GroupNorm splits by groups and SiLU by elements, so every thread writes its own part of the
// output and of the gradients.

extension GroupNorm {
    /// Runs `forward(output:input:)` with the groups split across threads.
    /// - Parameters:
    ///   - output: [C, B, T]; overwritten. It may be `input` when no backward follows.
    ///   - input: [C, B, T].
    @discardableResult
    public func forwardSplit(output: Tensor, input: Tensor) -> Cache {
        precondition(input.shape.count == 3, "GroupNorm.forwardSplit: expected input [C, B, T], got \(input.shape)")
        let cache = Cache(batch: input.shape[1], groups: groups)
        parallelRanges(groups, minimumPerThread: groupsPerThread(input)) { range in
            forward(output: output, input: input, cache: cache, groupRange: range)
        }
        return cache
    }

    /// Runs `backward(dInput:dOutput:input:cache:)` with the groups split across threads.
    public func backwardSplit(dInput: Tensor, dOutput: Tensor, input: Tensor, cache: Cache) {
        parallelRanges(groups, minimumPerThread: groupsPerThread(input)) { range in
            backward(dInput: dInput, dOutput: dOutput, input: input, cache: cache, groupRange: range)
        }
    }

    /// The fewest groups worth a thread: about 64 K elements.
    private func groupsPerThread(_ input: Tensor) -> Int {
        max(1, 65_536 / max(input.count / groups, 1))
    }
}

extension SiLU {
    /// Runs `forward(output:input:)` with the elements split across threads.
    public static func forwardSplit(output: Tensor, input: Tensor) {
        parallelRanges(input.count, granularity: 16, minimumPerThread: 32_768) { range in
            forward(output: output, input: input, elements: range)
        }
    }

    /// Runs `backward(dInput:dOutput:input:)` with the elements split across threads.
    public static func backwardSplit(dInput: Tensor, dOutput: Tensor, input: Tensor) {
        parallelRanges(input.count, granularity: 16, minimumPerThread: 32_768) { range in
            backward(dInput: dInput, dOutput: dOutput, input: input, elements: range)
        }
    }
}
