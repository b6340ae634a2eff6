/// A JSB dataset file that cannot be read or does not have the expected shape.
public enum JSBDatasetError: Error, Equatable, CustomStringConvertible {
    /// A cell of a chorale: file, split, chorale index, step and voice.
    public struct Location: Equatable, Sendable, CustomStringConvertible {
        public var file: String
        public var split: JSBSplit
        public var chorale: Int
        public var step: Int
        public var voice: Voice

        public init(file: String, split: JSBSplit, chorale: Int, step: Int, voice: Voice) {
            self.file = file
            self.split = split
            self.chorale = chorale
            self.step = step
            self.voice = voice
        }

        public var description: String {
            "\(file): \(split.rawValue) chorale \(chorale) step \(step) \(voice)"
        }
    }

    case unreadable(file: String, reason: String)
    case notJSON(file: String, reason: String)
    case notAnObject(file: String)
    case missingSplit(file: String, split: JSBSplit)
    case splitNotAList(file: String, split: JSBSplit)
    case choraleNotAList(file: String, split: JSBSplit, chorale: Int)
    case emptyChorale(file: String, split: JSBSplit, chorale: Int)
    case stepNotAList(file: String, split: JSBSplit, chorale: Int, step: Int)
    case wrongStepArity(file: String, split: JSBSplit, chorale: Int, step: Int, count: Int)
    case nonIntegerPitch(Location, value: String)
    case pitchOutOfRange(Location, pitch: Int)

    public var description: String {
        let format = "expected an object with lists \"train\", \"valid\" and \"test\" of chorales, each a list of [S, A, T, B] MIDI pitches with -1 for silence"
        switch self {
        case .unreadable(let file, let reason):
            return "cannot read JSB dataset \(file): \(reason); check the path or set SUNMASK_JSB_PATH"
        case .notJSON(let file, let reason):
            return "JSB dataset \(file) is not valid JSON (\(reason)); \(format)"
        case .notAnObject(let file):
            return "JSB dataset \(file) is not a JSON object; \(format)"
        case .missingSplit(let file, let split):
            return "JSB dataset \(file) has no \"\(split.rawValue)\" split; \(format)"
        case .splitNotAList(let file, let split):
            return "JSB dataset \(file): \"\(split.rawValue)\" is not a list of chorales; \(format)"
        case .choraleNotAList(let file, let split, let chorale):
            return "JSB dataset \(file): \(split.rawValue) chorale \(chorale) is not a list of steps; \(format)"
        case .emptyChorale(let file, let split, let chorale):
            return "JSB dataset \(file): \(split.rawValue) chorale \(chorale) has no steps; every chorale needs at least one step"
        case .stepNotAList(let file, let split, let chorale, let step):
            return "JSB dataset \(file): \(split.rawValue) chorale \(chorale) step \(step) is not a list; expected [S, A, T, B]"
        case .wrongStepArity(let file, let split, let chorale, let step, let count):
            return "JSB dataset \(file): \(split.rawValue) chorale \(chorale) step \(step) has \(count) values; expected 4 ([S, A, T, B])"
        case .nonIntegerPitch(let location, let value):
            return "JSB dataset \(location) is \(value), not an integer; expected a MIDI pitch 0…127 or -1 for silence"
        case .pitchOutOfRange(let location, let pitch):
            return "JSB dataset \(location) has pitch \(pitch); expected a MIDI pitch 0…127 or -1 for silence"
        }
    }
}
