import Foundation
import XCTest
@testable import Chorale

final class MIDIWriterTests: XCTestCase {
    private func score(_ rows: [[Int]], meter: TimeSignature = .fourFour, pickup: Int = 0,
                       tempo: Double = 80) throws -> Score {
        Score(grid: try SATBGrid(pitches: rows), timeSignature: meter, pickupSteps: pickup, tempo: tempo)
    }

    /// Splits a file into its chunks' bodies, checking each declared length.
    private func chunkBodies(_ bytes: [UInt8]) -> [(type: String, body: [UInt8])] {
        var chunks: [(String, [UInt8])] = []
        var offset = 0
        while offset + 8 <= bytes.count {
            let type = String(decoding: bytes[offset..<(offset + 4)], as: UTF8.self)
            let length = bytes[(offset + 4)..<(offset + 8)].reduce(0) { $0 << 8 | Int($1) }
            chunks.append((type, Array(bytes[(offset + 8)..<(offset + 8 + length)])))
            offset += 8 + length
        }
        XCTAssertEqual(offset, bytes.count)
        return chunks
    }

    func testBytesOfSmallScore() throws {
        // Soprano 60 held for two steps then 62; alto re-enters after a rest; tenor and bass rest.
        let input = try score([[60, 60, 62, 62], [64, -1, 64, 64], [-1, -1, -1, -1], [-1, -1, -1, -1]])
        let bytes = try MIDIFileWriter.data(for: input)
        let expected = headerChunk(format: 1, tracks: 5, division: 480)
            + trackChunk(meta(0, 0x06, Array("grid start".utf8)) + meta(0, 0x58, [4, 2, 24, 8])
                         + meta(0, 0x51, [0x0B, 0x71, 0xB0]) + endOfTrack(480))
            + trackChunk(trackName("Soprano") + [0x00, 0xC0, 52] + noteOn(0, 60, velocity: 84)
                         + noteOff(240, 60) + noteOn(0, 62, velocity: 84) + noteOff(240, 62) + endOfTrack())
            + trackChunk(trackName("Alto") + [0x00, 0xC1, 52] + noteOn(0, channel: 1, 64, velocity: 72)
                         + noteOff(120, channel: 1, 64) + noteOn(120, channel: 1, 64, velocity: 72)
                         + noteOff(240, channel: 1, 64) + endOfTrack())
            + trackChunk(trackName("Tenor") + [0x00, 0xC2, 52] + endOfTrack(480))
            + trackChunk(trackName("Bass") + [0x00, 0xC3, 52] + endOfTrack(480))
        XCTAssertEqual(bytes, expected)
    }

    func testNoteOffsPrecedeNoteOnsAtEqualTicks() throws {
        // Every step changes pitch in every voice, so each boundary has an off and an on.
        var generator = SeededGenerator(seed: 11)
        let rows = (0..<4).map { _ in (0..<32).map { _ in Int.random(in: 40...80, using: &generator) } }
        let bytes = try MIDIFileWriter.data(for: try score(rows))
        for (type, body) in chunkBodies(bytes).dropFirst(2) {
            XCTAssertEqual(type, "MTrk")
            var offset = 0
            var tick = 0
            var lastKindAtTick: (tick: Int, isOn: Bool)?
            while offset < body.count {
                let (delta, count) = try VariableLengthQuantity.decode(body, at: offset, end: body.count, part: "test")
                offset += count
                tick += delta
                let status = body[offset]
                if status == 0xFF {
                    offset += 3 + Int(body[offset + 2])
                    continue
                }
                let kind = status & 0xF0
                offset += kind == 0xC0 ? 2 : 3
                guard kind == 0x80 || kind == 0x90 else { continue }
                if let last = lastKindAtTick, last.tick == tick, last.isOn {
                    XCTAssertNotEqual(kind, 0x80, "note-off after a note-on at tick \(tick)")
                }
                lastKindAtTick = (tick, kind == 0x90)
            }
        }
    }

    func testHeldNoteWrittenOnce() throws {
        let input = try score([[60, 60, 60, 60, 60, 60, 60, 60], [Int](repeating: -1, count: 8),
                               [Int](repeating: -1, count: 8), [Int](repeating: -1, count: 8)])
        let bytes = try MIDIFileWriter.data(for: input)
        let soprano = chunkBodies(bytes)[2].body
        XCTAssertEqual(soprano.filter { $0 == 0x90 }.count, 1)
        XCTAssertEqual(soprano.filter { $0 == 0x80 }.count, 1)
    }

    func testProgramsVelocitiesAndChannelsSettable() throws {
        let sounds = [MIDIExportOptions.VoiceSound(program: 19, velocity: 100, channel: 5),
                      .init(program: 19, velocity: 90, channel: 6),
                      .init(program: 0, velocity: 80, channel: 7),
                      .init(program: 32, velocity: 70, channel: 8)]
        let input = try score([[60], [55], [50], [40]])
        let bytes = try MIDIFileWriter.data(for: input, options: MIDIExportOptions(voices: sounds))
        let bodies = chunkBodies(bytes).dropFirst(2).map(\.body)
        for (index, body) in bodies.enumerated() {
            let sound = sounds[index]
            let programChange: [UInt8] = [0xC0 | UInt8(sound.channel), UInt8(sound.program)]
            let on: [UInt8] = [0x90 | UInt8(sound.channel), UInt8(input.grid.pitches[index][0]), UInt8(sound.velocity)]
            XCTAssertNotNil(body.firstRange(of: programChange), "voice \(index)")
            XCTAssertNotNil(body.firstRange(of: on), "voice \(index)")
        }
        XCTAssertEqual(MIDIExportOptions.organ.voices.map(\.program), [19, 19, 19, 19])
    }

    func testPickupWrittenAsShortFirstBar() throws {
        let input = try score([[67, 67, 67, 72, 72, 72, 72, 72, 72, 72, 72, 72]] + Array(repeating: Array(repeating: -1, count: 12), count: 3),
                              meter: TimeSignature(beats: 3, beatUnit: 4), pickup: 3)
        let conductor = chunkBodies(try MIDIFileWriter.data(for: input))[1].body
        // 3 16ths: 3/16 at tick 0, then 3/4 at tick 360.
        XCTAssertNotNil(conductor.firstRange(of: meta(0, 0x58, [3, 4, 6, 8])))
        XCTAssertNotNil(conductor.firstRange(of: meta(360, 0x58, [3, 2, 24, 8])))
        XCTAssertEqual(MIDIFileWriter.pickupMeter(steps: 4), TimeSignature(beats: 1, beatUnit: 4))
        XCTAssertEqual(MIDIFileWriter.pickupMeter(steps: 6), TimeSignature(beats: 3, beatUnit: 8))
        XCTAssertEqual(MIDIFileWriter.pickupMeter(steps: 16), TimeSignature(beats: 1, beatUnit: 1))
    }

    func testUnwritableScoresRejected() throws {
        let rows = [[60], [55], [50], [40]]
        let cases = [
            try score(rows, meter: TimeSignature(beats: 4, beatUnit: 3)),
            try score(rows, pickup: 16),
            try score(rows, tempo: 0),
            try score(rows, tempo: .nan),
        ]
        for input in cases {
            XCTAssertThrowsError(try MIDIFileWriter.data(for: input)) { error in
                guard case .unwritableScore = error as? MIDIError else {
                    return XCTFail("expected unwritableScore, got \(error)")
                }
            }
        }
    }

    func testWriteIsAtomicAndReadable() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("midi-writer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let url = directory.appendingPathComponent("chorale.mid")
        let input = try score([[60, 62], [55, 57], [50, 52], [40, 41]])

        try Data("old contents".utf8).write(to: url)
        try MIDIFileWriter.write(input, to: url)
        XCTAssertEqual([UInt8](try Data(contentsOf: url)), try MIDIFileWriter.data(for: input))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: directory.path), ["chorale.mid"])
        XCTAssertEqual(try MIDIImporter.importScore(contentsOf: url).score, input)
    }

    func testWriteIntoMissingDirectoryFails() throws {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)/chorale.mid")
        let input = try score([[60], [55], [50], [40]])
        XCTAssertThrowsError(try MIDIFileWriter.write(input, to: url)) { error in
            guard case .writeFailed(let path, _) = error as? MIDIError else {
                return XCTFail("expected writeFailed, got \(error)")
            }
            XCTAssertEqual(path, url.path)
        }
    }

    func testReadingMissingFileFails() {
        let url = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString).mid")
        XCTAssertThrowsError(try MIDIImporter.importScore(contentsOf: url)) { error in
            guard case .readFailed(let path, _) = error as? MIDIError else {
                return XCTFail("expected readFailed, got \(error)")
            }
            XCTAssertEqual(path, url.path)
        }
    }
}
