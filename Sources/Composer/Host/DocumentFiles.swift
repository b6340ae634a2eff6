import Chorale
import Foundation

/// What the editor opens: the document, its settings and candidates when a session stored
/// them, and a one-line note about the import.
public struct OpenedDocument {
    public var document: EditorDocument
    public var settings: EditorSettings?
    public var candidates: [Candidate]
    /// Shown on the message line after opening, such as the MIDI import summary.
    public var note: String?
}

/// The file formats the editor reads and writes, chosen by the file name's extension.
public enum DocumentFormat: Equatable, Sendable {
    case midi, session

    /// The format of `path` by its extension (.mid/.midi or .json), or nil for another one.
    public init?(path: String) {
        switch (path as NSString).pathExtension.lowercased() {
        case "mid", "midi": self = .midi
        case "json": self = .session
        default: return nil
        }
    }
}

/// Opening and saving editor documents.
public enum DocumentFiles {
    /// Opens a MIDI file, a session file or a `jsb:SPLIT:INDEX` reference. `jsbDataset` is
    /// called only for a reference.
    public static func open(_ location: String, jsbDataset: () throws -> JSBDataset) throws -> OpenedDocument {
        if JSBReference.isReference(location) {
            let reference = try JSBReference(parsing: location)
            let grid = try reference.chorale(in: try jsbDataset())
            return OpenedDocument(document: EditorDocument(score: Score(grid: grid)), settings: nil,
                                  candidates: [], note: "Opened \(reference): \(grid.steps) steps.")
        }
        switch DocumentFormat(path: location) {
        case .midi:
            let score: Score, report: MIDIImportReport
            do {
                (score, report) = try MIDIImporter.importScore(contentsOf: URL(fileURLWithPath: location))
            } catch let error as MIDIError {
                // A read failure names the path already; the other errors name only a byte offset.
                if case .readFailed = error { throw error }
                throw HostFileError(path: location, problem: error.description)
            }
            var note = "Opened \((location as NSString).lastPathComponent): \(report.notesImported) notes"
            if report.notesMoved > 0 { note += ", \(report.notesMoved) moved to the 16th grid" }
            return OpenedDocument(document: EditorDocument(score: score), settings: nil, candidates: [], note: note + ".")
        case .session:
            let session = try SessionFile.read(from: URL(fileURLWithPath: location))
            var settings: EditorSettings?
            if let json = session.settingsJSON {
                do {
                    settings = try JSONDecoder().decode(EditorSettings.self, from: json)
                } catch {
                    throw HostFileError(path: location, problem: "field \"settings\" is not a set of editor settings (\(error)); remove the field to use the defaults")
                }
            }
            let document = EditorDocument(score: session.score, keep: session.keep.keep)
            return OpenedDocument(document: document, settings: settings,
                                  candidates: session.candidates.map { Candidate(grid: $0, grade: nil) },
                                  note: "Opened session \((location as NSString).lastPathComponent).")
        case nil:
            throw DocumentFileError.unknownExtension(path: location)
        }
    }

    /// The session of an editor state: its grid, mask, settings and candidates.
    public static func session(of editor: Editor) throws -> Session {
        var score = editor.document.score
        score.tempo = editor.settings.tempo
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Session(score: score, keep: try KeepMask(rows: editor.document.keep.map { $0.map { $0 ? 1 : 0 } }),
                       candidates: editor.candidates.map(\.grid),
                       settingsJSON: try encoder.encode(editor.settings))
    }

    /// Saves `editor`'s document to `path` atomically, as MIDI or a session by extension.
    public static func save(_ editor: Editor, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        switch DocumentFormat(path: path) {
        case .midi:
            var score = editor.document.score
            score.tempo = editor.settings.tempo
            try MIDIFileWriter.write(score, to: url, options: exportOptions(editor.settings.instruments))
        case .session:
            try SessionFile.write(try session(of: editor), to: url)
        case nil:
            throw DocumentFileError.unknownExtension(path: path)
        }
    }

    /// The MIDI programs of an instrument preset name.
    static func exportOptions(_ instruments: String) -> MIDIExportOptions {
        switch instruments {
        case "organ": return .organ
        case "strings": return MIDIExportOptions(voices: [40, 40, 41, 42].enumerated().map {
            MIDIExportOptions.VoiceSound(program: $0.element, velocity: 90, channel: $0.offset) })
        case "woodwinds": return MIDIExportOptions(voices: [73, 68, 71, 70].enumerated().map {
            MIDIExportOptions.VoiceSound(program: $0.element, velocity: 90, channel: $0.offset) })
        default: return .choir
        }
    }

    /// `path` with its extension replaced by `newExtension`; a `jsb:` reference becomes a file
    /// name such as `jsb-test-3.musicxml` in the current folder.
    public static func sibling(of path: String, extension newExtension: String) -> String {
        if JSBReference.isReference(path) {
            return path.replacingOccurrences(of: ":", with: "-") + "." + newExtension
        }
        return ((path as NSString).deletingPathExtension as NSString).appendingPathExtension(newExtension) ?? path + "." + newExtension
    }
}

/// A document path the editor cannot open or save.
public enum DocumentFileError: Error, Equatable, CustomStringConvertible {
    case unknownExtension(path: String)
    /// A `jsb:` reference was given but no JSB data set is configured.
    case jsbDataUnavailable

    public var description: String {
        switch self {
        case .unknownExtension(let path):
            return "cannot tell the format of \(path) from its extension; use .mid or .midi (MIDI), .json (session) or jsb:SPLIT:INDEX"
        case .jsbDataUnavailable:
            return "no JSB data set is configured for jsb:SPLIT:INDEX; set SUNMASK_JSB_PATH to Jsb16thSeparated.json"
        }
    }
}

/// A file operation of the editor that failed: which file, and what went wrong.
public struct HostFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String { "\(path): \(problem)" }
}
