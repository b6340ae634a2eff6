// Shape legend used throughout the engine:
//   B batch, C channels, T time steps, V voices, K vocabulary, G groups.

/// The choice of the time positions one voice accepts at one sampling step, with scratch
/// memory reused across voices and steps.
///
/// - Uniform: `count` of the T positions without replacement, by a partial Fisher–Yates
///   shuffle of `0 ..< T` (`count` random draws).
/// - Active balance: the `count` positions accepted least often so far in the run, where the
///   count of a position goes up by one each time it is accepted, whether or not the cell is
///   given. Ties among equal counts are broken by a uniformly random permutation of the T
///   positions (a full Fisher–Yates shuffle, T − 1 draws), so with all counts equal this is
///   the uniform choice.
///
/// The shuffle restarts from `0 ..< T` at every call, so a choice depends only on the random
/// stream passed in and never on earlier calls for other candidates.
final class AcceptedPositions {
    /// T, the number of time positions.
    let steps: Int
    /// The chosen positions, valid for the `count` of the last call.
    let chosen: UnsafeMutablePointer<Int>
    private let order: UnsafeMutablePointer<Int>
    private let keys: UnsafeMutablePointer<Int>

    init(steps: Int) {
        self.steps = steps
        chosen = .allocate(capacity: steps)
        order = .allocate(capacity: steps)
        keys = .allocate(capacity: steps)
    }

    deinit {
        chosen.deallocate()
        order.deallocate()
        keys.deallocate()
    }

    /// Chooses `count` positions uniformly without replacement into `chosen`.
    func chooseUniform(count: Int, random: inout SamplerRandomStream) {
        precondition(count >= 0 && count <= steps, "cannot choose \(count) of \(steps) positions")
        for t in 0..<steps { order[t] = t }
        for i in 0..<count {
            let j = i + random.nextInt(below: steps - i)
            order.swapAt(i, j)
            chosen[i] = order[i]
        }
    }

    /// Chooses the `count` least-accepted positions into `chosen` and adds one to their counts.
    ///
    /// - Parameter acceptedCounts: this voice's T counts, updated in place.
    func chooseBalanced(count: Int, acceptedCounts: UnsafeMutablePointer<Int32>,
                        random: inout SamplerRandomStream) {
        precondition(count >= 0 && count <= steps, "cannot choose \(count) of \(steps) positions")
        for t in 0..<steps { order[t] = t }
        if steps > 1 {
            for i in 0..<(steps - 1) {
                let j = i + random.nextInt(below: steps - i)
                order.swapAt(i, j)
            }
        }
        // Sort by (count, rank in the random order) through one integer key per position.
        for rank in 0..<steps {
            keys[rank] = Int(acceptedCounts[order[rank]]) * steps + rank
        }
        var sortedKeys = UnsafeMutableBufferPointer(start: keys, count: steps)
        sortedKeys.sort()
        for i in 0..<count {
            let position = order[keys[i] % steps]
            chosen[i] = position
            acceptedCounts[position] += 1
        }
    }
}

private extension UnsafeMutablePointer where Pointee == Int {
    @inline(__always)
    func swapAt(_ i: Int, _ j: Int) {
        let value = self[i]
        self[i] = self[j]
        self[j] = value
    }
}
