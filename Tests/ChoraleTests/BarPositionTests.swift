import XCTest
import Chorale

final class BarPositionTests: XCTestCase {
    func testFourFourWithoutPickup() throws {
        let layout = try BarLayout(timeSignature: .fourFour)
        XCTAssertEqual(layout.position(ofStep: 0), BarPosition(bar: 1, beat: 1, sixteenth: 1))
        XCTAssertEqual(layout.position(ofStep: 5), BarPosition(bar: 1, beat: 2, sixteenth: 2))
        XCTAssertEqual(layout.position(ofStep: 16), BarPosition(bar: 2, beat: 1, sixteenth: 1))
        XCTAssertEqual(layout.position(ofStep: 47), BarPosition(bar: 3, beat: 4, sixteenth: 4))
    }

    func testPickupIsBarZero() throws {
        // A quarter-note pickup in 4/4 is beat 4 of bar 0; the downbeat of bar 1 is step 4.
        let layout = try BarLayout(timeSignature: .fourFour, pickupSteps: 4)
        XCTAssertEqual(layout.position(ofStep: 0), BarPosition(bar: 0, beat: 4, sixteenth: 1))
        XCTAssertEqual(layout.position(ofStep: 3), BarPosition(bar: 0, beat: 4, sixteenth: 4))
        XCTAssertEqual(layout.position(ofStep: 4), BarPosition(bar: 1, beat: 1, sixteenth: 1))
        XCTAssertEqual(try layout.step(of: BarPosition(bar: 0, beat: 4)), 0)
        XCTAssertThrowsError(try layout.step(of: BarPosition(bar: 0, beat: 3)))
        XCTAssertEqual(layout.barStarts(steps: 40), [0, 4, 20, 36])
    }

    func testThreeTwoAndSixEight() throws {
        let threeTwo = try BarLayout(timeSignature: TimeSignature(beats: 3, beatUnit: 2))
        XCTAssertEqual(threeTwo.position(ofStep: 23), BarPosition(bar: 1, beat: 3, sixteenth: 8))
        XCTAssertEqual(threeTwo.position(ofStep: 24), BarPosition(bar: 2, beat: 1, sixteenth: 1))
        let sixEight = try BarLayout(timeSignature: TimeSignature(beats: 6, beatUnit: 8), pickupSteps: 2)
        XCTAssertEqual(sixEight.position(ofStep: 0), BarPosition(bar: 0, beat: 6, sixteenth: 1))
        XCTAssertEqual(sixEight.position(ofStep: 15), BarPosition(bar: 2, beat: 1, sixteenth: 2))
    }

    func testStepAndPositionAreInverse() throws {
        for (meter, pickup) in [(TimeSignature.fourFour, 0), (.fourFour, 7), (TimeSignature(beats: 3, beatUnit: 4), 4),
                                (TimeSignature(beats: 3, beatUnit: 2), 8)] {
            let layout = try BarLayout(timeSignature: meter, pickupSteps: pickup)
            for step in 0..<200 {
                XCTAssertEqual(try layout.step(of: layout.position(ofStep: step)), step, "\(meter) pickup \(pickup)")
            }
        }
    }

    func testParsing() throws {
        XCTAssertEqual(try BarPosition(parsing: "3:2"), BarPosition(bar: 3, beat: 2, sixteenth: 1))
        XCTAssertEqual(try BarPosition(parsing: "3:2:4"), BarPosition(bar: 3, beat: 2, sixteenth: 4))
        XCTAssertEqual(try BarPosition(parsing: "12"), BarPosition(bar: 12, beat: 1, sixteenth: 1))
        XCTAssertEqual(BarPosition(bar: 3, beat: 2, sixteenth: 4).description, "3:2:4")
        for bad in ["", "3:", ":2", "3:2:1:1", "a:b", "3:-2", "3.2"] {
            XCTAssertThrowsError(try BarPosition(parsing: bad), bad) {
                XCTAssertEqual($0 as? BarPositionError, .malformed(bad))
            }
        }
    }

    func testPositionsOutsideMeterThrow() throws {
        let layout = try BarLayout(timeSignature: .fourFour)
        for position in [BarPosition(bar: 1, beat: 5), BarPosition(bar: 1, beat: 1, sixteenth: 5),
                         BarPosition(bar: 0, beat: 4), BarPosition(bar: 2, beat: 0)] {
            XCTAssertThrowsError(try layout.step(of: position), "\(position)")
        }
    }

    func testPositionBeforePickupNamesFirstPosition() throws {
        // A one-beat pickup in 4/4 is the fourth beat of bar 0, so 0:1 comes before step 0.
        let layout = try BarLayout(timeSignature: .fourFour, pickupSteps: 4)
        XCTAssertEqual(try layout.step(of: BarPosition(bar: 0, beat: 4)), 0)
        XCTAssertThrowsError(try layout.step(of: BarPosition(bar: 0, beat: 1))) {
            XCTAssertEqual(($0 as? BarPositionError)?.description,
                           "bar position 0:1:1 lies before the start of the piece in 4/4 with a 4-step pickup; "
                           + "the pickup starts at 0:4:1")
        }
    }

    func testInvalidLayoutsThrow() {
        XCTAssertThrowsError(try BarLayout(timeSignature: TimeSignature(beats: 4, beatUnit: 3))) {
            XCTAssertEqual($0 as? BarPositionError, .unsupportedTimeSignature(beats: 4, beatUnit: 3))
        }
        XCTAssertThrowsError(try BarLayout(timeSignature: .fourFour, pickupSteps: 16)) {
            XCTAssertEqual($0 as? BarPositionError, .invalidPickup(steps: 16, stepsPerBar: 16))
        }
        XCTAssertThrowsError(try Score(grid: SATBGrid(steps: 4), pickupSteps: -1).barLayout())
    }
}
