import Chorale
import Foundation

/// A score named on the command line: a session file (`.json`), a JSB chorale
/// (`jsb:SPLIT:INDEX`), or otherwise a Standard MIDI File.
enum ScoreSource: CustomStringConvertible {
    case midi(URL)
    case session(URL)
    case jsb(JSBReference)

    /// Parses a command-line argument; a malformed `jsb:` reference is a `CommandLineError`.
    init(argument: String) throws {
        if JSBReference.isReference(argument) {
            do {
                self = .jsb(try JSBReference(parsing: argument))
            } catch let error as JSBReferenceError {
                throw CommandLineError.invalid(error.description)
            }
            return
        }
        let url = URL(fileURLWithPath: argument)
        self = url.pathExtension.lowercased() == "json" ? .session(url) : .midi(url)
    }

    var description: String {
        switch self {
        // The path as given on the command line, relative when it was relative.
        case .midi(let url), .session(let url): return url.relativePath
        case .jsb(let reference): return reference.description
        }
    }

    /// A short name for titles: the file name without its extension, or the JSB reference.
    var title: String {
        switch self {
        case .midi(let url): return url.deletingPathExtension().lastPathComponent
        case .session(let url):
            let name = url.deletingPathExtension().lastPathComponent
            return name.hasSuffix(".session") ? String(name.dropLast(".session".count)) : name
        case .jsb(let reference): return reference.description
        }
    }
}

/// A score read from a `ScoreSource`, with the session fields or the import report that came with it.
struct LoadedScore {
    var source: ScoreSource
    var score: Score
    /// The session's keep mask; nil for MIDI and JSB sources.
    var keep: KeepMask?
    /// The session's candidates; empty for MIDI and JSB sources.
    var candidates: [SATBGrid] = []
    /// The importer's report for a MIDI source.
    var importReport: MIDIImportReport?
}

/// Reads scores from sources with the import options of one command line, loading the JSB data
/// set at most once.
final class ScoreLoader {
    /// The options for MIDI import, shared by every command that reads scores.
    static let importOptions: [OptionSpec] = [
        .flag("--transpose-octaves", help: "Move MIDI notes outside MIDI 30…86 by octaves into the range and list them (the default)."),
        .flag("--reject-out-of-range", help: "Fail on the first MIDI note outside MIDI 30…86 instead of moving it."),
    ]

    let midiOptions: MIDIImportOptions
    let jsbData: JSBDataLocation
    private var dataset: JSBDataset?

    init(arguments: ParsedArguments) throws {
        let transpose = arguments.flag("--transpose-octaves")
        let reject = arguments.flag("--reject-out-of-range")
        if transpose && reject {
            throw CommandLineError.invalid("--transpose-octaves and --reject-out-of-range exclude each other; give at most one")
        }
        midiOptions = MIDIImportOptions(outOfRangePitches: reject ? .reject : .transposeByOctaves)
        jsbData = JSBDataLocation(arguments: arguments)
    }

    /// A loader with fixed MIDI import options, for commands that do not take the import flags.
    init(midiOptions: MIDIImportOptions, jsbData: JSBDataLocation) {
        self.midiOptions = midiOptions
        self.jsbData = jsbData
    }

    /// Reads `source`; errors are the readers' own one-line errors.
    func load(_ source: ScoreSource) throws -> LoadedScore {
        switch source {
        case .midi(let url):
            // Without this check a MusicXML file fails as a MIDI file without an "MThd" header,
            // which does not tell the composer that the format itself is not read.
            if ["musicxml", "xml", "mxl"].contains(url.pathExtension.lowercased()) {
                throw RuntimeFailure("\(url.path): MusicXML is written but not read; export MIDI from the notation program and pass that")
            }
            do {
                let (score, report) = try MIDIImporter.importScore(contentsOf: url, options: midiOptions)
                return LoadedScore(source: source, score: score, importReport: report)
            } catch let error as MIDIError {
                // Read failures name the path already; the other errors name only the place
                // inside the file, so the path goes in front.
                if case .readFailed = error { throw error }
                throw RuntimeFailure("\(url.path): \(error)")
            }
        case .session(let url):
            let session = try SessionFile.read(from: url)
            return LoadedScore(source: source, score: session.score, keep: session.keep,
                               candidates: session.candidates)
        case .jsb(let reference):
            let grid = try reference.chorale(in: loadDataset())
            return LoadedScore(source: source, score: Score(grid: grid))
        }
    }

    /// The JSB data set, read on first use.
    func loadDataset() throws -> JSBDataset {
        if let dataset { return dataset }
        let loaded = try jsbData.load().dataset
        dataset = loaded
        return loaded
    }
}
