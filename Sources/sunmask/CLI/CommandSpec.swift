/// One option or flag a subcommand accepts, as shown in its help.
struct OptionSpec {
    /// The spellings, long first: `["--output", "-o"]`.
    let names: [String]
    /// The placeholder for the value, such as `FILE`; nil for a flag that takes no value.
    let valueName: String?
    /// What the option sets, in what unit, and its default.
    let help: String

    static func option(_ names: String..., value: String, help: String) -> OptionSpec {
        OptionSpec(names: names, valueName: value, help: help)
    }

    static func flag(_ names: String..., help: String) -> OptionSpec {
        OptionSpec(names: names, valueName: nil, help: help)
    }
}

/// The name, synopsis, description and options of a subcommand; the parser and the help
/// screen both read it, so the help always lists what the parser accepts.
struct CommandSpec {
    let name: String
    /// One line for the command list.
    let abstract: String
    /// The arguments after the command name, such as `MELODY.mid -o OUT.mid`.
    let synopsis: String
    /// Paragraphs shown under the usage line in `--help`.
    let discussion: String
    let options: [OptionSpec]

    var usage: String { "sunmask \(name) \(synopsis)" }

    /// The text printed for `sunmask NAME --help`.
    var helpText: String {
        var lines = ["OVERVIEW: \(abstract)", "", "USAGE: \(usage)", ""]
        if !discussion.isEmpty {
            lines += [discussion, ""]
        }
        lines.append("OPTIONS:")
        let all = options + [.flag("--help", "-h", help: "Show this help.")]
        let labels = all.map { option -> String in
            let names = option.names.joined(separator: ", ")
            return option.valueName.map { "\(names) \($0)" } ?? names
        }
        let width = min(labels.map(\.count).max() ?? 0, 28)
        for (label, option) in zip(labels, all) {
            if label.count > width {
                lines.append("  \(label)")
                lines.append("  " + String(repeating: " ", count: width + 2) + option.help)
            } else {
                let padding = String(repeating: " ", count: width - label.count + 2)
                lines.append("  \(label)\(padding)\(option.help)")
            }
        }
        return lines.joined(separator: "\n")
    }
}
