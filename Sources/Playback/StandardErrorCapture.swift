import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Redirects the process's standard error into a temporary file while `body` runs.
///
/// Some audio back ends print to standard error directly instead of through FluidSynth's log:
/// ALSA's library prints several "ALSA lib …" lines when no sound card exists. The library must
/// not print, so the audio-driver start runs inside this capture and the text joins the error.
///
/// NOTE: the redirection is process-wide. Text that another thread writes to standard error
/// during `body` (a few milliseconds while an audio driver opens) is captured too and dropped
/// when `body` succeeds. When the redirection cannot be set up, `body` runs uncaptured.
enum StandardErrorCapture {
    private static let lock = NSLock()

    static func run<T>(_ body: () throws -> T) rethrows -> (result: T, output: String) {
        lock.lock()
        defer { lock.unlock() }

        guard let file = tmpfile() else {
            return (try body(), "")
        }
        defer { fclose(file) }
        fflush(stderr)
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, dup2(fileno(file), STDERR_FILENO) >= 0 else {
            if saved >= 0 { close(saved) }
            return (try body(), "")
        }
        defer {
            fflush(stderr)
            dup2(saved, STDERR_FILENO)
            close(saved)
        }
        let result = try body()
        fflush(stderr)
        return (result, readAll(file))
    }

    private static func readAll(_ file: UnsafeMutablePointer<FILE>) -> String {
        rewind(file)
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count <= 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
