/// A mistake in the command line: printed with the usage line, exit code 64 (EX_USAGE).
enum CommandLineError: Error, CustomStringConvertible {
    case unknownCommand(String)
    case unknownOption(String)
    case missingValue(option: String, valueName: String)
    case unexpectedValue(option: String)
    case invalidValue(option: String, value: String, expected: String)
    case missingArgument(String)
    case unexpectedArgument(String)
    /// Any other rule a command checks before it runs.
    case invalid(String)

    var description: String {
        switch self {
        case .unknownCommand(let name):
            return "unknown command '\(name)'; run 'sunmask --help' for the list of commands"
        case .unknownOption(let name):
            return "unknown option '\(name)'"
        case .missingValue(let option, let valueName):
            return "missing value for '\(option) \(valueName)'"
        case .unexpectedValue(let option):
            return "'\(option)' is a flag and takes no value"
        case .invalidValue(let option, let value, let expected):
            return "invalid value '\(value)' for '\(option)'; expected \(expected)"
        case .missingArgument(let name):
            return "missing argument \(name)"
        case .unexpectedArgument(let value):
            return "unexpected argument '\(value)'"
        case .invalid(let message):
            return message
        }
    }
}

/// A failure while running a command that is not a command-line mistake: exit code 1.
struct RuntimeFailure: Error, CustomStringConvertible {
    let description: String

    init(_ message: String) {
        description = message
    }
}
