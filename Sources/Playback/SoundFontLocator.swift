import Foundation

/// Where a SoundFont path came from, in the order the search tries them.
public enum SoundFontOrigin: String, Sendable, Equatable {
    /// A path the caller passed, such as `--soundfont PATH`.
    case explicitPath = "explicit path"
    /// The environment variable `SUNMASK_SOUNDFONT`.
    case environment = "SUNMASK_SOUNDFONT"
    /// A system location such as `/usr/share/sounds/sf2`.
    case system = "system SoundFont folder"
    /// The `SoundFonts/` folder that ships with the product.
    case bundled = "bundled SoundFonts folder"
}

/// One path to try, with its origin.
public struct SoundFontCandidate: Equatable, Sendable {
    public var path: String
    public var origin: SoundFontOrigin
}

/// Lists the SoundFont files to try, in order.
///
/// Order: `explicitPath`, then `SUNMASK_SOUNDFONT` from `environment`, then `systemDefaults`
/// (Debian's `default-GM.sf3`, then `default-GM.sf2`), then every other `.sf2`/`.sf3` in
/// `systemFolders` (sorted by name), then the `.sf2`/`.sf3` files of `bundledFolders`.
/// An explicit path or the environment variable, when set, is the only candidate, because a
/// font the user named must fail loudly rather than be replaced by another one.
public struct SoundFontLocator: Sendable {
    /// The name of the environment variable that names a SoundFont file.
    public static let environmentVariable = "SUNMASK_SOUNDFONT"

    /// A SoundFont file to use and nothing else, or `nil` to search.
    public var explicitPath: String?
    /// The environment read for `SUNMASK_SOUNDFONT`; the process environment by default.
    public var environment: [String: String]
    /// The system default files, tried first when they exist.
    public var systemDefaults: [String]
    /// System folders whose other `.sf2`/`.sf3` files are tried next, in order.
    public var systemFolders: [String]
    /// Folders that may hold the shipped SoundFont, in order; see `defaultBundledFolders()`.
    public var bundledFolders: [String]

    /// The file name of the SoundFont in the product's `SoundFonts/` folder.
    public static let bundledFileName = "sunmask-gm.sf2"

    public init(explicitPath: String? = nil,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                systemDefaults: [String] = ["/usr/share/sounds/sf3/default-GM.sf3",
                                            "/usr/share/sounds/sf2/default-GM.sf2"],
                systemFolders: [String] = ["/usr/share/sounds/sf3", "/usr/share/sounds/sf2"],
                bundledFolders: [String] = SoundFontLocator.defaultBundledFolders()) {
        self.explicitPath = explicitPath
        self.environment = environment
        self.systemDefaults = systemDefaults
        self.systemFolders = systemFolders
        self.bundledFolders = bundledFolders
    }

    /// A locator that uses only the file at `path`.
    public static func file(_ path: String) -> SoundFontLocator {
        SoundFontLocator(explicitPath: path)
    }

    /// The paths to try, in order. A path that does not exist is still listed, so that a failed
    /// search can report it; a file reached twice (through a symbolic link) is listed once.
    public func candidates() -> [SoundFontCandidate] {
        if let path = explicitPath {
            return [SoundFontCandidate(path: path, origin: .explicitPath)]
        }
        if let path = environment[SoundFontLocator.environmentVariable], !path.isEmpty {
            return [SoundFontCandidate(path: path, origin: .environment)]
        }

        var result: [SoundFontCandidate] = []
        var seen = Set<String>()
        func add(_ path: String, _ origin: SoundFontOrigin) {
            let key = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
            if seen.insert(key).inserted {
                result.append(SoundFontCandidate(path: path, origin: origin))
            }
        }

        for path in systemDefaults {
            add(path, .system)
        }
        for folder in systemFolders {
            for path in soundFontFiles(in: folder) {
                add(path, .system)
            }
        }
        for folder in bundledFolders {
            let files = soundFontFiles(in: folder)
            if files.isEmpty {
                // Listed so that a failed search names the file it expected here.
                add((folder as NSString).appendingPathComponent(SoundFontLocator.bundledFileName), .bundled)
            }
            for path in files {
                add(path, .bundled)
            }
        }
        return result
    }

    /// The folders that may hold the shipped `SoundFonts/`, derived from the running executable.
    ///
    /// An installed binary at `PREFIX/bin/sunmask` finds `PREFIX/bin/SoundFonts` or
    /// `PREFIX/share/sunmask/SoundFonts`; both are always listed. A binary or test bundle built
    /// inside the repository (under `.build/`) finds the repository's `SoundFonts/` by walking up
    /// the parent folders; of those, only folders that exist are listed.
    public static func defaultBundledFolders() -> [String] {
        guard let executable = executablePath() else { return [] }
        let directory = URL(fileURLWithPath: executable).deletingLastPathComponent()
        var folders = [
            directory.appendingPathComponent("SoundFonts").path,
            directory.deletingLastPathComponent().appendingPathComponent("share/sunmask/SoundFonts").path,
        ]
        var ancestor = directory.deletingLastPathComponent()
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            let folder = ancestor.appendingPathComponent("SoundFonts").path
            if FileManager.default.fileExists(atPath: folder) {
                folders.append(folder)
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        return folders
    }

    /// The path of the running executable with symbolic links resolved, or `nil` when unknown.
    private static func executablePath() -> String? {
        // /proc/self/exe is the kernel's record on Linux; argv[0] may be relative or a bare name.
        do {
            return try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        } catch {
            // No /proc (another OS or a restricted sandbox): fall back to the path Foundation reports.
            return Bundle.main.executableURL?.resolvingSymlinksInPath().path
        }
    }

    /// The `.sf2` and `.sf3` files directly inside `folder`, sorted by name.
    ///
    /// A missing or unreadable folder has none: the search goes on and a failed search lists
    /// the paths it tried.
    private func soundFontFiles(in folder: String) -> [String] {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            return []
        }
        return names
            .filter { $0.lowercased().hasSuffix(".sf2") || $0.lowercased().hasSuffix(".sf3") }
            .sorted()
            .map { (folder as NSString).appendingPathComponent($0) }
    }
}
