import Chorale
import SunmaskEngine
import XCTest
@testable import Composer

/// The editor's sampler presets: the settings each one runs and the temperature it starts from.
final class EditorPresetTests: XCTestCase {
    func testPreviewIsDefaultPreset() {
        let settings = EditorSettings()
        XCTAssertEqual(settings.preset, "preview")
        XCTAssertEqual(settings.temperature, 0.6)
    }

    func testChoosingPresetResetsTemperature() {
        var settings = EditorSettings()
        settings.temperature = 1.4
        settings.adjust(field: 0, direction: 1)
        XCTAssertEqual(settings.preset, "standard")
        XCTAssertEqual(settings.temperature, 1.0)
        settings.adjust(field: 0, direction: 1)
        XCTAssertEqual(settings.preset, "best")
        XCTAssertEqual(settings.temperature, 1.0)
        settings.adjust(field: 0, direction: 1)
        XCTAssertEqual(settings.preset, "preview")
        XCTAssertEqual(settings.temperature, 0.6)
    }

    func testPreviewRunsFilteredSampling() throws {
        let engine = SamplerGenerationEngine(model: try tinyModel())
        var editorSettings = EditorSettings()
        editorSettings.temperature = 0.7
        editorSettings.seed = 5
        let settings = engine.samplerSettings(for: editorSettings, timeSteps: 64)
        XCTAssertEqual(settings.temperature, 0.7)
        XCTAssertEqual(settings.seed, 5)
        XCTAssertEqual(settings.topK, 3)
        XCTAssertTrue(settings.typicalSampling)
        XCTAssertFalse(settings.acceptsMaskedCellsOnly)
        XCTAssertNil(settings.finalTemperature)
        XCTAssertEqual(engine.samplingSteps(for: editorSettings), .fixed(32))
    }

    func testStandardRunsMaskedOnlySampling() throws {
        let engine = SamplerGenerationEngine(model: try tinyModel())
        // Both end with a low-temperature cleanup at α_min 0.3.
        for (preset, rate, final) in [("standard", 0.3, Float(0.5)), ("best", 0.3, Float(0.5))] {
            var editorSettings = EditorSettings()
            editorSettings.preset = preset
            editorSettings.temperature = 0.9
            let settings = engine.samplerSettings(for: editorSettings, timeSteps: 64)
            XCTAssertEqual(settings.temperature, 0.9, preset)
            XCTAssertNil(settings.topK, preset)
            XCTAssertFalse(settings.typicalSampling, preset)
            XCTAssertTrue(settings.acceptsMaskedCellsOnly, preset)
            XCTAssertEqual(settings.minimumMaskRate, rate, preset)
            XCTAssertEqual(settings.finalTemperature, final, preset)
            XCTAssertEqual(engine.samplingSteps(for: editorSettings), .perCell(multiplier: 2), preset)
        }
    }

    func testBestSamplesEightPerCandidate() throws {
        let engine = SamplerGenerationEngine(model: try tinyModel())
        var editorSettings = EditorSettings()
        editorSettings.candidates = 3
        XCTAssertEqual(engine.sampledCandidates(for: editorSettings), 3)
        editorSettings.preset = "standard"
        XCTAssertEqual(engine.sampledCandidates(for: editorSettings), 3)
        editorSettings.preset = "best"
        XCTAssertEqual(engine.sampledCandidates(for: editorSettings), 24)
    }
}
