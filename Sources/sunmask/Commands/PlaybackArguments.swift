import Chorale
import Foundation
import Playback

/// The options `play` and `render` share: what to read, which region, at what tempo, with which
/// instruments and SoundFont.
struct PlaybackArguments {
    static let options: [OptionSpec] = [
        .option("--from", value: "STEP", help: "First 16th-note step to play, counted from 0; default 0."),
        .option("--to", value: "STEP", help: "Step to stop before (exclusive); default the end of the score."),
        .option("--tempo", value: "QPM", help: "Tempo in quarter notes per minute, 10…400; default the score's tempo."),
        .option("--instruments", value: "PRESET",
                help: "Instrument preset: " + Instrumentation.presets.map(\.name).joined(separator: ", ") + "; default choir."),
        .option("--soundfont", value: "PATH",
                help: "SoundFont file (.sf2/.sf3); default $SUNMASK_SOUNDFONT, then the system GM SoundFont, then the bundled one."),
    ] + ScoreLoader.importOptions + [JSBDataLocation.option]

    let input: ScoreSource
    let from: Int
    let to: Int?
    let tempo: Double?
    let instrumentationName: String
    let instrumentation: Instrumentation
    let soundFont: SoundFontLocator
    let loader: ScoreLoader

    init(arguments: ParsedArguments, input argument: String) throws {
        input = try ScoreSource(argument: argument)
        from = try arguments.int("--from", default: 0, in: 0...MIDIFileReader.defaultMaxSteps)
        to = arguments.string("--to") == nil ? nil
            : try arguments.int("--to", default: 0, in: 1...MIDIFileReader.defaultMaxSteps)
        if let to, to <= from {
            throw CommandLineError.invalid("--to \(to) must be greater than --from \(from)")
        }
        tempo = arguments.string("--tempo") == nil ? nil : try arguments.double("--tempo", default: 0, in: 10...400)
        instrumentationName = try arguments.choice("--instruments", default: "choir",
                                                   from: Instrumentation.presets.map(\.name))
        instrumentation = try Instrumentation.preset(named: instrumentationName)
        soundFont = SoundFontLocator(explicitPath: arguments.string("--soundfont"))
        loader = try ScoreLoader(arguments: arguments)
    }

    /// Reads the score and builds the schedule of the chosen region; throws the readers' errors
    /// and `PlaybackError.invalidRegion` for a region outside the score.
    func schedule() throws -> (loaded: LoadedScore, schedule: NoteSchedule) {
        var loaded = try loader.load(input)
        if let tempo { loaded.score.tempo = tempo }
        let region = from..<(to ?? max(from, loaded.score.grid.steps))
        return (loaded, try NoteSchedule(score: loaded.score, region: region, instrumentation: instrumentation))
    }

    /// Returns one line naming the region, its length in seconds, the tempo and the instruments.
    func describe(_ schedule: NoteSchedule, tempo: Double) -> String {
        let seconds = String(format: "%.1f", schedule.duration)
        let tempoText = tempo == tempo.rounded() ? String(Int(tempo)) : String(tempo)
        return "\(input) steps \(schedule.region.lowerBound)..<\(schedule.region.upperBound), \(seconds) s at tempo \(tempoText), \(instrumentationName)"
    }
}
