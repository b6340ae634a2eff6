/// One of the four chorale voices, in score order from the top.
public enum Voice: Int, CaseIterable, Codable, Sendable, CustomStringConvertible {
    case soprano, alto, tenor, bass

    /// The one-letter name composers use: S, A, T or B.
    public var letter: Character { ["S", "A", "T", "B"][rawValue] }

    public var description: String { ["soprano", "alto", "tenor", "bass"][rawValue] }
}
