import Foundation
import XCTest
import SunmaskEngine

/// `Checkpoint`: saving parameters, configuration, metadata and optimizer state, and loading
/// them back into a model with every name and shape checked.
final class SafeTensorsCheckpointTests: XCTestCase {
    private let config = #"{"width":64,"kernel":3,"vocabulary":58}"#

    private func makeParameters(seed: UInt64, inputChannels: Int = 58) -> [Parameter] {
        var random = SplitMix(seed: seed)
        return [
            Parameter(name: "down.0.conv1.weight", value: random.tensor([64, inputChannels, 3])),
            Parameter(name: "down.0.conv1.bias", value: random.tensor([64])),
            Parameter(name: "out.weight", value: random.tensor([8, 64, 1])),
        ]
    }

    private func path(_ name: String = "model.safetensors") throws -> String {
        try makeTemporaryDirectory(for: self) + "/" + name
    }

    func testRoundTripRestoresParametersMetadataAndOptimizerState() throws {
        let path = try path()
        let saved = makeParameters(seed: 1)
        var random = SplitMix(seed: 2)
        let moments = ["adam.m.out.weight": random.tensor([8, 64, 1]), "adam.v.out.weight": random.tensor([8, 64, 1])]
        try Checkpoint.write(to: path, parameters: saved, config: config,
                             metadata: ["step": "1200", "rng_state": "9e3779b97f4a7c15"], extraTensors: moments)

        let checkpoint = try Checkpoint.read(from: path)
        XCTAssertEqual(checkpoint.formatVersion, Checkpoint.currentVersion)
        XCTAssertEqual(checkpoint.config, config)
        XCTAssertEqual(checkpoint.metadata, ["step": "1200", "rng_state": "9e3779b97f4a7c15"])
        XCTAssertEqual(Set(checkpoint.extraTensors.keys), Set(moments.keys))
        for (name, tensor) in moments {
            XCTAssertEqual(checkpoint.extraTensors[name]?.values, tensor.values, name)
        }

        let loaded = makeParameters(seed: 99)
        try checkpoint.load(into: loaded)
        for (original, restored) in zip(saved, loaded) {
            XCTAssertEqual(restored.value.values, original.value.values, original.name)
        }
    }

    func testFloat16CheckpointKeepsOptimizerStateExact() throws {
        let path = try path()
        let saved = makeParameters(seed: 3)
        let moment = Tensor(shape: [3], values: [1 + 0x1p-20, -1e-30, 7e10])
        try Checkpoint.write(to: path, parameters: saved, config: config, extraTensors: ["adam.m": moment],
                             storage: .float16)

        let file = try SafeTensorsReader.read(contentsOf: path)
        XCTAssertEqual(file["out.weight"]?.dtype, .float16)
        XCTAssertEqual(file["adam.m"]?.dtype, .float32)

        let checkpoint = try Checkpoint.read(from: path)
        XCTAssertEqual(checkpoint.extraTensors["adam.m"]?.values, moment.values)
        let loaded = makeParameters(seed: 98)
        try checkpoint.load(into: loaded)
        for (original, restored) in zip(saved, loaded) {
            for (x, y) in zip(original.value.values, restored.value.values) {
                // Values are in [-1, 1), where half precision is within 2^-11·|x| or 2^-25.
                XCTAssertLessThanOrEqual(abs(x - y), max(abs(x) * 0x1p-11, 0x1p-25), original.name)
            }
        }
    }

    func testShapeMismatchNamesTensorAndBothShapes() throws {
        let path = try path()
        try Checkpoint.write(to: path, parameters: makeParameters(seed: 4, inputChannels: 59), config: config)
        let model = makeParameters(seed: 5)
        let before = model.map(\.value.values)

        XCTAssertThrowsError(try Checkpoint.read(from: path).load(into: model)) { error in
            XCTAssertEqual("\(error)", "checkpoint \(path): tensor `down.0.conv1.weight` shape [64,59,3] ≠ model "
                + "[64,58,3]; retrain or pass the matching configuration")
        }
        XCTAssertEqual(model.map(\.value.values), before, "a failed load changed the model")
    }

    func testMissingAndUnexpectedTensorsAreListed() throws {
        let path = try path()
        var saved = makeParameters(seed: 6)
        saved[1] = Parameter(name: "down.0.conv1.offset", value: saved[1].value)
        try Checkpoint.write(to: path, parameters: saved, config: config)

        XCTAssertThrowsError(try Checkpoint.read(from: path).load(into: makeParameters(seed: 7))) { error in
            guard case let .tensorNamesMismatch(_, missing, unexpected)? = error as? CheckpointError else {
                return XCTFail("expected tensorNamesMismatch, got \(error)")
            }
            XCTAssertEqual(missing, ["down.0.conv1.bias"])
            XCTAssertEqual(unexpected, ["down.0.conv1.offset"])
            XCTAssertEqual("\(error)", "checkpoint \(path): 1 model tensor(s) missing from the file "
                + "(`down.0.conv1.bias`) and 1 unexpected tensor(s) in the file (`down.0.conv1.offset`); "
                + "retrain or pass the matching configuration")
        }
    }

    func testWriteRejectsReservedKeysAndRepeatedNames() throws {
        let path = try path()
        let parameters = makeParameters(seed: 8)
        XCTAssertThrowsError(try Checkpoint.write(to: path, parameters: parameters, config: config,
                                                  metadata: ["config": "{}"])) {
            XCTAssertEqual($0 as? CheckpointError, .reservedMetadataKey(path: path, key: "config"))
        }
        XCTAssertThrowsError(try Checkpoint.write(to: path, parameters: parameters, config: config,
                                                  extraTensors: ["out.weight": Tensor(shape: [1])])) {
            XCTAssertEqual($0 as? CheckpointError, .duplicateName(path: path, name: "out.weight"))
        }
        XCTAssertFalse(FileManager.default.fileExists(atPath: path), "a rejected write created the file")
    }

    func testReadRejectsPlainSafeTensorsFile() throws {
        let path = try path()
        try SafeTensorsWriter.write([.init(name: "w", tensor: Tensor(shape: [1]))], metadata: ["format": "pt"], to: path)
        XCTAssertThrowsError(try Checkpoint.read(from: path)) {
            XCTAssertEqual($0 as? CheckpointError, .notACheckpoint(path: path, format: "pt"))
        }
    }

    func testReadRejectsNewerFormatVersion() throws {
        let path = try path()
        let metadata = ["format": Checkpoint.formatName, "format_version": "2", "config": "{}", "extra_tensors": "[]"]
        try SafeTensorsWriter.write([], metadata: metadata, to: path)
        XCTAssertThrowsError(try Checkpoint.read(from: path)) {
            XCTAssertEqual($0 as? CheckpointError, .unsupportedVersion(path: path, version: 2, supported: 1))
        }
    }

    func testReadRejectsInvalidMetadata() throws {
        let path = try path()
        let cases: [([String: String], CheckpointError)] = [
            (["format": Checkpoint.formatName, "config": "{}", "extra_tensors": "[]"],
             .missingMetadata(path: path, key: "format_version")),
            (["format": Checkpoint.formatName, "format_version": "one", "config": "{}", "extra_tensors": "[]"],
             .invalidMetadata(path: path, key: "format_version", value: "one", expected: "a positive integer")),
            (["format": Checkpoint.formatName, "format_version": "1", "extra_tensors": "[]"],
             .missingMetadata(path: path, key: "config")),
            (["format": Checkpoint.formatName, "format_version": "1", "config": "{}", "extra_tensors": "[3]"],
             .invalidMetadata(path: path, key: "extra_tensors", value: "[3]", expected: "a JSON array of tensor names")),
            (["format": Checkpoint.formatName, "format_version": "1", "config": "{}", "extra_tensors": #"["adam.m"]"#],
             .invalidMetadata(path: path, key: "extra_tensors", value: #"["adam.m"]"#,
                              expected: "names of tensors in the file, but `adam.m` is not one")),
        ]
        for (metadata, expected) in cases {
            try SafeTensorsWriter.write([], metadata: metadata, to: path)
            XCTAssertThrowsError(try Checkpoint.read(from: path)) { XCTAssertEqual($0 as? CheckpointError, expected) }
        }
    }
}
