import Foundation
import SunmaskEngine

// OpenBLAS falls back to SSE kernels on a CPU it does not know, so restart on the kernels the
// CPU supports before anything else runs.
BLASKernels.restartOnBetterKernelsIfNeeded()

// Every subcommand, in the order `sunmask --help` lists them.
let commands: [Command.Type] = [
    EditCommand.self,
    HarmonizeCommand.self,
    InfillCommand.self,
    SampleCommand.self,
    PlayCommand.self,
    RenderCommand.self,
    ConvertCommand.self,
    GradeCommand.self,
    EvalCommand.self,
    NLLCommand.self,
    TrainCommand.self,
]

// Developer commands, left out of `sunmask --help`.
let hiddenCommands: [Command.Type] = [
    WriteExamplesCommand.self,
    ExportModelCommand.self,
]

let status = dispatch(Array(CommandLine.arguments.dropFirst()), commands: commands,
                      hiddenCommands: hiddenCommands, defaultCommand: EditCommand.spec.name)
exit(status.rawValue)
