import Chorale
import Composer
import Foundation
import SunmaskEngine

/// `sunmask eval`: samples N chorales with a model, grades them, and reports per-feature medians
/// ± standard deviations for all of them, for the best M, and for Bach's test-split chunks.
struct EvalCommand: Command {
    static let spec = CommandSpec(
        name: "eval",
        abstract: "Sample chorales with a model, grade them and report medians ± standard deviation (all, best M, Bach).",
        synopsis: "[-n COUNT] [--keep-best M] [options]",
        discussion: """
            Samples COUNT chorales of --length steps from nothing, grades each (lower is better),
            and prints the median ± standard deviation of every feature grade and of the overall
            grade for all samples, for the best M by overall grade, and for the JSB test split cut
            into 128-step chunks (the Bach row, when the data set is found). The defaults, 200
            samples and the best 20, follow the SUNMASK evaluation; smaller counts run faster.
            As `sample` does, each chorale is transposed as a whole into a key of 2 flats to 3
            sharps with its voices centred in their ranges before it is graded; a further row
            grades the same chorales in the keys the model sampled. --as-sampled grades and
            ranks them as sampled only. Each chorale is one run of the preset's settings, so with
            the default standard preset the all-samples row is what 'sample' returns and the
            best-20-of-200 row is what 'sample --preset best' returns.
            """,
        options: [
            .option("--count", "-n", value: "COUNT", help: "Chorales to sample; default 200."),
            .option("--keep-best", value: "M", help: "Size of the best-by-grade group, 1…COUNT; default 20 (or COUNT when smaller)."),
            .option("--length", value: "STEPS", help: "Length of each sample in 16th-note steps; default 128."),
            .flag("--json", help: "Print the report as JSON instead of a table."),
            .flag("--as-sampled", help: "Grade the chorales in the keys the model sampled, without moving them."),
            .option("--reference", value: "PATH", help: "Grade against this Bach reference file instead of the shipped one."),
            JSBDataLocation.option,
        ] + SamplingOptions.specs.filter { !["--candidates", "--best"].contains($0.names[0]) })

    let count: Int
    let keepBest: Int
    let length: Int
    let json: Bool
    let referencePath: String?
    let options: SamplingOptions
    let jsbData: JSBDataLocation
    let keyPlacement: KeyPlacement

    init(arguments: ParsedArguments) throws {
        _ = try arguments.positionals(named: [], minimum: 0, maximum: 0)
        count = try arguments.int("--count", default: 200, in: 1...100_000)
        keepBest = try arguments.int("--keep-best", default: min(20, count), in: 1...count)
        length = try arguments.int("--length", default: 128, in: 1...4096)
        json = arguments.flag("--json")
        referencePath = arguments.string("--reference")
        var options = try SamplingOptions(arguments)
        // Every sample is returned; the best M are chosen here by grade.
        options.candidates = count
        options.best = count
        self.options = options
        jsbData = JSBDataLocation(arguments: arguments)
        keyPlacement = arguments.flag("--as-sampled") ? .asSampled : .commonKey
    }

    func run() throws {
        let reference = try referencePath.map { try BachReference.load(from: URL(fileURLWithPath: $0)) }
            ?? BachReference.shipped()
        let grader = Grader(reference: reference)

        ComputeThreads.count = options.threads
        let model = try GenerationModel.load(explicitPath: options.modelPath, shippedModel: GenerationRun.shippedModel)
        let request = HarmonizationRequest(
            score: Score(grid: SATBGrid(steps: length)), keep: KeepMask(steps: length, keepingAll: false),
            settings: options.settings, steps: options.steps, candidates: count, best: count,
            strategy: options.strategy, keyPlacement: keyPlacement)
        let ranking = CandidateRanking(name: "overall grade") { score, _ in grader.grade(score.grid).overall }
        printError("model \(model.path); sampling \(count) chorales of \(length) steps"
                   + (keyPlacement == .commonKey ? ", each moved to a common key before grading" : ""))
        let showsProgress = isatty(STDERR_FILENO) == 1
        let result = try Harmonizer(model: model).generate(request, ranking: ranking) { progress in
            if showsProgress {
                FileHandle.standardError.write(Data("\rstep \(progress.step)/\(progress.totalSteps)".utf8))
            }
            return .proceed
        }
        if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }

        let grades = result.candidates.map { grader.grade($0.score.grid) }.sorted { $0.overall < $1.overall }
        let all = GradeStatistics(grades)
        let best = GradeStatistics(Array(grades.prefix(keepBest)))
        // The same chorales moved back into the keys the model sampled.
        var asSampled: GradeStatistics?
        if keyPlacement == .commonKey {
            asSampled = GradeStatistics(try result.candidates.map {
                grader.grade(try $0.score.grid.transposed(by: -$0.transposition))
            })
        }
        let moved = result.candidates.filter { $0.transposition != 0 }.count
        var bach: GradeStatistics?
        var bachNote: String?
        do {
            bach = BachRow.statistics(grader: grader, dataset: try jsbData.load().dataset)
        } catch {
            bachNote = "no Bach row: \(error)"
        }

        if json {
            var object: [String: Any] = [
                "model": model.path, "length": length,
                "all": all.json(), "best": best.json(),
            ]
            if let asSampled { object["all_as_sampled"] = asSampled.json() }
            if keyPlacement == .commonKey { object["moved_to_common_key"] = moved }
            if let bach { object["bach"] = bach.json() }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            var rows = [
                all.medianAndDeviationRow(label: "all \(count) samples"),
                best.medianAndDeviationRow(label: "best \(keepBest) by overall grade"),
            ]
            if let asSampled {
                rows.append(asSampled.medianAndDeviationRow(label: "all \(count), keys as sampled"))
            }
            if let bach {
                rows.append(bach.medianAndDeviationRow(label: "Bach: \(bach.count) JSB test chunks of \(BachRow.chunkLength) steps"))
            }
            print(GradeTable.render(rows, labelHeader: "median ± std"))
        }
        if keyPlacement == .commonKey {
            printError("\(moved) of \(count) chorales were transposed to a common key; --as-sampled grades them unmoved")
        }
        if let bachNote {
            printError(bachNote)
        }
    }
}
