import Foundation

// Every subcommand, in the order `sunmask --help` lists them.
let commands: [Command.Type] = [
    EditCommand.self,
    HarmonizeCommand.self,
    InfillCommand.self,
    SampleCommand.self,
]

let status = dispatch(Array(CommandLine.arguments.dropFirst()), commands: commands, defaultCommand: EditCommand.spec.name)
exit(status.rawValue)
