import Foundation

/// An editor session: the score, the keep mask, and the editor's own fields.
///
/// On disk it is a versioned JSON object with the required fields `format`
/// (`"sunmask-session"`), `version`, `grid` (four arrays S, A, T, B of MIDI pitches, -1 = rest),
/// `keep` (four arrays of 0/1, 1 = keep), `timeSignature` (`[beats, beatUnit]`),
/// `pickupSteps` and `tempo` (quarter notes per minute). Optional fields: `candidates` (a list
/// of grids in the `grid` form) and `settings` (any JSON object, kept as it is).
public struct Session: Equatable, Sendable {
    public var score: Score
    public var keep: KeepMask
    public var candidates: [SATBGrid]
    /// The editor's settings as a JSON object, stored and returned unchanged.
    public var settingsJSON: Data?

    public init(score: Score, keep: KeepMask, candidates: [SATBGrid] = [], settingsJSON: Data? = nil) {
        precondition(keep.steps == score.grid.steps,
                     "Session keep mask has \(keep.steps) steps, grid has \(score.grid.steps)")
        self.score = score
        self.keep = keep
        self.candidates = candidates
        self.settingsJSON = settingsJSON
    }
}

/// Reads and writes session files.
public enum SessionFile {
    /// The format name in the `format` field.
    public static let formatName = "sunmask-session"
    /// The version this code writes; files with another major version are rejected.
    public static let version = 1
    /// Files larger than this are rejected before parsing.
    public static let maximumBytes = 16 << 20

    /// Reads a session file; throws `SessionFileError` naming the field and value at fault.
    public static func read(from url: URL) throws -> Session {
        let data: Data
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            if let size = attributes[.size] as? Int, size > maximumBytes {
                throw SessionFileError(path: url.path, problem: "file is \(size) bytes, more than the \(maximumBytes)-byte limit for a session")
            }
            data = try Data(contentsOf: url)
        } catch let error as SessionFileError {
            throw error
        } catch {
            throw SessionFileError(path: url.path, problem: "cannot read the file (\(error.localizedDescription))")
        }
        return try decode(data, path: url.path)
    }

    /// Parses session JSON; `path` names the source in errors.
    public static func decode(_ data: Data, path: String) throws -> Session {
        func fail(_ problem: String) -> SessionFileError { SessionFileError(path: path, problem: problem) }

        let object: Any
        do {
            object = try JSONSerialization.jsonObject(with: data)
        } catch {
            throw fail("not valid JSON; the file is damaged or not a session")
        }
        guard let root = object as? [String: Any] else {
            throw fail("the top level is not a JSON object")
        }
        guard let format = root["format"] as? String else {
            throw fail("missing field \"format\"; expected \"\(formatName)\"")
        }
        guard format == formatName else {
            throw fail("field \"format\" is \"\(format)\"; expected \"\(formatName)\"")
        }
        guard let version = integer(root["version"]) else {
            throw fail("missing or non-integer field \"version\"")
        }
        guard version == SessionFile.version else {
            throw fail("version \(version) is not supported (this program reads version \(SessionFile.version)); open it with a matching release of sunmask")
        }

        let grid = try decodeGrid(root["grid"], field: "grid", fail: fail)
        guard let keepRows = integerRows(root["keep"]) else {
            throw fail("field \"keep\" must be four arrays of 0 and 1")
        }
        let keep: KeepMask
        do {
            keep = try KeepMask(rows: keepRows)
        } catch {
            throw fail("field \"keep\": \(error)")
        }
        guard keep.steps == grid.steps else {
            throw fail("field \"keep\" has \(keep.steps) steps but \"grid\" has \(grid.steps)")
        }

        guard let signature = root["timeSignature"] as? [Any], signature.count == 2,
              let beats = integer(signature[0]), let unit = integer(signature[1]),
              (1...32).contains(beats), [1, 2, 4, 8, 16].contains(unit) else {
            throw fail("field \"timeSignature\" must be [beats, beatUnit] with beats 1…32 and beatUnit 1, 2, 4, 8 or 16")
        }
        let timeSignature = TimeSignature(beats: beats, beatUnit: unit)
        guard let pickup = integer(root["pickupSteps"]), pickup >= 0, pickup < max(1, timeSignature.stepsPerBar) else {
            throw fail("field \"pickupSteps\" must be an integer from 0 to \(timeSignature.stepsPerBar - 1)")
        }
        guard let tempo = (root["tempo"] as? NSNumber)?.doubleValue, tempo.isFinite, (10...400).contains(tempo) else {
            throw fail("field \"tempo\" must be a number of quarter notes per minute from 10 to 400")
        }

        var candidates: [SATBGrid] = []
        if let list = root["candidates"] {
            guard let array = list as? [Any] else { throw fail("field \"candidates\" must be a list of grids") }
            for (index, item) in array.enumerated() {
                let candidate = try decodeGrid(item, field: "candidates[\(index)]", fail: fail)
                guard candidate.steps == grid.steps else {
                    throw fail("field \"candidates[\(index)]\" has \(candidate.steps) steps but \"grid\" has \(grid.steps)")
                }
                candidates.append(candidate)
            }
        }
        var settings: Data?
        if let value = root["settings"] {
            guard value is [String: Any] else { throw fail("field \"settings\" must be a JSON object") }
            settings = try JSONSerialization.data(withJSONObject: value, options: [.sortedKeys])
        }
        let score = Score(grid: grid, timeSignature: timeSignature, pickupSteps: pickup, tempo: tempo)
        return Session(score: score, keep: keep, candidates: candidates, settingsJSON: settings)
    }

    /// Returns the session as JSON bytes, keys sorted so saves of the same session are equal.
    public static func encode(_ session: Session) throws -> Data {
        var root: [String: Any] = [
            "format": formatName,
            "version": version,
            "grid": session.score.grid.pitches,
            "keep": session.keep.rows,
            "timeSignature": [session.score.timeSignature.beats, session.score.timeSignature.beatUnit],
            "pickupSteps": session.score.pickupSteps,
            "tempo": session.score.tempo,
        ]
        if !session.candidates.isEmpty {
            root["candidates"] = session.candidates.map(\.pitches)
        }
        if let settings = session.settingsJSON {
            root["settings"] = try JSONSerialization.jsonObject(with: settings)
        }
        return try JSONSerialization.data(withJSONObject: root, options: [.sortedKeys])
    }

    /// Writes the session atomically: to a temporary file in the same folder, then renamed
    /// over `url`, so an interrupted save never leaves a partial file.
    public static func write(_ session: Session, to url: URL) throws {
        let data = try encode(session)
        do {
            try data.write(to: url, options: [.atomic])
        } catch {
            throw SessionFileError(path: url.path, problem: "cannot write the file (\(error.localizedDescription)); check the folder exists and is writable")
        }
    }

    private static func decodeGrid(_ value: Any?, field: String,
                                   fail: (String) -> SessionFileError) throws -> SATBGrid {
        guard let rows = integerRows(value) else {
            throw fail("field \"\(field)\" must be four arrays of MIDI pitches (-1 = rest)")
        }
        do {
            return try SATBGrid(pitches: rows)
        } catch {
            throw fail("field \"\(field)\": \(error)")
        }
    }

    private static func integerRows(_ value: Any?) -> [[Int]]? {
        guard let rows = value as? [Any] else { return nil }
        var result: [[Int]] = []
        for row in rows {
            guard let items = row as? [Any] else { return nil }
            var converted: [Int] = []
            converted.reserveCapacity(items.count)
            for item in items {
                guard let number = integer(item) else { return nil }
                converted.append(number)
            }
            result.append(converted)
        }
        return result
    }

    /// An integer JSON number (not a Boolean, not a fraction), or nil.
    private static func integer(_ value: Any?) -> Int? {
        // JSON true and false arrive as a Boolean NSNumber subclass; `is Bool` cannot tell them
        // apart on Linux, because integer NSNumbers also bridge to Bool.
        guard let number = value as? NSNumber, "\(type(of: number))" != "__NSCFBoolean" else { return nil }
        let double = number.doubleValue
        guard double.isFinite, double == double.rounded(), abs(double) < 1e9 else { return nil }
        return Int(double)
    }
}

/// A session file that cannot be read or written.
public struct SessionFileError: Error, Equatable, CustomStringConvertible {
    public let path: String
    public let problem: String

    public var description: String { "session \(path): \(problem)" }
}
