/// The 1-D Wasserstein (earth mover's) distance between two weighted distributions on the
/// positions 0, 1, …, n-1.
///
/// Each weight vector is normalized by its own sum, so the distance is
/// `Σ_{k < n-1} |U(k) - V(k)|`, where U and V are the cumulative distributions. This equals
/// `scipy.stats.wasserstein_distance(range(n), range(n), u, v)`, the call the published grader
/// makes (Fang et al., "Bach or Mock? A Grading Function for Chorales in the Style of J.S. Bach",
/// 2020).
public enum Wasserstein {
    /// The distance between the distributions with weights `u` and `v` on positions 0..<n.
    ///
    /// - Precondition: equal counts, no negative weight and a positive sum in each; the grader
    ///   never passes an empty distribution (it handles that case before calling).
    public static func distance(_ u: [Double], _ v: [Double]) -> Double {
        precondition(u.count == v.count, "Wasserstein weights differ in length: \(u.count) vs \(v.count)")
        let uTotal = u.reduce(0, +)
        let vTotal = v.reduce(0, +)
        precondition(uTotal > 0 && vTotal > 0, "Wasserstein weights must have positive sums, got \(uTotal) and \(vTotal)")
        var uCumulative = 0.0, vCumulative = 0.0, total = 0.0
        for k in 0..<(u.count - 1) {
            uCumulative += u[k] / uTotal
            vCumulative += v[k] / vTotal
            total += abs(uCumulative - vCumulative)
        }
        return total
    }
}

/// Category counts laid out for `Wasserstein.distance` the way the published grader lays them out.
///
/// Bach's categories come first, most frequent first; a category the chorale uses and Bach never
/// does comes after them, in ascending order of the chorale's count. The chorale's weights follow
/// the same order.
struct OrderedCategories {
    /// Bach's categories, most frequent first (ties by name, so the order is reproducible).
    let names: [String]
    let bachWeights: [Double]
    private let position: [String: Int]

    // NOTE: the published grader breaks ties between equally frequent Bach categories by the
    // order in which its fitting pass first met them; this file breaks them by name. Rare
    // categories tie often, so a chorale using them can grade up to about 0.4 apart per feature
    // (measured on melodic intervals of random-note chunks), while the ranking stays the same.
    init(bachCounts: [String: Double]) {
        let ordered = bachCounts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }
        names = ordered.map(\.key)
        bachWeights = ordered.map(\.value)
        var position: [String: Int] = [:]
        for (index, name) in names.enumerated() { position[name] = index }
        self.position = position
    }

    /// The distance between a chorale's category counts and Bach's.
    ///
    /// A chorale with no counts at all gets the distance of a point mass one position past the
    /// last category, the farthest finite place; the published grader returns infinity there.
    func distance(choraleCounts: [String: Int]) -> Double {
        var chorale = [Double](repeating: 0, count: names.count)
        var extras: [Int] = []
        for (name, count) in choraleCounts where count > 0 {
            if let index = position[name] {
                chorale[index] += Double(count)
            } else {
                extras.append(count)
            }
        }
        extras.sort()
        var bach = bachWeights
        for count in extras {
            chorale.append(Double(count))
            bach.append(0)
        }
        if chorale.allSatisfy({ $0 == 0 }) {
            chorale.append(1)
            bach.append(0)
            chorale.indices.dropLast().forEach { chorale[$0] = 0 }
        }
        return Wasserstein.distance(chorale, bach)
    }
}
