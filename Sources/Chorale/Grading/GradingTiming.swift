import Foundation

/// How long grading takes, measured on the caller's chunks; for the benchmark.
public struct GradingTiming: Sendable {
    /// Chunks graded per repetition.
    public let chunkCount: Int
    public let repetitions: Int
    /// Mean wall time per chunk, in milliseconds.
    public let millisecondsPerChunk: Double
    /// The sum of all overall grades, returned so the work cannot be optimized away.
    public let checksum: Double

    /// Grades every chunk `repetitions` times (after one warm-up pass) and reports the mean time per chunk.
    public static func measure(_ grader: Grader, chunks: [SATBGrid], repetitions: Int = 3) -> GradingTiming {
        precondition(!chunks.isEmpty && repetitions > 0, "timing needs at least one chunk and one repetition")
        var checksum = 0.0
        for chunk in chunks { checksum += grader.grade(chunk).overall }
        let start = DispatchTime.now().uptimeNanoseconds
        for _ in 0..<repetitions {
            for chunk in chunks { checksum += grader.grade(chunk).overall }
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        return GradingTiming(chunkCount: chunks.count, repetitions: repetitions,
                             millisecondsPerChunk: elapsed / Double(chunks.count * repetitions), checksum: checksum)
    }
}
