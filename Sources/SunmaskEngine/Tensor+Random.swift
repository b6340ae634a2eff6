// Random initialization of tensors from the engine's seedable generator.

extension Tensor {
    /// Fills every element with a uniform value in [low, high), in row-major order.
    public func fillUniform(low: Float, high: Float, using generator: inout RandomGenerator) {
        precondition(low < high, "fillUniform needs low < high, got [\(low), \(high))")
        let width = high - low
        for i in 0..<count {
            pointer[i] = low + width * generator.nextFloat()
        }
    }

    /// Fills every element with a normal value of the given mean and standard deviation,
    /// in row-major order.
    public func fillNormal(mean: Float = 0, standardDeviation: Float,
                           using generator: inout RandomGenerator) {
        precondition(standardDeviation >= 0,
                     "fillNormal needs a non-negative standard deviation, got \(standardDeviation)")
        for i in 0..<count {
            pointer[i] = mean + standardDeviation * Float(generator.nextNormal())
        }
    }

    /// Sets every element to `value`.
    public func fill(_ value: Float) {
        pointer.update(repeating: value, count: count)
    }
}
