// Unaligned 8-lane loads and stores for the elementwise kernels. The Swift compiler does not
// auto-vectorize float reductions (they would need reassociation) nor, reliably, loops around
// inlined math, so the hot loops spell out SIMD8<Float> steps and finish the tail one element
// at a time.

/// Loads 8 consecutive floats from any alignment.
@inlinable @inline(__always)
func loadVector(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

/// Stores 8 consecutive floats at any alignment.
@inlinable @inline(__always)
func storeVector(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}
