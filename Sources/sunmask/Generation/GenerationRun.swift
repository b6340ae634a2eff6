import Chorale
import Composer
import Foundation
import SunmaskEngine

/// The steps `harmonize`, `infill` and `sample` share: load the model, sample with progress on
/// standard error, and write the results as MIDI files.
enum GenerationRun {
    /// The model shipped in the executable's resource bundle, or nil when the bundle beside the
    /// binary is missing.
    static var shippedModel: URL? {
        ResourceBundle.url(target: "sunmask", name: "default-model", ext: "safetensors")
    }

    /// Loads the model and samples `score` with `keep` under `options`; returns the best candidates.
    static func generate(score: Score, keep: KeepMask, options: SamplingOptions,
                         keyPlacement: KeyPlacement = .asSampled) throws -> [HarmonizedCandidate] {
        ComputeThreads.count = options.threads
        let model = try GenerationModel.load(explicitPath: options.modelPath, shippedModel: shippedModel)
        let harmonizer = Harmonizer(model: model)
        let request = HarmonizationRequest(score: score, keep: keep, settings: options.settings, steps: options.steps,
                                           candidates: options.candidates, best: options.best,
                                           strategy: options.strategy, keyPlacement: keyPlacement)
        let ranking = try CandidateRanking.shippedGrade()
        print("model \(model.path); \(options.candidates) candidate(s), best \(options.best) by \(ranking.name); "
              + "\(options.strategy) sampling")

        let showsProgress = isatty(STDERR_FILENO) == 1
        var lastShown = Date.distantPast
        let result = try harmonizer.generate(request, ranking: ranking) { progress in
            guard showsProgress else { return .proceed }
            let now = Date()
            if now.timeIntervalSince(lastShown) >= 0.1 || progress.step == progress.totalSteps {
                lastShown = now
                FileHandle.standardError.write(Data("\rstep \(progress.step)/\(progress.totalSteps)".utf8))
            }
            return .proceed
        }
        if showsProgress { FileHandle.standardError.write(Data("\n".utf8)) }
        return result.candidates
    }

    /// Writes `score` to `path` as MIDI, atomically, and prints the path with its grade and likelihood.
    static func write(_ candidate: HarmonizedCandidate, to path: String) throws {
        let bytes = try MIDIFileWriter.data(for: candidate.score)
        try AtomicFile.write(bytes, to: path)
        let moved = candidate.transposition == 0 ? "" : ", moved \(candidate.transposition) semitones to a common key"
        print("wrote \(path) (candidate \(candidate.index), overall grade \(String(format: "%.2f", candidate.rankingScore)), "
              + "mean log-likelihood \(String(format: "%.4f", candidate.logLikelihood)) per regenerated cell\(moved))")
    }

    /// Returns the output paths for `count` candidates: `path` itself for one, else `NAME-1.EXT` …
    /// `NAME-count.EXT`, with the extension `.mid` when `path` has none.
    static func outputPaths(_ path: String, count: Int) -> [String] {
        guard count > 1 else { return [path] }
        let nameStart = path.lastIndex(of: "/").map { path.index(after: $0) } ?? path.startIndex
        let dot = path[nameStart...].lastIndex(of: ".").flatMap { $0 > nameStart ? $0 : nil }
        let stem = dot.map { String(path[..<$0]) } ?? path
        let ext = dot.map { String(path[$0...]) } ?? ".mid"
        return (1...count).map { "\(stem)-\($0)\(ext)" }
    }

    /// Returns the `-o` value; throws `CommandLineError` when it is missing or names another
    /// format than MIDI, because the results are always written as MIDI.
    static func outputPath(_ arguments: ParsedArguments) throws -> String {
        guard let path = arguments.string("--output") else {
            throw CommandLineError.missingValue(option: "--output", valueName: "OUT.mid")
        }
        let pathExtension = URL(fileURLWithPath: path).pathExtension.lowercased()
        guard ["mid", "midi", ""].contains(pathExtension) else {
            throw CommandLineError.invalidValue(
                option: "--output", value: path,
                expected: "a MIDI file name ending in .mid or .midi; sunmask convert turns it into other formats")
        }
        return path
    }

    /// Throws when the folder of the output `path` does not exist, so that the check comes
    /// before sampling, which can take minutes, instead of at the write.
    static func checkOutputFolder(_ path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw RuntimeFailure("output folder \(folder) does not exist; create it or choose another -o path")
        }
    }
}
