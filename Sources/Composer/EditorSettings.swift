import Chorale
import SunmaskEngine

/// The sampling and playback settings the settings panel edits; saved with a session.
public struct EditorSettings: Equatable, Codable, Sendable {
    /// The sampler preset: "preview", "standard" or "best".
    public var preset: String = "preview"
    /// The sampling temperature, where lower is more conservative. Choosing a preset resets it
    /// to that preset's own temperature.
    public var temperature: Double = EditorSettings.defaultTemperature(forPreset: "preview")
    /// How many candidates a job generates (1 applies the result directly).
    public var candidates: Int = 1
    /// Show the sampler's intermediate grids while a job runs.
    public var showLiveSteps: Bool = true
    /// Playback tempo in quarter notes per minute.
    public var tempo: Double = 80
    /// The instrument preset: "choir", "organ", "strings" or "woodwinds".
    public var instruments: String = "choir"
    /// The random seed of the next job; each job advances it by one.
    public var seed: UInt64 = 1

    public init() {}

    static let presets = ["preview", "standard", "best"]

    /// Returns the sampler settings of the preset named `preset` for a piece of `timeSteps`
    /// steps: `SamplerPreset.preview`, `.best`, or `.standard` for any other name.
    public static func presetSettings(named preset: String, timeSteps: Int) -> SamplerSettings {
        let voices = Voice.allCases.count
        switch preset {
        case "preview": return SamplerPreset.preview().settings
        case "best": return SamplerPreset.best(voices: voices, timeSteps: timeSteps).settings
        default: return SamplerPreset.standard(voices: voices, timeSteps: timeSteps).settings
        }
    }

    /// Returns the temperature the sampler preset named `preset` uses: 0.6 for "preview" and 1
    /// for "standard" and "best".
    public static func defaultTemperature(forPreset preset: String) -> Double {
        // The temperature does not depend on the piece's size, so any size will do here.
        let settings = presetSettings(named: preset, timeSteps: 1)
        // Rounded to hundredths, so that 0.6 as a Float reads back as the Double 0.6.
        return (Double(settings.temperature) * 100).rounded() / 100
    }

    static let instrumentPresets = ["choir", "organ", "strings", "woodwinds"]

    /// The panel's rows: label and current value.
    var rows: [(label: String, value: String)] {
        [
            ("Preset", preset),
            ("Temperature", String(format2(temperature))),
            ("Candidates", "\(candidates)"),
            ("Show sampler steps", showLiveSteps ? "on" : "off"),
            ("Tempo (quarters/min)", "\(Int(tempo))"),
            ("Instruments", instruments),
        ]
    }

    /// Moves the value of row `field` one notch in `direction` (+1 or -1).
    mutating func adjust(field: Int, direction: Int) {
        switch field {
        case 0:
            preset = EditorSettings.cycle(EditorSettings.presets, preset, direction)
            temperature = EditorSettings.defaultTemperature(forPreset: preset)
        case 1: temperature = min(2.0, max(0.1, ((temperature * 10).rounded() + Double(direction)) / 10))
        case 2: candidates = min(16, max(1, candidates + direction))
        case 3: showLiveSteps.toggle()
        case 4: tempo = min(240, max(30, tempo + 5 * Double(direction)))
        case 5: instruments = EditorSettings.cycle(EditorSettings.instrumentPresets, instruments, direction)
        default: break
        }
    }

    private static func cycle(_ values: [String], _ current: String, _ direction: Int) -> String {
        let index = values.firstIndex(of: current) ?? 0
        return values[(index + direction + values.count) % values.count]
    }
}

/// A number with two decimals, such as "0.60".
func format2(_ value: Double) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = abs(hundredths % 100)
    return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
}
