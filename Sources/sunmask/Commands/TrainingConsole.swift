import Foundation
import SunmaskEngine

/// Prints a training run's progress: on a terminal one line rewritten in place with "\r",
/// otherwise a plain line every `interval` seconds.
final class TrainingConsole {
    private let isTerminal: Bool
    private let interval: Double
    private var lastPrint: Date?
    private var lastShownStep: Int?
    /// True while a "\r" progress line is on screen and the next full line needs a newline first.
    private var lineOpen = false

    init(interval: Double = 10) {
        isTerminal = isatty(STDOUT_FILENO) == 1
        self.interval = isTerminal ? 0.25 : interval
    }

    /// Prints the step's progress when the interval has passed (with `force`, unless already shown).
    func show(_ progress: TrainingProgress, force: Bool = false) {
        let now = Date()
        if progress.step == lastShownStep { return }
        if !force, let lastPrint, now.timeIntervalSince(lastPrint) < interval { return }
        lastPrint = now
        lastShownStep = progress.step
        var text = "step \(progress.step)"
        if let total = progress.totalSteps { text += "/\(total)" }
        text += String(format: "  loss %.4f (mean of last 50: %.4f)  lr %.3g  %.1f examples/s",
                       progress.loss, progress.smoothedLoss, progress.learningRate, progress.examplesPerSecond)
        if let left = progress.secondsLeft { text += "  ETA " + TrainingConsole.duration(left) }
        if isTerminal {
            // Pads over the end of a longer previous line.
            FileHandle.standardOutput.write(Data(("\r" + text.padding(toLength: max(text.count, 100), withPad: " ", startingAt: 0)).utf8))
            lineOpen = true
        } else {
            line(text)
        }
    }

    /// Prints a full line, ending an open progress line first.
    func line(_ text: String) {
        if lineOpen {
            FileHandle.standardOutput.write(Data("\n".utf8))
            lineOpen = false
        }
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// Returns seconds as "1:02:03" or "2:03".
    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        let (hours, minutes, rest) = (total / 3600, total / 60 % 60, total % 60)
        return hours > 0 ? String(format: "%d:%02d:%02d", hours, minutes, rest) : String(format: "%d:%02d", minutes, rest)
    }

    /// Returns a validation result as "0.25: 1.234  0.5: 1.456 …".
    static func nllText(_ result: ValidationResult) -> String {
        zip(result.dropRates, result.nll).map { rate, nll in
            "\(TrainingLog.formatRate(rate)): " + String(format: "%.4f", nll)
        }.joined(separator: "  ")
    }
}
