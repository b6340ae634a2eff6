import Chorale
import Foundation

/// `sunmask convert IN OUT`: reads a MIDI file, a session or a JSB chorale and writes it as
/// MIDI, MusicXML or a session, chosen by OUT's extension.
struct ConvertCommand: Command {
    static let spec = CommandSpec(
        name: "convert",
        abstract: "Convert between MIDI, MusicXML (output only) and session files, and show what the MIDI importer made of a file.",
        synopsis: "IN OUT [options]",
        discussion: """
            IN is a MIDI file, a session file (.json) or a JSB chorale jsb:SPLIT:INDEX (such as
            jsb:test:3). OUT's extension chooses the format: .mid or .midi (MIDI), .musicxml or
            .xml (MusicXML), .json (session). A new session keeps every cell; a session read as
            IN keeps its own keep mask and candidates. For MIDI input the import report is
            printed: voices found and how they were assigned, notes quantized, the largest shift,
            the bars with moved notes, notes out of range and warnings.
            """,
        options: ScoreLoader.importOptions + [
            .flag("--two-staves", help: "MusicXML: one part on two staves (S and A treble, T and B bass) instead of four parts."),
            JSBDataLocation.option,
        ])

    let input: ScoreSource
    let outputPath: String
    let outputFormat: ScoreFileFormat
    let twoStaves: Bool
    let loader: ScoreLoader

    init(arguments: ParsedArguments) throws {
        let positionals = try arguments.positionals(named: ["IN", "OUT"], minimum: 2, maximum: 2)
        input = try ScoreSource(argument: positionals[0])
        outputPath = positionals[1]
        outputFormat = try ScoreFileFormat(path: outputPath, option: "OUT")
        twoStaves = arguments.flag("--two-staves")
        if twoStaves && outputFormat != .musicXML {
            throw CommandLineError.invalid("--two-staves applies to MusicXML output only; OUT '\(outputPath)' is \(outputFormat.rawValue)")
        }
        loader = try ScoreLoader(arguments: arguments)
    }

    func run() throws {
        let loaded = try loader.load(input)
        if let report = loaded.importReport {
            print(report)
        }
        print("read \(input): \(loaded.score.summary)")

        let url = URL(fileURLWithPath: outputPath)
        switch outputFormat {
        case .midi:
            try MIDIFileWriter.write(loaded.score, to: url)
        case .musicXML:
            let writer = MusicXMLWriter(layout: twoStaves ? .twoStaves : .fourParts, title: input.title)
            try writer.write(loaded.score, to: url)
        case .session:
            let keep = loaded.keep ?? KeepMask(steps: loaded.score.grid.steps, keepingAll: true)
            let session = Session(score: loaded.score, keep: keep, candidates: loaded.candidates)
            try SessionFile.write(session, to: url)
        }
        print("wrote \(outputPath) (\(outputFormat.rawValue))")
    }
}
