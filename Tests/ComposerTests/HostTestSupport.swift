import Chorale
import Foundation
import SunmaskEngine
import XCTest
@testable import Composer

/// A freshly initialized U-Net small enough to sample thousands of steps per second, with the
/// editor's vocabulary (58 tokens) and 4 voices.
func tinyUNet(seed: UInt64 = 7) throws -> UNet {
    let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 8, multipliers: [1, 2],
                            residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [], groups: 4)
    var generator = RandomGenerator(seed: seed)
    return try UNet(config: config, generator: &generator)
}

/// `tinyUNet()` as a generation model.
func tinyModel() throws -> GenerationModel {
    try GenerationModel(network: try tinyUNet(), path: "tiny (in memory)")
}

/// A folder under the temporary directory that the test removes at its end.
func temporaryFolder(_ test: XCTestCase) throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sunmask-host-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    test.addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
    return folder
}

/// Ticks `host` every 5 ms until `condition` is true or `timeout` seconds pass; returns whether it became true.
@discardableResult
func tick(_ host: EditorHost, timeout: TimeInterval = 20, until condition: () -> Bool) -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while Date() < deadline {
        host.tick()
        if condition() { return true }
        usleep(5_000)
    }
    return false
}
