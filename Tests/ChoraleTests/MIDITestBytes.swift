// Byte builders for hand-made MIDI files in the tests. They share no code with the reader or
// the writer, so a test built from them checks the product against an independent encoding.

/// Encodes a variable-length quantity by repeated division, the opposite direction of the
/// product's shift-based encoder.
func vlqBytes(_ value: Int) -> [UInt8] {
    var groups = [UInt8(value % 128)]
    var rest = value / 128
    while rest > 0 {
        groups.insert(UInt8(rest % 128 + 128), at: 0)
        rest /= 128
    }
    return groups
}

func be32(_ value: Int) -> [UInt8] {
    [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

func be16(_ value: Int) -> [UInt8] {
    [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
}

func headerChunk(format: Int, tracks: Int, division: Int) -> [UInt8] {
    Array("MThd".utf8) + be32(6) + be16(format) + be16(tracks) + be16(division)
}

/// An MTrk chunk whose declared length matches `body`.
func trackChunk(_ body: [UInt8]) -> [UInt8] {
    Array("MTrk".utf8) + be32(body.count) + body
}

/// A whole file: header and one MTrk chunk per body.
func midiFile(format: Int = 1, division: Int = 480, tracks: [[UInt8]]) -> [UInt8] {
    headerChunk(format: format, tracks: tracks.count, division: division) + tracks.flatMap(trackChunk)
}

/// Delta time, then a meta event.
func meta(_ delta: Int, _ type: UInt8, _ data: [UInt8]) -> [UInt8] {
    vlqBytes(delta) + [0xFF, type] + vlqBytes(data.count) + data
}

func endOfTrack(_ delta: Int = 0) -> [UInt8] {
    meta(delta, 0x2F, [])
}

func trackName(_ name: String) -> [UInt8] {
    meta(0, 0x03, Array(name.utf8))
}

/// Delta time, then a note-on with explicit status byte.
func noteOn(_ delta: Int, channel: Int = 0, _ pitch: Int, velocity: Int = 80) -> [UInt8] {
    vlqBytes(delta) + [UInt8(0x90 + channel), UInt8(pitch), UInt8(velocity)]
}

/// Delta time, then a note-off (0x80) with explicit status byte.
func noteOff(_ delta: Int, channel: Int = 0, _ pitch: Int) -> [UInt8] {
    vlqBytes(delta) + [UInt8(0x80 + channel), UInt8(pitch), 0x40]
}

/// A track body playing `notes` one after another: (pitch, length in ticks), pitch -1 = rest.
func melodyBody(_ notes: [(Int, Int)], channel: Int = 0, name: String? = nil) -> [UInt8] {
    var body = name.map(trackName) ?? []
    var pendingRest = 0
    for (pitch, length) in notes {
        if pitch < 0 {
            pendingRest += length
            continue
        }
        body += noteOn(pendingRest, channel: channel, pitch) + noteOff(length, channel: channel, pitch)
        pendingRest = 0
    }
    return body + endOfTrack(pendingRest)
}

/// A grid row: each (pitch, steps) repeated `steps` times.
func row(_ runs: [(Int, Int)]) -> [Int] {
    runs.flatMap { Array(repeating: $0.0, count: $0.1) }
}

/// A small seeded generator (SplitMix64) so random tests repeat exactly.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
