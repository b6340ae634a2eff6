import Foundation

// Every subcommand, in the order `sunmask --help` lists them.
let commands: [Command.Type] = [
    HarmonizeCommand.self,
    InfillCommand.self,
    SampleCommand.self,
]

let status = dispatch(Array(CommandLine.arguments.dropFirst()), commands: commands, defaultCommand: nil)
exit(status.rawValue)
