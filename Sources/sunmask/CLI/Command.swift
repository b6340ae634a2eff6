/// A `sunmask` subcommand.
///
/// `init(arguments:)` parses and validates everything before `run()` starts, throwing
/// `CommandLineError` for a bad command line; `run()` throws any other error for a failure.
protocol Command {
    static var spec: CommandSpec { get }
    init(arguments: ParsedArguments) throws
    func run() throws
}
