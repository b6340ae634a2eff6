// Crash-safe file replacement: write a temporary file next to the destination, flush it to disk,
// then rename it over the destination. POSIX `rename` within one file system is atomic, so a
// reader (or a process started after a crash) finds either the complete old file or the
// complete new one, never a prefix.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Calls POSIX `write`, whose name `AtomicFile.Output.write` hides inside the type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}

/// A failed system call while writing a file atomically.
public struct AtomicFileError: Error, CustomStringConvertible, Equatable {
    /// The destination path of the write.
    public let path: String
    /// The step that failed, such as "create temporary file `/d/.m.tmp-1-2`".
    public let operation: String
    /// The `errno` value the system call set.
    public let code: Int32

    public var description: String {
        let reason = String(cString: strerror(code))
        return "atomic write of \(path) failed: could not \(operation) (\(reason), errno \(code)); "
            + "check that the directory exists, is writable and has free space"
    }
}

/// Writes files so that a crash or kill at any moment leaves either the old file or the new one.
///
/// The data goes to a temporary file `.NAME.tmp-PID-RANDOM` in the destination's directory,
/// which is flushed with `fsync` and renamed over the destination. Then the directory is
/// flushed too, so the rename itself survives a power loss. When the write fails or the body throws, the
/// temporary file is removed and the destination is untouched.
///
/// NOTE: a process killed between creating and renaming the temporary file leaves that
/// temporary file behind. The destination is still intact, and the next write uses a new name.
public enum AtomicFile {
    /// A sink for the bytes of the file being written.
    public struct Output {
        fileprivate let descriptor: Int32
        fileprivate let destination: String
        fileprivate let temporaryPath: String

        /// The number of bytes written so far.
        public private(set) var byteCount = 0

        /// Appends `bytes` to the file, retrying partial writes and interrupted calls.
        public mutating func write(_ bytes: UnsafeRawBufferPointer) throws {
            var offset = 0
            while offset < bytes.count {
                let written = systemWrite(descriptor, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    throw AtomicFileError(path: destination,
                                          operation: "write to temporary file `\(temporaryPath)`",
                                          code: errno)
                }
                offset += written
            }
            byteCount += bytes.count
        }

        /// Appends `bytes` to the file.
        public mutating func write(_ bytes: [UInt8]) throws {
            try bytes.withUnsafeBytes { try write($0) }
        }
    }

    /// Replaces the file at `path` with the bytes that `body` writes.
    ///
    /// - Parameters:
    ///   - path: the destination; its directory must exist. An existing file is replaced.
    ///   - body: writes the whole content through the `Output`. An error it throws aborts the
    ///     write, removes the temporary file, and is rethrown unchanged.
    /// - Throws: `AtomicFileError` naming the failed step, or whatever `body` throws.
    public static func write(to path: String, _ body: (inout Output) throws -> Void) throws {
        let (descriptor, temporaryPath) = try createTemporaryFile(for: path)
        var output = Output(descriptor: descriptor, destination: path, temporaryPath: temporaryPath)
        do {
            try body(&output)
            try check(fsync(descriptor), path, "flush temporary file `\(temporaryPath)` (fsync)")
        } catch {
            close(descriptor)
            unlink(temporaryPath)
            throw error
        }
        guard close(descriptor) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw AtomicFileError(path: path, operation: "close temporary file `\(temporaryPath)`",
                                  code: code)
        }
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw AtomicFileError(path: path, operation: "rename `\(temporaryPath)` to the destination",
                                  code: code)
        }
        try flushDirectory(containing: path)
    }

    /// Replaces the file at `path` with `bytes`.
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { output in try output.write(bytes) }
    }

    /// Creates a new, empty temporary file in the directory of `path`, with a name no other
    /// writer uses (`O_EXCL`).
    private static func createTemporaryFile(for path: String) throws -> (Int32, String) {
        let (directory, name) = split(path)
        let prefix = directory.isEmpty ? "" : (directory == "/" ? "/" : directory + "/")
        var attempt = 0
        while true {
            let suffix = String(UInt32.random(in: 0 ... .max), radix: 36)
            let temporaryPath = "\(prefix).\(name).tmp-\(getpid())-\(suffix)"
            let descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (descriptor, temporaryPath) }
            let code = errno
            attempt += 1
            // A name collision is retried with a new random suffix; every other error is final.
            if code == EEXIST && attempt < 16 { continue }
            if code == EINTR { continue }
            throw AtomicFileError(path: path, operation: "create temporary file `\(temporaryPath)`",
                                  code: code)
        }
    }

    /// Flushes the directory entry of `path`, so the rename is on disk.
    private static func flushDirectory(containing path: String) throws {
        let directory = split(path).directory
        let directoryPath = directory.isEmpty ? "." : directory
        let descriptor = open(directoryPath, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        try check(descriptor, path, "open directory `\(directoryPath)` to flush it")
        defer { close(descriptor) }
        // Some file systems cannot flush a directory and report EINVAL. The rename has already
        // happened then, so that case is not an error.
        if fsync(descriptor) < 0 && errno != EINVAL {
            throw AtomicFileError(path: path, operation: "flush directory `\(directoryPath)` (fsync)",
                                  code: errno)
        }
    }

    /// Splits a path at its last "/" into the directory ("" for a bare name, "/" for the root)
    /// and the file name.
    private static func split(_ path: String) -> (directory: String, name: String) {
        guard let slash = path.lastIndex(of: "/") else { return ("", path) }
        let directory = String(path[..<slash])
        return (directory.isEmpty ? "/" : directory, String(path[path.index(after: slash)...]))
    }

    private static func check(_ result: Int32, _ path: String, _ operation: String) throws {
        if result < 0 { throw AtomicFileError(path: path, operation: operation, code: errno) }
    }
}
