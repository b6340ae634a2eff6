import Chorale
import Foundation
import SunmaskEngine

/// Saves a tiny randomly initialized U-Net (width 8, two levels) as `tiny.safetensors` in
/// `folder` and returns its path: fast enough for end-to-end runs of the sampling commands.
func saveTinyModel(in folder: URL, seed: UInt64) throws -> String {
    let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 8, multipliers: [1, 2],
                            residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [1], groups: 4)
    var generator = RandomGenerator(seed: seed)
    let path = folder.appendingPathComponent("tiny.safetensors").path
    try ModelCheckpoint.save(model: try UNet(config: config, generator: &generator), to: path)
    return path
}
