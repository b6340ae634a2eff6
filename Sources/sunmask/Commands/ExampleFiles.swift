import Chorale
import Foundation

/// The files of the repository's `Examples/` folder, generated from the code so that they can be
/// rebuilt and checked. They are the example melodies as soprano-only MIDI files, one whole
/// chorale from the JSB test split, and a session that keeps the "Ode to Joy" soprano and
/// regenerates the rest.
enum ExampleFiles {
    struct File {
        /// The file name inside `Examples/`.
        var name: String
        var contents: Data
    }

    /// The JSB test-split chorale written as the full-chorale example.
    static let choraleReference = JSBReference(split: .test, index: 0)

    /// The melody files, named by their title, in `Melody.examples` order.
    static let melodyFileNames = ["ode-to-joy.mid", "ein-feste-burg.mid", "wachet-auf.mid"]

    static var choraleFileName: String { "chorale-jsb-\(choraleReference.split.rawValue)-\(choraleReference.index).mid" }

    static let harmonizeSessionFileName = "harmonize-ode-to-joy.session.json"

    /// Generates every example file; the chorale comes from `dataset`.
    static func generate(dataset: JSBDataset) throws -> [File] {
        precondition(melodyFileNames.count == Melody.examples.count,
                     "every example melody needs a file name, got \(melodyFileNames.count) names for \(Melody.examples.count) melodies")
        var files: [File] = []
        for (name, melody) in zip(melodyFileNames, Melody.examples) {
            files.append(File(name: name, contents: Data(try MIDIFileWriter.data(for: melody.score()))))
        }

        let chorale = Score(grid: try choraleReference.chorale(in: dataset))
        files.append(File(name: choraleFileName, contents: Data(try MIDIFileWriter.data(for: chorale))))

        let melody = try Melody.odeToJoy.score()
        var keep = KeepMask(steps: melody.grid.steps, keepingAll: false)
        keep.set(true, voices: [.soprano], steps: 0..<melody.grid.steps)
        let session = Session(score: melody, keep: keep)
        files.append(File(name: harmonizeSessionFileName, contents: try SessionFile.encode(session)))
        return files
    }
}

/// `sunmask write-examples [DIR]`: writes the example files. A developer command, hidden from
/// `sunmask --help`; the end-to-end tests check that `Examples/` matches its output.
struct WriteExamplesCommand: Command {
    static let spec = CommandSpec(
        name: "write-examples",
        abstract: "Write the example MIDI and session files (a developer command).",
        synopsis: "[DIR] [options]",
        discussion: """
            Writes \(ExampleFiles.melodyFileNames.joined(separator: ", ")), \(ExampleFiles.choraleFileName)
            (\(ExampleFiles.choraleReference)) and \(ExampleFiles.harmonizeSessionFileName) into DIR
            (default Examples). Existing files of the same name are replaced.
            """,
        options: [JSBDataLocation.option])

    let directory: URL
    let jsbData: JSBDataLocation

    init(arguments: ParsedArguments) throws {
        let positionals = try arguments.positionals(named: ["DIR"], minimum: 0, maximum: 1)
        directory = URL(fileURLWithPath: positionals.first ?? "Examples")
        jsbData = JSBDataLocation(arguments: arguments)
    }

    func run() throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory.path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuntimeFailure("folder \(directory.path) not found; create it or pass an existing folder as DIR")
        }
        let files = try ExampleFiles.generate(dataset: jsbData.load().dataset)
        for file in files {
            let url = directory.appendingPathComponent(file.name)
            do {
                try file.contents.write(to: url, options: .atomic)
            } catch {
                throw RuntimeFailure("cannot write \(url.path) (\(error.localizedDescription)); check that the folder is writable")
            }
            print("wrote \(url.path) (\(file.contents.count) bytes)")
        }
    }
}
