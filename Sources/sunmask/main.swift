import Foundation

// Every subcommand, in the order `sunmask --help` lists them.
let commands: [Command.Type] = [
    TrainCommand.self,
]

let status = dispatch(Array(CommandLine.arguments.dropFirst()), commands: commands, defaultCommand: nil)
exit(status.rawValue)
