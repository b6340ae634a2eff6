import XCTest
import SunmaskEngine

final class SamplerScheduleTests: XCTestCase {
    private func acceptance(_ step: Int, steps: Int, dwell: Int = 0, _ schedule: AcceptanceSchedule,
                            timeSteps: Int) -> Int {
        MaskSchedule.acceptanceCount(step: step, steps: steps, finalDwellSteps: dwell, schedule: schedule,
                                     timeSteps: timeSteps)
    }

    func testTriangularAcceptanceByHand() {
        // T = 8, N = 10, D = 2: a_n = 16·min((n+1)/10, 1 − (n+1)/10), rounded half up.
        // 1.6, 3.2, 4.8, 6.4, 8, 6.4, 4.8, 3.2, 1.6, 0, then dwell T = 8.
        let expected = [2, 3, 5, 6, 8, 6, 5, 3, 2, 0, 8, 8]
        for (n, count) in expected.enumerated() {
            XCTAssertEqual(acceptance(n, steps: 10, dwell: 2, .triangular, timeSteps: 8), count, "step \(n)")
        }
    }

    func testTriangularRoundsHalvesUp() {
        // T = 8, N = 32: step 0 is 16/32 = 0.5 → 1, step 30 is 16·(1/32) = 0.5 → 1, step 31 is 0.
        XCTAssertEqual(acceptance(0, steps: 32, .triangular, timeSteps: 8), 1)
        XCTAssertEqual(acceptance(30, steps: 32, .triangular, timeSteps: 8), 1)
        XCTAssertEqual(acceptance(31, steps: 32, .triangular, timeSteps: 8), 0)
        // T = 128, N = 1024 (the reference): step 0 is 0.25 → 0 (skipped), step 1 is 0.5 → 1,
        // step 511 is 128.
        XCTAssertEqual(acceptance(0, steps: 1024, .triangular, timeSteps: 128), 0)
        XCTAssertEqual(acceptance(1, steps: 1024, .triangular, timeSteps: 128), 1)
        XCTAssertEqual(acceptance(511, steps: 1024, .triangular, timeSteps: 128), 128)
    }

    func testConstantAcceptanceByHand() {
        // 0.3·8 = 2.4 → 2; 0.25·10 = 2.5 → 3; 0.05·8 = 0.4 → 0; 1·8 = 8; dwell step → T.
        XCTAssertEqual(acceptance(3, steps: 10, .constant(fraction: 0.3), timeSteps: 8), 2)
        XCTAssertEqual(acceptance(0, steps: 10, .constant(fraction: 0.25), timeSteps: 10), 3)
        XCTAssertEqual(acceptance(9, steps: 10, .constant(fraction: 0.05), timeSteps: 8), 0)
        XCTAssertEqual(acceptance(5, steps: 10, .constant(fraction: 1), timeSteps: 8), 8)
        XCTAssertEqual(acceptance(10, steps: 10, dwell: 1, .constant(fraction: 0.05), timeSteps: 8), 8)
    }

    func testMaskRateAnnealingByHand() {
        // N = 10, η = 0.75, α in [0.001, 0.999]: α_n = 0.999 − n·0.998/7.5 = 0.999 − n·0.13306667.
        let expected: [(Int, Double)] = [
            (0, 0.999),
            (1, 0.865_933_333),
            (3, 0.599_8),
            (5, 0.333_666_667),
            (7, 0.067_533_333),
            (8, 0.001),   // 0.999 − 1.0645333 < α_min
            (11, 0.001),  // dwell steps stay at α_min
        ]
        for (n, rate) in expected {
            XCTAssertEqual(MaskSchedule.maskRate(step: n, steps: 10, annealingFraction: 0.75,
                                                 minimumMaskRate: 0.001, maximumMaskRate: 0.999),
                           rate, accuracy: 1e-8, "step \(n)")
        }
    }

    func testSettingsUseTheirSchedule() {
        let settings = SamplerSettings(steps: 10, acceptance: .constant(fraction: 0.5), annealingFraction: 1,
                                       minimumMaskRate: 0.2, maximumMaskRate: 0.7)
        // α_4 = 0.7 − 4·0.5/10 = 0.5, a = 0.5·6 = 3.
        XCTAssertEqual(MaskSchedule.maskRate(step: 4, settings: settings), 0.5, accuracy: 1e-12)
        XCTAssertEqual(MaskSchedule.acceptanceCount(step: 4, settings: settings, timeSteps: 6), 3)
    }

    func testFinalTemperatureAfterAnnealing() {
        // η·N = 0.75 · 10 = 7.5, so steps 0…7 anneal at τ and steps 8, 9 and the dwell step 10
        // use τ_final.
        var settings = SamplerSettings(steps: 10, temperature: 0.9, annealingFraction: 0.75, finalDwellSteps: 1,
                                       finalTemperature: 0.4)
        for step in 0...7 {
            XCTAssertEqual(settings.temperature(atStep: step), 0.9, "step \(step)")
        }
        for step in 8...10 {
            XCTAssertEqual(settings.temperature(atStep: step), 0.4, "step \(step)")
        }
        settings.finalTemperature = nil
        XCTAssertEqual(settings.temperature(atStep: 10), 0.9)
    }

    func testFinalTemperatureMustBePositive() {
        for value: Float in [0, -1, .nan, .infinity] {
            let settings = SamplerSettings(finalTemperature: value)
            XCTAssertThrowsError(try settings.validate(), "τ_final \(value)") { error in
                XCTAssertTrue("\(error)".contains("finalTemperature"), "\(error)")
            }
        }
        XCTAssertNoThrow(try SamplerSettings(finalTemperature: 0.5).validate())
    }
}
