import Foundation

/// Reads Standard MIDI Files of format 0 and 1 into `MIDIFile`.
///
/// The reader trusts no length in the file: every chunk length is checked against the bytes that
/// remain and every event against its chunk's end, so a truncated or corrupt file throws a
/// `MIDIError` instead of reading past the end. Each loop iteration consumes at least one byte or
/// throws, so reading always ends.
///
/// Repairs, each reported as a `MIDIWarning`:
/// - a data byte of 0x80 or more where a channel message expects data is clamped to 127;
/// - an impossible key signature (sharps outside -7…7, mode other than 0 or 1) is ignored;
/// - tempo and time-signature events with invalid contents are ignored;
/// - stray real-time bytes (0xF8…0xFE) between events are skipped.
///
/// Running status: the 1996 specification states that sysex and meta events cancel running status, but
/// files from real sequencers put status-less channel data right after a meta event and expect the
/// previous status to continue. This reader keeps running status across meta and sysex events.
/// A file that follows the specification never relies on either reading, so the lenient choice
/// loses nothing.
public enum MIDIFileReader {
    /// Files larger than this are rejected before parsing (64 MiB).
    public static let maxFileBytes = 64 << 20

    /// The default maximum piece length, in 16th-note steps.
    /// 4096 steps are 256 bars of 4/4, several times the longest chorale.
    public static let defaultMaxSteps = 4096

    /// Reads the file at `url`.
    ///
    /// - Throws: `MIDIError.readFailed` when the file cannot be read, `fileTooLarge` when it is
    ///   larger than `maxFileBytes`, and every error of `read(_:maxSteps:)`.
    public static func read(contentsOf url: URL, maxSteps: Int = defaultMaxSteps) throws -> MIDIFile {
        let size: Int
        do {
            let attributes = try FileManager.default.attributesOfItem(atPath: url.path)
            size = (attributes[.size] as? NSNumber)?.intValue ?? 0
        } catch {
            throw MIDIError.readFailed(path: url.path, reason: "file not found or not accessible")
        }
        guard size <= maxFileBytes else {
            throw MIDIError.fileTooLarge(bytes: size, limit: maxFileBytes)
        }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw MIDIError.readFailed(path: url.path, reason: error.localizedDescription)
        }
        return try read([UInt8](data), maxSteps: maxSteps)
    }

    /// Reads a file from its bytes.
    ///
    /// - Parameter maxSteps: the longest piece accepted, in 16th-note steps; an event later than
    ///   this throws `MIDIError.tooLong`, which also catches absurd delta times.
    public static func read(_ bytes: [UInt8], maxSteps: Int = defaultMaxSteps) throws -> MIDIFile {
        precondition(maxSteps > 0, "maxSteps must be positive, got \(maxSteps)")
        guard bytes.count <= maxFileBytes else {
            throw MIDIError.fileTooLarge(bytes: bytes.count, limit: maxFileBytes)
        }

        let header = try readHeader(bytes)
        var warnings: [MIDIWarning] = []
        var tracks: [MIDITrack] = []
        var cursor = MIDIByteCursor(bytes: bytes, offset: header.endOffset, end: bytes.count, part: "file")

        while !cursor.isAtEnd {
            let chunkOffset = cursor.offset
            guard cursor.remaining >= 8 else {
                // Some writers pad the file end with a few zero bytes. Fewer than 8 bytes cannot
                // contain a chunk, so they are reported and skipped.
                warnings.append(.bytesAfterLastChunk(count: cursor.remaining))
                break
            }
            let type = String(decoding: try cursor.readBytes(4), as: UTF8.self)
            let length = try cursor.readBigEndian(4)
            guard length <= cursor.remaining else {
                throw MIDIError.chunkLengthExceedsFile(chunk: type, offset: chunkOffset,
                                                       declared: length, remaining: cursor.remaining)
            }
            if type == "MTrk" {
                let part = "track \(tracks.count + 1)"
                var trackCursor = MIDIByteCursor(bytes: bytes, offset: cursor.offset,
                                                 end: cursor.offset + length, part: part)
                tracks.append(try readTrack(&trackCursor, ticksPerQuarter: header.ticksPerQuarter,
                                            maxSteps: maxSteps, warnings: &warnings))
            }
            // Unknown chunk types are skipped by their declared length, as the format requires.
            try cursor.skip(length)
        }

        guard !tracks.isEmpty else { throw MIDIError.noTracks }
        if tracks.count != header.declaredTracks {
            warnings.append(.trackCountMismatch(declared: header.declaredTracks, found: tracks.count))
        }
        return MIDIFile(format: header.format, ticksPerQuarter: header.ticksPerQuarter,
                        tracks: tracks, warnings: warnings)
    }

    private struct Header {
        var format: Int
        var declaredTracks: Int
        var ticksPerQuarter: Int
        var endOffset: Int
    }

    private static func readHeader(_ bytes: [UInt8]) throws -> Header {
        let magic: [UInt8] = Array("MThd".utf8)
        let prefix = Array(bytes.prefix(4))
        guard prefix == Array(magic.prefix(prefix.count)), !bytes.isEmpty else {
            throw MIDIError.notAMIDIFile(firstBytes: Array(bytes.prefix(8)))
        }
        var cursor = MIDIByteCursor(bytes: bytes, offset: 0, end: bytes.count, part: "header")
        try cursor.skip(4)
        let length = try cursor.readBigEndian(4)
        guard length <= cursor.remaining else {
            throw MIDIError.chunkLengthExceedsFile(chunk: "MThd", offset: 0, declared: length,
                                                   remaining: cursor.remaining)
        }
        guard length >= 6 else { throw MIDIError.headerTooShort(length: length) }

        let format = try cursor.readBigEndian(2)
        let declaredTracks = try cursor.readBigEndian(2)
        let divisionHigh = try cursor.readByte()
        let divisionLow = try cursor.readByte()
        guard format <= 1 else { throw MIDIError.unsupportedFormat(format) }
        if divisionHigh & 0x80 != 0 {
            // The high byte is the negative frame rate (-24, -25, -29 or -30) in two's complement.
            throw MIDIError.smpteDivision(framesPerSecond: -Int(Int8(bitPattern: divisionHigh)),
                                          ticksPerFrame: Int(divisionLow))
        }
        let ticksPerQuarter = Int(divisionHigh) << 8 | Int(divisionLow)
        guard ticksPerQuarter > 0 else { throw MIDIError.zeroTicksPerQuarter }
        // A longer header is allowed by the format; its extra bytes are skipped.
        return Header(format: format, declaredTracks: declaredTracks,
                      ticksPerQuarter: ticksPerQuarter, endOffset: 8 + length)
    }

    private static func readTrack(_ cursor: inout MIDIByteCursor, ticksPerQuarter: Int, maxSteps: Int,
                                  warnings: inout [MIDIWarning]) throws -> MIDITrack {
        let part = cursor.part
        var track = MIDITrack()
        var tick = 0
        var runningStatus: UInt8?
        var sawEndOfTrack = false

        while !cursor.isAtEnd {
            tick += try cursor.readVariableLengthQuantity()
            // tick / (ticksPerQuarter / 4) > maxSteps, in integers.
            guard tick * 4 <= maxSteps * ticksPerQuarter else {
                throw MIDIError.tooLong(part: part, tick: tick, limitSteps: maxSteps)
            }

            let statusOffset = cursor.offset
            var status = try cursor.peekByte()
            if status & 0x80 != 0 {
                _ = try cursor.readByte()
            } else if let running = runningStatus {
                status = running
            } else {
                throw MIDIError.missingStatusByte(part: part, offset: statusOffset, byte: status)
            }

            switch status {
            case 0x80...0xEF:
                runningStatus = status
                if let kind = try readChannelMessage(status: status, &cursor, warnings: &warnings) {
                    track.events.append(MIDIEvent(tick: tick, kind))
                }
            case 0xFF:
                let type = try cursor.readByte()
                let length = try cursor.readVariableLengthQuantity()
                let data = Array(try cursor.readBytes(length))
                if type == 0x2F {
                    sawEndOfTrack = true
                    if cursor.remaining > 0 {
                        warnings.append(.bytesAfterEndOfTrack(part: part, count: cursor.remaining))
                    }
                    track.endTick = tick
                    return track
                }
                if type == 0x03, track.name == nil {
                    track.name = String(decoding: data, as: UTF8.self)
                }
                if let kind = metaEvent(type: type, data: data, part: part, warnings: &warnings) {
                    track.events.append(MIDIEvent(tick: tick, kind))
                }
            case 0xF0, 0xF7:
                // A sysex message or an escape: a length, then that many bytes to skip.
                let length = try cursor.readVariableLengthQuantity()
                try cursor.skip(length)
            case 0xF8...0xFE:
                warnings.append(.realTimeByteSkipped(part: part, offset: statusOffset, byte: status))
            default:
                throw MIDIError.invalidStatusByte(part: part, offset: statusOffset, byte: status)
            }
        }

        if !sawEndOfTrack {
            warnings.append(.missingEndOfTrack(part: part))
        }
        track.endTick = tick
        return track
    }

    /// Reads the data bytes of a channel message and returns the note event it carries, if any.
    private static func readChannelMessage(status: UInt8, _ cursor: inout MIDIByteCursor,
                                           warnings: inout [MIDIWarning]) throws -> MIDIEvent.Kind? {
        let kind = status >> 4
        let channel = Int(status & 0x0F)
        // Program change (0xC) and channel pressure (0xD) carry one data byte, the others two.
        let dataCount = (kind == 0xC || kind == 0xD) ? 1 : 2
        var data: [Int] = []
        for _ in 0..<dataCount {
            let offset = cursor.offset
            let byte = try cursor.readByte()
            if byte & 0x80 != 0 {
                warnings.append(.dataByteClamped(part: cursor.part, offset: offset, byte: byte))
                data.append(127)
            } else {
                data.append(Int(byte))
            }
        }
        switch kind {
        case 0x9 where data[1] > 0:
            return .noteOn(channel: channel, pitch: data[0], velocity: data[1])
        case 0x9, 0x8:
            return .noteOff(channel: channel, pitch: data[0])
        default:
            return nil
        }
    }

    private static func metaEvent(type: UInt8, data: [UInt8], part: String,
                                  warnings: inout [MIDIWarning]) -> MIDIEvent.Kind? {
        switch type {
        case 0x51:
            let microseconds = data.reduce(0) { ($0 << 8) | Int($1) }
            guard data.count == 3, microseconds > 0 else {
                warnings.append(.metaEventIgnored(part: part, type: type, length: data.count))
                return nil
            }
            return .tempo(microsecondsPerQuarter: microseconds)
        case 0x58:
            // Numerator, denominator as a power of two, clocks per click, 32nds per quarter.
            // Beat units beyond a 16th have no place on a 16th-note grid.
            guard data.count >= 4, data[0] >= 1, data[1] <= 4 else {
                warnings.append(.metaEventIgnored(part: part, type: type, length: data.count))
                return nil
            }
            return .timeSignature(TimeSignature(beats: Int(data[0]), beatUnit: 1 << Int(data[1])))
        case 0x59:
            guard data.count == 2 else {
                warnings.append(.metaEventIgnored(part: part, type: type, length: data.count))
                return nil
            }
            let sharps = Int(Int8(bitPattern: data[0]))
            let mode = Int(data[1])
            guard (-7...7).contains(sharps), mode <= 1 else {
                warnings.append(.keySignatureIgnored(part: part, sharps: sharps, mode: mode))
                return nil
            }
            return .keySignature(sharps: sharps, minor: mode == 1)
        case 0x06:
            return .marker(String(decoding: data, as: UTF8.self))
        default:
            return nil
        }
    }
}
