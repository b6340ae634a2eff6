import Chorale
import Foundation

/// `sunmask grade FILE...`: Bach-style grades per feature and overall, with the Bach row; and
/// `sunmask grade --fit-reference DATA.json`: fits the Bach reference distributions.
struct GradeCommand: Command {
    static let spec = CommandSpec(
        name: "grade",
        abstract: "Grade chorales against Bach's style, per feature and overall (lower is better).",
        synopsis: "FILE... [--json] | --fit-reference DATA.json [-o PATH]",
        discussion: """
            FILE is a MIDI file, a session file (.json) or jsb:SPLIT:INDEX. Each feature grade is
            the Wasserstein distance between the chorale's histogram and Bach's (note, rhythm,
            parallel fifths and octaves, harmony, melodic intervals of S, A, T and B, repeated
            sequences); the overall grade is their sum. The last row gives the medians of the JSB
            test split cut into 128-step chunks, graded the same way, when the data set is found.

            --fit-reference counts Bach's distributions over the train split of DATA.json and
            writes them as a reference file, the form of the one shipped with sunmask.
            """,
        options: [
            .flag("--json", help: "Print the grades as JSON instead of a table."),
            .option("--reference", value: "PATH", help: "Grade against this Bach reference file instead of the shipped one."),
            .flag("--no-bach-row", help: "Leave out the Bach row (it needs the JSB data set)."),
            .option("--fit-reference", value: "DATA.json", help: "Fit the Bach reference on the train split of this JSB data set file."),
            .option("--output", "-o", value: "PATH", help: "With --fit-reference: the file to write; default bach-reference.json."),
        ] + ScoreLoader.importOptions + [JSBDataLocation.option])

    enum Mode {
        case grade(sources: [ScoreSource], json: Bool, bachRow: Bool, reference: String?)
        case fitReference(data: String, output: String)
    }

    let mode: Mode
    let loader: ScoreLoader

    init(arguments: ParsedArguments) throws {
        loader = try ScoreLoader(arguments: arguments)
        if let data = arguments.string("--fit-reference") {
            _ = try arguments.positionals(named: ["FILE"], minimum: 0, maximum: 0)
            for option in ["--json", "--no-bach-row"] where arguments.flag(option) {
                throw CommandLineError.invalid("\(option) does not apply to --fit-reference")
            }
            if arguments.string("--reference") != nil {
                throw CommandLineError.invalid("--reference does not apply to --fit-reference")
            }
            mode = .fitReference(data: data, output: arguments.string("--output") ?? "bach-reference.json")
            return
        }
        if arguments.string("--output") != nil {
            throw CommandLineError.invalid("-o/--output applies to --fit-reference only; grades go to standard output")
        }
        let files = try arguments.positionals(named: ["FILE"], minimum: 1)
        mode = .grade(sources: try files.map(ScoreSource.init(argument:)), json: arguments.flag("--json"),
                      bachRow: !arguments.flag("--no-bach-row"), reference: arguments.string("--reference"))
    }

    func run() throws {
        switch mode {
        case .fitReference(let data, let output):
            try fitReference(dataPath: data, outputPath: output)
        case .grade(let sources, let json, let bachRow, let referencePath):
            let reference = try referencePath.map { try BachReference.load(from: URL(fileURLWithPath: $0)) }
                ?? BachReference.shipped()
            try grade(sources, grader: Grader(reference: reference), json: json, bachRow: bachRow)
        }
    }

    private func grade(_ sources: [ScoreSource], grader: Grader, json: Bool, bachRow: Bool) throws {
        // Every file is read before any output, so a bad file fails the command with nothing printed.
        let graded = try sources.map { source -> (LoadedScore, Grade) in
            let loaded = try loader.load(source)
            return (loaded, grader.grade(loaded.score.grid))
        }
        var bach: GradeStatistics?
        var bachNote: String?
        if bachRow {
            do {
                bach = BachRow.statistics(grader: grader, dataset: try loader.loadDataset())
            } catch {
                bachNote = "no Bach row: \(error)"
            }
        }

        if json {
            var object: [String: Any] = [
                "reference": ["split": grader.reference.split, "chorales": grader.reference.choraleCount],
                "grades": graded.map { loaded, grade in
                    GradeTable.json(grade).merging(["source": loaded.source.description, "steps": loaded.score.grid.steps]) { $1 }
                },
            ]
            if let bach {
                object["bach"] = bach.json().merging(["source": "JSB test split, \(BachRow.chunkLength)-step chunks"]) { $1 }
            }
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            var rows = graded.map { GradeTable.row(label: $0.0.source.description, grade: $0.1) }
            if let bach {
                rows.append(bach.medianRow(label: BachRow.label(count: bach.count)))
            }
            print(GradeTable.render(rows, labelHeader: "chorale"))
        }
        if let bachNote {
            printError(bachNote)
        }
    }

    private func fitReference(dataPath: String, outputPath: String) throws {
        let dataset = try JSBDataset(contentsOf: URL(fileURLWithPath: dataPath))
        let reference = BachReference.fit(chorales: dataset.train, split: JSBSplit.train.rawValue)
        let url = URL(fileURLWithPath: outputPath)
        do {
            try reference.jsonData().write(to: url, options: .atomic)
        } catch {
            throw RuntimeFailure("cannot write Bach reference \(outputPath) (\(error.localizedDescription)); check that the folder exists and is writable")
        }
        print("wrote \(outputPath): Bach reference fitted on \(reference.choraleCount) chorales of the train split (\(reference.majorChoraleCount) major, \(reference.minorChoraleCount) minor, \(reference.noteCount) notes)")
    }
}
