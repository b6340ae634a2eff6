import Foundation
import Playback
import SunmaskEngine

/// The release this build belongs to; "unreleased" until the first tagged release.
let releaseName = "unreleased"

/// Exit codes, following the BSD sysexits convention for usage errors.
enum ExitStatus: Int32 {
    case success = 0
    case failure = 1
    case usage = 64
}

/// Writes one line to standard error.
func printError(_ message: String) {
    FileHandle.standardError.write(Data((message + "\n").utf8))
}

/// The help for plain `sunmask --help`: every command and its one-line summary.
func topLevelHelp(commands: [Command.Type]) -> String {
    var lines = [
        "OVERVIEW: Harmonize and rewrite four-voice chorales with a SUNMASK model.",
        "",
        "USAGE: sunmask <command> [options]",
        "",
        "COMMANDS:",
    ]
    let width = commands.map { $0.spec.name.count }.max() ?? 0
    for command in commands {
        let name = command.spec.name
        lines.append("  \(name)" + String(repeating: " ", count: width - name.count + 2) + command.spec.abstract)
    }
    lines += ["", "See 'sunmask <command> --help' for a command's options, and 'sunmask --version' for the",
              "libraries in use."]
    return lines.joined(separator: "\n")
}

/// Returns the text of `sunmask --version`: the release and the libraries in use, for bug reports.
func versionText() -> String {
    [
        "sunmask \(releaseName)",
        "Matrix products: \(BLASKernels.summary)",
        "Compute threads: \(ComputeThreads.count) by default (--threads)",
        "FluidSynth: \(fluidSynthVersion())",
    ].joined(separator: "\n")
}

/// Parses `arguments` (without the program name), runs the chosen command and returns the
/// exit status. Errors print as one `Error:` line; usage errors add the usage line.
/// `hiddenCommands` run like the others but are left out of `sunmask --help`.
func dispatch(_ arguments: [String], commands: [Command.Type], hiddenCommands: [Command.Type] = [],
              defaultCommand: String?) -> ExitStatus {
    var arguments = arguments
    if arguments == ["--version"] {
        print(versionText())
        return .success
    }
    if arguments.first == "--help" || arguments.first == "-h" || arguments.first == "help" && arguments.count == 1 {
        print(topLevelHelp(commands: commands))
        return .success
    }
    if arguments.first == "help", arguments.count > 1 {
        arguments = [arguments[1], "--help"]
    }
    let name: String
    if let first = arguments.first, let defaultCommand, !commands.contains(where: { $0.spec.name == first }),
       first.hasPrefix("-") || looksLikeDocument(first) {
        // `sunmask FILE` and `sunmask --option …` run the default command.
        name = defaultCommand
    } else if let first = arguments.first, !first.hasPrefix("-") || defaultCommand == nil {
        name = first
        arguments.removeFirst()
    } else if let defaultCommand {
        name = defaultCommand
    } else {
        print(topLevelHelp(commands: commands))
        return .success
    }
    guard let command = (commands + hiddenCommands).first(where: { $0.spec.name == name }) else {
        printError("Error: \(CommandLineError.unknownCommand(name))")
        return .usage
    }
    let spec = command.spec
    do {
        let parsed = try ParsedArguments(arguments, spec: spec)
        if parsed.helpRequested {
            print(spec.helpText)
            return .success
        }
        try command.init(arguments: parsed).run()
        return .success
    } catch let error as CommandLineError {
        printError("Error: \(error)")
        printError("Usage: \(spec.usage)")
        printError("  See 'sunmask \(spec.name) --help'.")
        return .usage
    } catch {
        printError("Error: \(error)")
        return .failure
    }
}

/// True when `argument` names a document rather than a mistyped command: an existing file, a
/// `jsb:` reference, or a name with a MIDI, session or MusicXML extension.
func looksLikeDocument(_ argument: String) -> Bool {
    if argument.hasPrefix("jsb:") || FileManager.default.fileExists(atPath: argument) { return true }
    return ["mid", "midi", "json", "musicxml"].contains((argument as NSString).pathExtension.lowercased())
}
