import Foundation

/// The JSON form of a Bach reference:
///
///     { "format": "sunmask-bach-reference", "formatVersion": 1, "featureVersion": 1,
///       "split": "train", "chorales": 229, "majorChorales": …, "minorChorales": …,
///       "notes": …, "parallelErrors": …,
///       "counts": { "note.major": { "1": 9000, "3b": 12, "rest": 40, … }, "rhythm": { … }, … } }
extension BachReference {
    public static let formatName = "sunmask-bach-reference"
    public static let formatVersion = 1

    private struct File: Codable {
        var format: String
        var formatVersion: Int
        var featureVersion: Int
        var split: String
        var chorales: Int
        var majorChorales: Int
        var minorChorales: Int
        var notes: Int
        var parallelErrors: Int
        var counts: [String: [String: Int]]
    }

    /// The reference as JSON, keys sorted so regenerating an unchanged reference gives the same bytes.
    public func jsonData() throws -> Data {
        let file = File(format: BachReference.formatName, formatVersion: BachReference.formatVersion,
                        featureVersion: BachReference.featureVersion, split: split, chorales: choraleCount,
                        majorChorales: majorChoraleCount, minorChorales: minorChoraleCount,
                        notes: noteCount, parallelErrors: parallelErrorCount, counts: counts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(file)
    }

    /// Decodes and checks a reference; `source` names it in errors (a path or a resource name).
    public static func decode(_ data: Data, source: String) throws -> BachReference {
        // The format fields are checked first, so a file from another version gets a version
        // error rather than a complaint about some field it lacks.
        struct Header: Decodable {
            var format: String?
            var formatVersion: Int?
            var featureVersion: Int?
        }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: data)
        } catch {
            throw BachReferenceError.invalidJSON(source: source, reason: describe(error))
        }
        guard header.format == formatName else {
            throw BachReferenceError.wrongFormat(source: source, found: header.format ?? "(none)")
        }
        guard header.formatVersion == formatVersion else {
            throw BachReferenceError.unsupportedFormatVersion(source: source, found: header.formatVersion ?? -1)
        }
        guard header.featureVersion == featureVersion else {
            throw BachReferenceError.featureVersionMismatch(source: source, found: header.featureVersion ?? -1,
                                                            expected: featureVersion)
        }

        let file: File
        do {
            file = try JSONDecoder().decode(File.self, from: data)
        } catch {
            throw BachReferenceError.invalidJSON(source: source, reason: describe(error))
        }
        for name in requiredDistributionNames {
            guard let distribution = file.counts[name] else {
                throw BachReferenceError.missingDistribution(source: source, name: name)
            }
            if let (category, count) = distribution.first(where: { $0.value < 0 }) {
                throw BachReferenceError.negativeCount(source: source, name: name, category: category, count: count)
            }
            guard distribution.values.reduce(0, +) > 0 else {
                throw BachReferenceError.emptyDistribution(source: source, name: name)
            }
        }
        guard file.notes > 0, file.parallelErrors > 0 else {
            throw BachReferenceError.invalidTotals(source: source, notes: file.notes, parallelErrors: file.parallelErrors)
        }
        return BachReference(split: file.split, choraleCount: file.chorales, majorChoraleCount: file.majorChorales,
                             minorChoraleCount: file.minorChorales, noteCount: file.notes,
                             parallelErrorCount: file.parallelErrors, counts: file.counts)
    }

    /// Reads and checks a reference file.
    public static func load(from url: URL) throws -> BachReference {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw BachReferenceError.unreadable(path: url.path, reason: error.localizedDescription)
        }
        return try decode(data, source: url.path)
    }

    /// The reference that ships with the package, fitted on the JSB training split.
    public static func shipped() throws -> BachReference {
        let name = "bach-reference.json"
        guard let url = ResourceBundle.url(target: "Chorale", name: "bach-reference", ext: "json") else {
            throw BachReferenceError.missingResource(
                name: name, folder: ResourceBundle.executableFolder.appendingPathComponent(
                    ResourceBundle.folderName(target: "Chorale")).path)
        }
        return try load(from: url)
    }

    private static func describe(_ error: Error) -> String {
        guard let decodingError = error as? DecodingError else { return "\(error)" }
        func path(_ context: DecodingError.Context) -> String {
            let joined = context.codingPath.map(\.stringValue).joined(separator: ".")
            return joined.isEmpty ? "top level" : joined
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            return "missing field \(key.stringValue) at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "wrong type at \(path(context))"
        case .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return "\(error)"
        }
    }
}
