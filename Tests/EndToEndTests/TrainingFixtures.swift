import Foundation
import XCTest

/// A tiny JSB-format data set of scales and the small network flags the training tests use.
enum TrainingFixtures {
    /// One chorale of `steps` steps: each voice walks a C major scale up and down from its own
    /// starting pitch, one note per step, offset by `shift` steps. The pitches stay in MIDI 43…79, so all 12
    /// transpositions −6…+5 fit the vocabulary's MIDI 30…86.
    static func scaleChorale(steps: Int, shift: Int) -> [[Int]] {
        let scale = [0, 2, 4, 5, 7, 9, 11, 12]
        let walk = scale + scale.reversed().dropFirst().dropLast()  // 14 steps per cycle
        let bases = [67, 60, 52, 43]  // soprano, alto, tenor, bass
        return (0..<steps).map { step in
            bases.map { base in base + walk[(step + shift) % walk.count] }
        }
    }

    /// JSON with 4 training chorales, 2 validation chorales and 1 test chorale of 40 steps each,
    /// so a 16-step chunking gives 2 chunks per chorale.
    static func scaleDatasetJSON() throws -> Data {
        let object: [String: [[[Int]]]] = [
            "train": (0..<4).map { scaleChorale(steps: 40, shift: $0) },
            "valid": (4..<6).map { scaleChorale(steps: 40, shift: $0) },
            "test": [scaleChorale(steps: 40, shift: 6)],
        ]
        return try JSONSerialization.data(withJSONObject: object)
    }

    /// A one-level-deep network with 8 channels, trained on 16-step chunks in batches of 4.
    static let smallNetworkFlags = [
        "--width", "8", "--groups", "4", "--multipliers", "1,2", "--blocks", "1",
        "--attention-levels", "1", "--length", "16", "--batch", "4",
    ]

    /// A fresh temporary folder holding `scales.json`; removed by the test case's teardown block.
    static func makeWorkspace(for testCase: XCTestCase) throws -> URL {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("sunmask-train-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try scaleDatasetJSON().write(to: folder.appendingPathComponent("scales.json"))
        testCase.addTeardownBlock {
            try? FileManager.default.removeItem(at: folder)
        }
        return folder
    }
}

/// The parts of a safetensors file the tests check, parsed here independently of the engine.
struct SafeTensorsSummary {
    /// Tensor name → its raw bytes.
    var tensors: [String: Data]
    /// The `__metadata__` string map.
    var metadata: [String: String]

    /// Parses `url`, failing when the header or any tensor's byte range does not fit the file
    /// or the tensors do not cover the data section exactly.
    init(contentsOf url: URL) throws {
        let bytes = try Data(contentsOf: url)
        guard bytes.count >= 8 else { throw SummaryError("file has \(bytes.count) bytes, fewer than the 8-byte header length") }
        let headerLength = bytes.prefix(8).enumerated().reduce(0) { $0 | Int($1.element) << (8 * $1.offset) }
        guard headerLength <= bytes.count - 8 else {
            throw SummaryError("header length \(headerLength) exceeds the file's \(bytes.count - 8) remaining bytes")
        }
        let header = bytes.subdata(in: 8..<(8 + headerLength))
        guard let object = try JSONSerialization.jsonObject(with: header) as? [String: Any] else {
            throw SummaryError("header is not a JSON object")
        }
        let dataStart = 8 + headerLength
        let dataLength = bytes.count - dataStart
        var tensors: [String: Data] = [:]
        var covered = 0
        metadata = [:]
        for (name, value) in object {
            if name == "__metadata__" {
                metadata = value as? [String: String] ?? [:]
                continue
            }
            guard let entry = value as? [String: Any], let offsets = entry["data_offsets"] as? [Int], offsets.count == 2,
                  offsets[0] <= offsets[1], offsets[1] <= dataLength
            else {
                throw SummaryError("tensor \(name) has a byte range outside the \(dataLength)-byte data section")
            }
            tensors[name] = bytes.subdata(in: (dataStart + offsets[0])..<(dataStart + offsets[1]))
            covered += offsets[1] - offsets[0]
        }
        guard covered == dataLength else {
            throw SummaryError("tensors cover \(covered) bytes of a \(dataLength)-byte data section")
        }
        self.tensors = tensors
    }

    /// The optimizer step count saved in the `training_state` metadata.
    func trainingStep() throws -> Int {
        guard let text = metadata["training_state"],
              let state = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
              let step = state["step"] as? Int
        else {
            throw SummaryError("metadata has no training_state with a step")
        }
        return step
    }

    struct SummaryError: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}
