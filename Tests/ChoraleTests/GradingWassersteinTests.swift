import XCTest
@testable import Chorale

final class GradingWassersteinTests: XCTestCase {
    func testIdenticalDistributionsAreZero() {
        XCTAssertEqual(Wasserstein.distance([1, 2, 3], [2, 4, 6]), 0, accuracy: 1e-12)
    }

    func testPointMassesDistanceIsGap() {
        // All mass at 0 against all mass at 3: moving it costs 3.
        XCTAssertEqual(Wasserstein.distance([1, 0, 0, 0], [0, 0, 0, 1]), 3, accuracy: 1e-12)
    }

    func testHandComputedCumulativeDifference() {
        // u = (0.5, 0.5, 0), v = (0.25, 0.25, 0.5): CDFs (0.5, 1.0) and (0.25, 0.5);
        // |0.25| + |0.5| = 0.75.
        XCTAssertEqual(Wasserstein.distance([1, 1, 0], [1, 1, 2]), 0.75, accuracy: 1e-12)
    }

    func testOrderedCategoriesPlaceBachMostFrequentFirst() {
        // Bach: a 6, b 3, c 1 → positions a 0, b 1, c 2. Chorale all "c" → point mass at 2.
        // Bach CDF (0.6, 0.9), chorale CDF (0, 0): distance 0.6 + 0.9 = 1.5.
        let categories = OrderedCategories(bachCounts: ["b": 3, "a": 6, "c": 1])
        XCTAssertEqual(categories.names, ["a", "b", "c"])
        XCTAssertEqual(categories.distance(choraleCounts: ["c": 4]), 1.5, accuracy: 1e-12)
    }

    func testChoraleOnlyCategoriesGoLastInAscendingOrder() {
        // Bach: a 1. Chorale: a 1, x 2, y 1 → positions a 0, y 1, x 2 with chorale weights
        // (0.25, 0.25, 0.5) and Bach (1, 0, 0). CDFs differ by 0.75 then 0.5: 1.25.
        let categories = OrderedCategories(bachCounts: ["a": 1])
        XCTAssertEqual(categories.distance(choraleCounts: ["a": 1, "x": 2, "y": 1]), 1.25, accuracy: 1e-12)
    }

    func testEmptyChoraleIsFiniteAndWorstPlace() {
        // Bach: a 1, b 1. Empty chorale → point mass at position 2: Bach CDF (0.5, 1.0) → 1.5,
        // worse than a chorale entirely on Bach's rarer category (0.5).
        let categories = OrderedCategories(bachCounts: ["a": 1, "b": 1])
        let empty = categories.distance(choraleCounts: [:])
        XCTAssertEqual(empty, 1.5, accuracy: 1e-12)
        XCTAssertGreaterThan(empty, categories.distance(choraleCounts: ["b": 1]))
    }
}
