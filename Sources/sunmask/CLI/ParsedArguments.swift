import Foundation

/// A subcommand's arguments split into options, flags and positionals by its `CommandSpec`.
///
/// Accessors convert and range-check values and throw `CommandLineError.invalidValue` naming
/// the option, the value given and what is expected.
struct ParsedArguments {
    private(set) var positionals: [String] = []
    private var values: [String: [String]] = [:]
    private var flags: Set<String> = []
    private(set) var helpRequested = false

    /// Splits `arguments` by `spec`. Accepts `--name value`, `--name=value`, `-n value`, and
    /// `--` to end options.
    init(_ arguments: [String], spec: CommandSpec) throws {
        var canonical: [String: OptionSpec] = [:]
        for option in spec.options {
            for name in option.names { canonical[name] = option }
        }
        var index = 0
        var optionsEnded = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if optionsEnded || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                optionsEnded = true
                continue
            }
            if argument == "--help" || argument == "-h" {
                helpRequested = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = canonical[name] else {
                throw CommandLineError.unknownOption(name)
            }
            let key = option.names[0]
            if option.valueName == nil {
                guard inlineValue == nil else {
                    throw CommandLineError.unexpectedValue(option: key)
                }
                flags.insert(key)
                continue
            }
            if let inlineValue {
                values[key, default: []].append(inlineValue)
            } else if index < arguments.count {
                values[key, default: []].append(arguments[index])
                index += 1
            } else {
                throw CommandLineError.missingValue(option: key, valueName: option.valueName!)
            }
        }
    }

    /// True when the flag was given.
    func flag(_ name: String) -> Bool { flags.contains(name) }

    /// Returns the last value given for the option, or nil.
    func string(_ name: String) -> String? { values[name]?.last }

    /// Returns every value given for a repeatable option, in order.
    func strings(_ name: String) -> [String] { values[name] ?? [] }

    /// Returns the option as an integer in `range`, or `defaultValue` when absent.
    func int(_ name: String, default defaultValue: Int, in range: ClosedRange<Int>) throws -> Int {
        guard let text = string(name) else { return defaultValue }
        guard let value = Int(text), range.contains(value) else {
            throw CommandLineError.invalidValue(
                option: name, value: text,
                expected: "an integer from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Returns the option as a number in `range`, or `defaultValue` when absent.
    func double(_ name: String, default defaultValue: Double, in range: ClosedRange<Double>) throws -> Double {
        guard let text = string(name) else { return defaultValue }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw CommandLineError.invalidValue(
                option: name, value: text,
                expected: "a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// Returns the option as a number above `lower` and at most `upper`, or `defaultValue` when
    /// absent. `hint` ends the error message, such as "such as 0.6".
    func double(_ name: String, default defaultValue: Double, above lower: Double, atMost upper: Double,
                hint: String? = nil) throws -> Double {
        guard let text = string(name) else { return defaultValue }
        guard let value = Double(text), value.isFinite, value > lower, value <= upper else {
            throw CommandLineError.invalidValue(
                option: name, value: text,
                expected: "a number above \(formatBound(lower)) and at most \(formatBound(upper))"
                    + (hint.map { ", \($0)" } ?? ""))
        }
        return value
    }

    /// Writes a bound without a needless ".0": 0, 100, 0.5.
    private func formatBound(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }

    /// Returns the option as one of `choices`, or `defaultValue` when absent.
    func choice(_ name: String, default defaultValue: String, from choices: [String]) throws -> String {
        guard let text = string(name) else { return defaultValue }
        guard choices.contains(text) else {
            throw CommandLineError.invalidValue(
                option: name, value: text, expected: "one of " + choices.joined(separator: ", "))
        }
        return text
    }

    /// Returns the positionals after checking them against the counts the command accepts.
    func positionals(named names: [String], minimum: Int, maximum: Int? = nil) throws -> [String] {
        if positionals.count < minimum {
            throw CommandLineError.missingArgument(names[min(positionals.count, names.count - 1)])
        }
        if let maximum, positionals.count > maximum {
            throw CommandLineError.unexpectedArgument(positionals[maximum])
        }
        return positionals
    }
}
