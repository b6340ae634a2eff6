/// One of the four chorale voices, in score order from the top.
public enum Voice: Int, CaseIterable, Codable, Sendable {
    case soprano, alto, tenor, bass
}
