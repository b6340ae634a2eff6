import XCTest
import Chorale

final class AugmentationTests: XCTestCase {
    /// Returns a grid whose soprano counts the steps (40, 41, …) so chunks can be recognised by content.
    private func countingGrid(steps: Int, restAt restStep: Int? = nil) throws -> SATBGrid {
        var grid = SATBGrid(steps: steps)
        for step in 0..<steps {
            grid[.soprano, step] = 40 + step
            grid[.alto, step] = 40
            grid[.tenor, step] = 38
            grid[.bass, step] = 35
        }
        if let restStep { grid[.tenor, restStep] = SATBGrid.rest }
        return grid
    }

    func testChunksStrictBoundaryDropsExactEnd() throws {
        let grid = try countingGrid(steps: 12)
        let strict = JSBDataset.chunks(of: grid, length: 4, skippingSilent: false, boundary: .referenceStrict)
        XCTAssertEqual(strict.map { $0[.soprano, 0] }, [40, 44])
        let every = JSBDataset.chunks(of: grid, length: 4, skippingSilent: false, boundary: .everyFullChunk)
        XCTAssertEqual(every.map { $0[.soprano, 0] }, [40, 44, 48])
        // 13 steps: the third chunk ends before the last step, so both rules keep it.
        let longer = try countingGrid(steps: 13)
        XCTAssertEqual(JSBDataset.chunks(of: longer, length: 4, skippingSilent: false).count, 3)
        XCTAssertEqual(JSBDataset.chunks(of: try countingGrid(steps: 3), length: 4, skippingSilent: false,
                                         boundary: .everyFullChunk).count, 0)
    }

    func testChunksSkipSilentCells() throws {
        let grid = try countingGrid(steps: 13, restAt: 5)
        let chunks = JSBDataset.chunks(of: grid, length: 4, skippingSilent: true)
        XCTAssertEqual(chunks.map { $0[.soprano, 0] }, [40, 48])
        XCTAssertEqual(JSBDataset.chunks(of: grid, length: 4, skippingSilent: false).count, 3)
        XCTAssertEqual(chunks[1].pitches[0], [48, 49, 50, 51])
    }

    func testTranspositionsSkipOutOfVocabulary() throws {
        // Span 33…84: down to −3 and up to +2 stay inside MIDI 30…86.
        let grid = try SATBGrid(pitches: [[84], [60], [50], [33]])
        let transposed = JSBDataset.transpositions(of: grid)
        XCTAssertEqual(transposed.map { $0[.bass, 0] }, [30, 31, 32, 33, 34, 35])
        XCTAssertEqual(transposed.map { $0[.soprano, 0] }, [81, 82, 83, 84, 85, 86])
        let middle = try SATBGrid(pitches: [[70], [60], [50], [40]])
        XCTAssertEqual(JSBDataset.transpositions(of: middle).count, 12)
    }

    func testTrainingExamplesCountOnSmallData() throws {
        // Chorale A: 9 steps → strict chunks of 4 start at 0 and 4 (4+4 < 9). Chorale B: 8 steps
        // → only the chunk at 0 (4+4 = 8 is not < 8), and it has a rest so it is skipped.
        let choraleA = try countingGrid(steps: 9)
        let choraleB = try countingGrid(steps: 8, restAt: 1)
        let choraleC = try countingGrid(steps: 9)
        let dataset = JSBDataset(train: [choraleA], valid: [choraleB], test: [choraleC])
        let examples = dataset.trainingExamples(length: 4, offsets: -1...1)
        XCTAssertEqual(examples.count, 2 * 3)
        XCTAssertEqual(examples.map { $0[.soprano, 0] }, [39, 40, 41, 43, 44, 45])
        XCTAssertEqual(dataset.trainingExamples(splits: [.train, .valid, .test], length: 4, offsets: 0...0).count, 4)
    }

    func testRandomCropsAreUniformWindows() throws {
        let short = try countingGrid(steps: 5)   // 2 windows of 4 steps
        let long = try countingGrid(steps: 10)   // 7 windows
        let tooShort = try countingGrid(steps: 3)
        let cropper = try RandomCropper(pool: [short, tooShort, long], length: 4)
        XCTAssertEqual(cropper.windowCount, 9)
        var generator = SplitMix64(seed: 7)
        var counts: [Int: Int] = [:]
        let draws = 9000
        for _ in 0..<draws {
            let crop = cropper.crop(using: &generator)
            XCTAssertEqual(crop.steps, 4)
            // Every crop is a run of consecutive soprano steps from one chorale.
            XCTAssertEqual(crop.pitches[0], Array(crop[.soprano, 0]..<(crop[.soprano, 0] + 4)))
            counts[crop[.soprano, 0], default: 0] += 1
        }
        // Starts 40 and 41 come from both chorales (short has 2 windows, long 7, so 40 and 41 are
        // each 2 of 9 windows); 42…46 only from the long one (1 of 9 each).
        XCTAssertEqual(counts.keys.sorted(), [40, 41, 42, 43, 44, 45, 46])
        for start in [40, 41] { XCTAssertEqual(Double(counts[start]!) / Double(draws), 2.0 / 9, accuracy: 0.03) }
        for start in 42...46 { XCTAssertEqual(Double(counts[start]!) / Double(draws), 1.0 / 9, accuracy: 0.03) }
    }

    func testRandomCropTransposesWithinVocabulary() throws {
        let grid = try SATBGrid(pitches: [Array(repeating: 85, count: 6), Array(repeating: 60, count: 6),
                                          Array(repeating: 50, count: 6), Array(repeating: 40, count: 6)])
        let cropper = try RandomCropper(pool: [grid], length: 4)
        var generator = SplitMix64(seed: 1)
        var sopranos = Set<Int>()
        for _ in 0..<300 {
            sopranos.insert(cropper.crop(using: &generator, transposingWithin: -6...5)[.soprano, 0])
        }
        XCTAssertEqual(sopranos, Set(79...86))
    }

    func testRandomCropperRejectsShortPool() throws {
        XCTAssertThrowsError(try RandomCropper(pool: [try countingGrid(steps: 3)], length: 4)) {
            XCTAssertEqual($0 as? RandomCropError, .noChoraleLongEnough(length: 4, longest: 3))
        }
    }

    func testCropsAreReproducibleForASeed() throws {
        let cropper = try RandomCropper(pool: [try countingGrid(steps: 40)], length: 8)
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        for _ in 0..<20 {
            XCTAssertEqual(cropper.crop(using: &first), cropper.crop(using: &second))
        }
    }
}

/// A small seeded generator (SplitMix64, Steele, Lea and Flood 2014) so crop tests repeat.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
