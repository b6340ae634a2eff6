import Foundation
import SunmaskEngine

/// The CSV log of a training run: one row per optimizer step, with the validation NLLs filled
/// in on the steps where validation ran.
///
/// Rows are appended, so a resumed run continues the same file; the header is written only
/// when the file is new or empty. Columns: step, loss (this step's), smoothed_loss (mean of
/// the last 50 steps), lr, examples_per_s, training_s (wall seconds over all sessions), then
/// nll_0.25, nll_0.5, nll_0.75, nll_1 (nats per dropped cell).
final class TrainingLog {
    static let header = "step,loss,smoothed_loss,lr,examples_per_s,training_s,"
        + ValidationNLL.standardDropRates.map { "nll_\(formatRate($0))" }.joined(separator: ",")

    private let path: String
    private let handle: FileHandle
    /// The last step's row, held back until the next event shows whether validation ran on it.
    private var pendingStep: (progress: TrainingProgress, trainingSeconds: Double)?

    /// Opens `path` for appending, creating it when absent.
    init(path: String) throws {
        self.path = path
        let manager = FileManager.default
        if !manager.fileExists(atPath: path) {
            guard manager.createFile(atPath: path, contents: nil) else {
                throw RuntimeFailure("cannot create log file \(path); check that its directory exists and is writable")
            }
        }
        do {
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            let end = try handle.seekToEnd()
            if end == 0 { try handle.write(contentsOf: Data((TrainingLog.header + "\n").utf8)) }
        } catch {
            throw RuntimeFailure("cannot write log file \(path): \(error.localizedDescription); check its permissions")
        }
    }

    deinit {
        try? handle.close()
    }

    /// Records a finished step; its row is written with the next event or at `flush()`.
    func record(_ progress: TrainingProgress, trainingSeconds: Double) throws {
        try flush()
        pendingStep = (progress, trainingSeconds)
    }

    /// Records a validation pass, on the pending row when it is the same step.
    func record(validation result: ValidationResult, step: Int) throws {
        var row: [String]
        if let pendingStep, pendingStep.progress.step == step {
            row = TrainingLog.stepColumns(pendingStep.progress, trainingSeconds: pendingStep.trainingSeconds)
            self.pendingStep = nil
        } else {
            try flush()
            row = ["\(step)", "", "", "", "", ""]
        }
        row += result.nll.map { String(format: "%.5f", $0) }
        try write(row)
    }

    /// Writes the pending step's row, if any.
    func flush() throws {
        guard let pendingStep else { return }
        self.pendingStep = nil
        let empty = [String](repeating: "", count: ValidationNLL.standardDropRates.count)
        try write(TrainingLog.stepColumns(pendingStep.progress, trainingSeconds: pendingStep.trainingSeconds) + empty)
    }

    private static func stepColumns(_ progress: TrainingProgress, trainingSeconds: Double) -> [String] {
        ["\(progress.step)", String(format: "%.5f", progress.loss), String(format: "%.5f", progress.smoothedLoss),
         String(format: "%.6g", progress.learningRate), String(format: "%.2f", progress.examplesPerSecond),
         String(format: "%.1f", trainingSeconds)]
    }

    private func write(_ columns: [String]) throws {
        do {
            try handle.write(contentsOf: Data((columns.joined(separator: ",") + "\n").utf8))
        } catch {
            throw RuntimeFailure("cannot append to log file \(path): \(error.localizedDescription); check free space")
        }
    }

    /// Returns a drop rate as a column suffix: 0.25, 0.5, 0.75, 1.
    static func formatRate(_ rate: Double) -> String {
        rate == rate.rounded() ? String(Int(rate)) : String(rate)
    }
}
