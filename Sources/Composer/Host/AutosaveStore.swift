import Chorale
import Foundation

/// The store of autosaved sessions: one session file per document, named after the document's
/// path so two open documents never share one.
///
/// The folder is `$SUNMASK_AUTOSAVE_DIR`, else `$XDG_STATE_HOME/sunmask/autosave`, else
/// `~/.local/state/sunmask/autosave`. It is created on the first write.
public struct AutosaveStore: Sendable {
    public static let directoryVariable = "SUNMASK_AUTOSAVE_DIR"

    public let directory: URL

    public init(directory: URL) {
        self.directory = directory
    }

    /// The folder chosen by the environment, as described on the type.
    public static func defaultDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> URL {
        if let path = environment[directoryVariable], !path.isEmpty {
            return URL(fileURLWithPath: path, isDirectory: true)
        }
        if let state = environment["XDG_STATE_HOME"], !state.isEmpty {
            return URL(fileURLWithPath: state, isDirectory: true).appendingPathComponent("sunmask/autosave", isDirectory: true)
        }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return URL(fileURLWithPath: home, isDirectory: true).appendingPathComponent(".local/state/sunmask/autosave", isDirectory: true)
    }

    /// The autosave file of the document known as `key` (an absolute path or a `jsb:` reference):
    /// its last path component, made safe for a file name, plus a 64-bit FNV-1a hash of the key.
    public func url(forDocument key: String) -> URL {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in key.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        let base = (key as NSString).lastPathComponent
        let safe = String(base.map { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." ? $0 : "_" }.prefix(48))
        let hex = String(hash, radix: 16)
        return directory.appendingPathComponent("\(safe)-\(String(repeating: "0", count: 16 - hex.count))\(hex).session.json")
    }

    /// Writes `session` atomically as the autosave of `key`, creating the folder when needed.
    public func write(_ session: Session, forDocument key: String) throws {
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw HostFileError(path: directory.path, problem: "cannot create the autosave folder (\(error.localizedDescription)); set \(AutosaveStore.directoryVariable) to a writable folder")
        }
        try SessionFile.write(session, to: url(forDocument: key))
    }

    /// The autosave of `key` and when it was written, or nil when there is none.
    public func existing(forDocument key: String) throws -> (url: URL, modified: Date)? {
        let file = url(forDocument: key)
        guard FileManager.default.fileExists(atPath: file.path) else { return nil }
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: file.path)
            return (file, attributes[.modificationDate] as? Date ?? Date.distantPast)
        } catch {
            throw HostFileError(path: file.path, problem: "cannot read the autosave's date (\(error.localizedDescription))")
        }
    }

    /// Deletes the autosave of `key`; a missing file is not an error.
    public func remove(forDocument key: String) throws {
        let file = url(forDocument: key)
        guard FileManager.default.fileExists(atPath: file.path) else { return }
        do {
            try FileManager.default.removeItem(at: file)
        } catch {
            throw HostFileError(path: file.path, problem: "cannot remove the autosave (\(error.localizedDescription))")
        }
    }
}
