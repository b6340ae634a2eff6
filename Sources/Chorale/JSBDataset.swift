import Foundation

/// One of the three splits of the JSB chorale data set.
public enum JSBSplit: String, CaseIterable, Codable, Sendable {
    case train, valid, test
}

/// The JSB chorales on a 16th-note grid, as stored in `Jsb16thSeparated.json`.
///
/// The file is a JSON object with keys "train", "valid" and "test", each a list of chorales.
/// A chorale is a list of steps, and a step is `[S, A, T, B]`, each a MIDI pitch or -1 for silence.
public struct JSBDataset: Sendable {
    public let train: [SATBGrid]
    public let valid: [SATBGrid]
    public let test: [SATBGrid]

    /// Returns the chorales of one split.
    public subscript(split: JSBSplit) -> [SATBGrid] {
        switch split {
        case .train: return train
        case .valid: return valid
        case .test: return test
        }
    }

    public init(train: [SATBGrid], valid: [SATBGrid], test: [SATBGrid]) {
        self.train = train
        self.valid = valid
        self.test = test
    }

    /// Reads and validates a dataset file; throws `JSBDatasetError` naming the file, split,
    /// chorale index and step of the first problem.
    public init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw JSBDatasetError.unreadable(file: url.path, reason: error.localizedDescription)
        }
        try self.init(jsonData: data, file: url.path)
    }

    /// Parses and validates dataset JSON; `file` names the source in error messages.
    public init(jsonData: Data, file: String = "<data>") throws {
        let root: Any
        do {
            root = try JSONSerialization.jsonObject(with: jsonData)
        } catch {
            throw JSBDatasetError.notJSON(file: file, reason: error.localizedDescription)
        }
        guard let object = root as? [String: Any] else {
            throw JSBDatasetError.notAnObject(file: file)
        }
        var splits: [JSBSplit: [SATBGrid]] = [:]
        for split in JSBSplit.allCases {
            guard let value = object[split.rawValue] else {
                throw JSBDatasetError.missingSplit(file: file, split: split)
            }
            guard let chorales = value as? [Any] else {
                throw JSBDatasetError.splitNotAList(file: file, split: split)
            }
            splits[split] = try chorales.enumerated().map { index, chorale in
                try JSBDataset.parseChorale(chorale, file: file, split: split, index: index)
            }
        }
        self.init(train: splits[.train]!, valid: splits[.valid]!, test: splits[.test]!)
    }

    private static func parseChorale(_ value: Any, file: String, split: JSBSplit, index: Int) throws -> SATBGrid {
        guard let steps = value as? [Any] else {
            throw JSBDatasetError.choraleNotAList(file: file, split: split, chorale: index)
        }
        guard !steps.isEmpty else {
            throw JSBDatasetError.emptyChorale(file: file, split: split, chorale: index)
        }
        var rows = Array(repeating: [Int](), count: 4)
        for voice in 0..<4 { rows[voice].reserveCapacity(steps.count) }
        for (step, stepValue) in steps.enumerated() {
            guard let cells = stepValue as? [Any] else {
                throw JSBDatasetError.stepNotAList(file: file, split: split, chorale: index, step: step)
            }
            guard cells.count == 4 else {
                throw JSBDatasetError.wrongStepArity(file: file, split: split, chorale: index, step: step, count: cells.count)
            }
            for (voice, cell) in cells.enumerated() {
                let location = JSBDatasetError.Location(file: file, split: split, chorale: index, step: step,
                                                      voice: Voice(rawValue: voice)!)
                guard let pitch = integerValue(cell) else {
                    throw JSBDatasetError.nonIntegerPitch(location, value: String(describing: cell))
                }
                guard pitch == SATBGrid.rest || (0...127).contains(pitch) else {
                    throw JSBDatasetError.pitchOutOfRange(location, pitch: pitch)
                }
                rows[voice].append(pitch)
            }
        }
        return try SATBGrid(pitches: rows)
    }

    /// Returns the integer a JSON number stands for, or nil for booleans, strings, null and
    /// numbers with a fractional part.
    private static func integerValue(_ value: Any) -> Int? {
        guard let number = value as? NSNumber else { return nil }
        // JSONSerialization returns true/false as NSNumber too; their Objective-C type is "c".
        if String(cString: number.objCType) == "c" { return nil }
        return value as? Int
    }
}
