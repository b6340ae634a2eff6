// GroupNorm, SiLU and the attention core split across `ComputeThreads.count` threads.
//
// Shape legend: C channels, B batch, T time steps, G groups.
// GroupNorm splits by groups, SiLU by elements and attention by examples, so every thread
// writes its own part of the output and of the gradients.

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

    /// Returns the minimum number of groups per thread: about 64 K elements' worth.
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

extension Attention {
    /// Runs `forward(output:query:key:value:)` with the examples split across threads.
    /// - Parameters:
    ///   - output: [C, B, T]; overwritten.
    ///   - query, key, value: [C, B, T] each.
    @discardableResult
    public static func forwardSplit(output: Tensor, query: Tensor, key: Tensor, value: Tensor) -> Cache {
        precondition(query.shape.count == 3, "Attention.forwardSplit: expected query [C, B, T], got \(query.shape)")
        _ = ComputeThreads.blasSingleThreaded  // each thread makes its own OpenBLAS calls
        let cache = Cache(batch: query.shape[1], steps: query.shape[2])
        parallelRanges(query.shape[1]) { examples in
            forward(output: output, query: query, key: key, value: value, cache: cache,
                    exampleRange: examples)
        }
        return cache
    }

    /// Runs `backward(dQuery:dKey:dValue:dOutput:query:key:value:cache:)` with the examples split
    /// across threads.
    public static func backwardSplit(dQuery: Tensor, dKey: Tensor, dValue: Tensor, dOutput: Tensor,
                                     query: Tensor, key: Tensor, value: Tensor, cache: Cache) {
        _ = ComputeThreads.blasSingleThreaded
        parallelRanges(query.shape[1]) { examples in
            backward(dQuery: dQuery, dKey: dKey, dValue: dValue, dOutput: dOutput, query: query,
                     key: key, value: value, cache: cache, exampleRange: examples)
        }
    }
}
