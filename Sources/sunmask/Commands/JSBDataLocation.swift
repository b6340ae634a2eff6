import Chorale
import Foundation

/// Finds and loads the JSB chorale data set (`Jsb16thSeparated.json`) for `jsb:SPLIT:INDEX`
/// inputs and for commands that read a split.
///
/// Search order: the `--jsb-data PATH` option, the environment variable `SUNMASK_JSB_PATH`,
/// then `../shared/data/Jsb16thSeparated.json` beside the source checkout that contains the
/// running binary (found by walking up from the executable to a folder with `Package.swift`).
/// A path the user named is the only candidate, so a wrong path fails instead of being replaced.
struct JSBDataLocation {
    static let environmentVariable = "SUNMASK_JSB_PATH"

    /// The option that names the data file, shared by every command that reads JSB chorales.
    static let option = OptionSpec.option(
        "--jsb-data", value: "PATH",
        help: "The JSB data set file (Jsb16thSeparated.json), read for jsb:SPLIT:INDEX inputs and the Bach row; default $SUNMASK_JSB_PATH, then ../shared/data/ beside the source checkout.")

    var explicitPath: String?
    var environment: [String: String] = ProcessInfo.processInfo.environment

    init(arguments: ParsedArguments) {
        explicitPath = arguments.string("--jsb-data")
    }

    /// A search without a `--jsb-data` path: the environment variable, then the checkout.
    init() {
        explicitPath = nil
    }

    /// The paths to try, in order.
    func candidates() -> [String] {
        if let explicitPath { return [explicitPath] }
        if let path = environment[JSBDataLocation.environmentVariable], !path.isEmpty { return [path] }
        guard let checkout = JSBDataLocation.sourceCheckout() else { return [] }
        return [checkout.deletingLastPathComponent().appendingPathComponent("shared/data/Jsb16thSeparated.json")
            .standardizedFileURL.path]
    }

    /// Loads the first candidate that exists. Throws a `RuntimeFailure` listing every path tried
    /// when none exists, and the data set's own error when the file is invalid.
    func load() throws -> (dataset: JSBDataset, path: String) {
        let paths = candidates()
        guard let path = paths.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            let tried = paths.isEmpty ? "no path" : paths.joined(separator: ", ")
            throw RuntimeFailure("JSB data set not found (tried \(tried)); pass --jsb-data PATH or set \(JSBDataLocation.environmentVariable) to Jsb16thSeparated.json")
        }
        return (try JSBDataset(contentsOf: URL(fileURLWithPath: path)), path)
    }

    /// The source checkout holding the running executable (a folder with `Package.swift` above
    /// `.build/`), or nil for an installed binary.
    private static func sourceCheckout() -> URL? {
        let executable: String
        do {
            executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            // Without /proc there is no reliable executable path, and the checkout is only a
            // developer convenience, so the search just has fewer candidates.
            return nil
        }
        var folder = URL(fileURLWithPath: executable).deletingLastPathComponent()
        while folder.path != "/" && !folder.path.isEmpty {
            if FileManager.default.fileExists(atPath: folder.appendingPathComponent("Package.swift").path) {
                return folder
            }
            folder = folder.deletingLastPathComponent()
        }
        return nil
    }
}
