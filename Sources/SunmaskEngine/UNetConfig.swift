// The shape of the 1-D attentional U-Net, saved with a checkpoint and read back on load.
//
// Shape legend: V voices, K vocabulary (tokens per cell), W base width, L levels.
// Input channels are V·(K + 1): per voice the K-way one-hot and a mask bit. Output channels are
// V·K logits. Level l runs at T / 2^l steps with W·multipliers[l] channels.

/// The configuration of a `UNet`: widths, depth, kernel size, attention levels and vocabulary.
public struct UNetConfig: Codable, Equatable, Sendable {
    /// V, the number of voices (grid rows).
    public var voices: Int
    /// K, the number of tokens a cell can take.
    public var vocabularySize: Int
    /// W, the width of the first level and of the input convolution.
    public var baseWidth: Int
    /// The width of level l is `baseWidth · multipliers[l]`; the count is the number of levels.
    public var multipliers: [Int]
    /// Residual blocks per encoder level; each decoder level has one more.
    public var residualBlocksPerLevel: Int
    /// The kernel size of every time convolution (odd sizes centre the window).
    public var kernelSize: Int
    /// The levels whose residual blocks are each followed by self-attention, 0 = full time.
    public var attentionLevels: [Int]
    /// The number of GroupNorm groups; every width must be a multiple of it.
    public var groups: Int

    public init(voices: Int, vocabularySize: Int, baseWidth: Int, multipliers: [Int],
                residualBlocksPerLevel: Int, kernelSize: Int, attentionLevels: [Int], groups: Int) {
        self.voices = voices
        self.vocabularySize = vocabularySize
        self.baseWidth = baseWidth
        self.multipliers = multipliers
        self.residualBlocksPerLevel = residualBlocksPerLevel
        self.kernelSize = kernelSize
        self.attentionLevels = attentionLevels
        self.groups = groups
    }

    /// The benchmark network: width 256, multipliers (1, 2, 2), 2 residual blocks per level,
    /// attention at T/4, 32 groups, kernel 3, 4 voices and K tokens (57 pitches in the
    /// reference setup, 58 with the rest token).
    public static func reference(vocabularySize: Int = 58) -> UNetConfig {
        UNetConfig(voices: 4, vocabularySize: vocabularySize, baseWidth: 256, multipliers: [1, 2, 2],
                   residualBlocksPerLevel: 2, kernelSize: 3, attentionLevels: [2], groups: 32)
    }

    /// The default network of `sunmask train`: the reference layout at width 64 with 16
    /// groups, about a sixteenth of the reference's cost per example.
    public static func standard(vocabularySize: Int = 58) -> UNetConfig {
        UNetConfig(voices: 4, vocabularySize: vocabularySize, baseWidth: 64, multipliers: [1, 2, 2],
                   residualBlocksPerLevel: 2, kernelSize: 3, attentionLevels: [2], groups: 16)
    }

    /// V·(K + 1) input channels.
    public var inputChannels: Int { voices * (vocabularySize + 1) }
    /// V·K output channels.
    public var outputChannels: Int { voices * vocabularySize }
    /// The input length must be a multiple of this: 2^(levels − 1).
    public var timeMultiple: Int { 1 << max(multipliers.count - 1, 0) }

    /// Throws `UNetConfigError` naming the first field out of range.
    public func validate() throws {
        func check(_ condition: Bool, _ field: String, _ value: String, _ expected: String) throws {
            if !condition { throw UNetConfigError(field: field, value: value, expected: expected) }
        }
        try check(voices > 0, "voices", "\(voices)", "a positive count")
        try check(vocabularySize > 1, "vocabularySize", "\(vocabularySize)", "at least 2 tokens")
        try check(groups > 0, "groups", "\(groups)", "a positive count")
        try check(baseWidth > 0 && baseWidth % groups == 0, "baseWidth", "\(baseWidth)",
                  "a positive multiple of groups (\(groups))")
        try check(!multipliers.isEmpty && multipliers.count <= 8, "multipliers", "\(multipliers)",
                  "1 to 8 levels")
        try check(multipliers.allSatisfy { $0 > 0 }, "multipliers", "\(multipliers)",
                  "positive multipliers")
        try check(residualBlocksPerLevel > 0, "residualBlocksPerLevel", "\(residualBlocksPerLevel)",
                  "a positive count")
        try check(kernelSize >= 1, "kernelSize", "\(kernelSize)", "a size of at least 1")
        try check(attentionLevels.allSatisfy { (0..<multipliers.count).contains($0) },
                  "attentionLevels", "\(attentionLevels)", "levels in 0..<\(multipliers.count)")
    }
}

/// A `UNetConfig` field out of range, for example in a checkpoint's metadata.
public struct UNetConfigError: Error, CustomStringConvertible, Equatable {
    public let field: String
    public let value: String
    public let expected: String

    public var description: String {
        "invalid U-Net configuration: \(field) = \(value), expected \(expected); "
            + "fix the configuration or use a checkpoint written by this version"
    }
}
