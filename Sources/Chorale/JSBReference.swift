/// A chorale of the JSB dataset named as `jsb:SPLIT:INDEX`, for example `jsb:test:3`
/// (the index counts from 0 within the split).
public struct JSBReference: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var split: JSBSplit
    public var index: Int

    public init(split: JSBSplit, index: Int) {
        self.split = split
        self.index = index
    }

    /// Returns whether `text` uses the `jsb:` scheme, so a caller can tell it from a file path.
    public static func isReference(_ text: String) -> Bool {
        text.hasPrefix("jsb:")
    }

    /// Parses `jsb:SPLIT:INDEX`; throws `JSBReferenceError` for another form, an unknown split
    /// or an index that is not a non-negative integer.
    public init(parsing text: String) throws {
        let fields = text.split(separator: ":", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[0] == "jsb" else {
            throw JSBReferenceError.malformed(text)
        }
        guard let split = JSBSplit(rawValue: String(fields[1])) else {
            throw JSBReferenceError.unknownSplit(String(fields[1]), reference: text)
        }
        guard let index = Int(fields[2]), index >= 0 else {
            throw JSBReferenceError.invalidIndex(String(fields[2]), reference: text)
        }
        self.init(split: split, index: index)
    }

    /// "jsb:SPLIT:INDEX".
    public var description: String { "jsb:\(split.rawValue):\(index)" }

    /// Returns the chorale this reference names; throws `JSBReferenceError.indexOutOfRange`
    /// when the split has no chorale at `index`.
    public func chorale(in dataset: JSBDataset) throws -> SATBGrid {
        let chorales = dataset[split]
        guard index < chorales.count else {
            throw JSBReferenceError.indexOutOfRange(self, count: chorales.count)
        }
        return chorales[index]
    }
}

/// A `jsb:SPLIT:INDEX` reference that names no chorale.
public enum JSBReferenceError: Error, Equatable, CustomStringConvertible {
    case malformed(String)
    case unknownSplit(String, reference: String)
    case invalidIndex(String, reference: String)
    case indexOutOfRange(JSBReference, count: Int)

    public var description: String {
        let splits = JSBSplit.allCases.map(\.rawValue).joined(separator: ", ")
        switch self {
        case .malformed(let text):
            return "invalid JSB reference \"\(text)\"; expected jsb:SPLIT:INDEX such as jsb:test:0"
        case .unknownSplit(let split, let reference):
            return "JSB reference \"\(reference)\" names unknown split \"\(split)\"; use one of \(splits)"
        case .invalidIndex(let index, let reference):
            return "JSB reference \"\(reference)\" has index \"\(index)\"; expected an integer ≥ 0"
        case .indexOutOfRange(let reference, let count):
            return "JSB reference \(reference) is out of range: the \(reference.split.rawValue) split has \(count) chorales, indices 0…\(count - 1)"
        }
    }
}
