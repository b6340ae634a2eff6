extension SATBGrid {
    /// Returns the steps in `range` of every voice as a new grid.
    public func slice(steps range: Range<Int>) -> SATBGrid {
        precondition(range.lowerBound >= 0 && range.upperBound <= steps,
                     "SATBGrid slice \(range) is outside the grid's 0..<\(steps) steps")
        var part = SATBGrid(steps: range.count)
        for voice in Voice.allCases {
            for (offset, step) in range.enumerated() {
                part[voice, offset] = self[voice, step]
            }
        }
        return part
    }

    /// Returns whether any voice rests anywhere in `range` (the whole grid by default).
    public func containsRest(in range: Range<Int>? = nil) -> Bool {
        let range = range ?? 0..<steps
        return pitches.contains { row in row[range].contains(SATBGrid.rest) }
    }
}
