/// A MIDI file that cannot be read, imported or written.
///
/// Offsets are byte offsets from the start of the file. `part` names where the reader was, such as
/// "header" or "track 2" (tracks are counted from 1 in the order of their chunks).
public enum MIDIError: Error, Equatable, CustomStringConvertible {
    case fileTooLarge(bytes: Int, limit: Int)
    case notAMIDIFile(firstBytes: [UInt8])
    case truncated(part: String, offset: Int)
    case chunkLengthExceedsFile(chunk: String, offset: Int, declared: Int, remaining: Int)
    case headerTooShort(length: Int)
    case unsupportedFormat(Int)
    case smpteDivision(framesPerSecond: Int, ticksPerFrame: Int)
    case zeroTicksPerQuarter
    case noTracks
    case variableLengthQuantityTooLong(part: String, offset: Int)
    case missingStatusByte(part: String, offset: Int, byte: UInt8)
    case invalidStatusByte(part: String, offset: Int, byte: UInt8)
    case tooLong(part: String, tick: Int, limitSteps: Int)
    case noNotes
    case pitchOutOfRange(pitch: Int, voice: Voice, bar: Int, range: ClosedRange<Int>)
    case readFailed(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case unwritableScore(reason: String)

    public var description: String {
        switch self {
        case .fileTooLarge(let bytes, let limit):
            return "MIDI file has \(bytes) bytes, more than the limit of \(limit); a chorale file is a few kilobytes, so check that this is the right file"
        case .notAMIDIFile(let firstBytes):
            let hex = firstBytes.map { String(format: "%02X", $0) }.joined(separator: " ")
            return "file does not start with a MIDI header chunk \"MThd\" (first bytes: \(hex.isEmpty ? "none" : hex)); pass a Standard MIDI File (.mid)"
        case .truncated(let part, let offset):
            return "MIDI \(part) ends inside a value that starts at byte \(offset); the file is truncated or a chunk length is wrong, so export it again"
        case .chunkLengthExceedsFile(let chunk, let offset, let declared, let remaining):
            return "MIDI chunk \"\(chunk)\" at byte \(offset) declares \(declared) bytes but only \(remaining) remain; the file is truncated or corrupt, so export it again"
        case .headerTooShort(let length):
            return "MIDI header chunk declares \(length) bytes; expected at least 6 (format, track count, division)"
        case .unsupportedFormat(let format):
            if format == 2 {
                return "MIDI file has format 2 (independent patterns), which has no single timeline; save it as format 0 or 1"
            }
            return "MIDI file has format \(format); expected format 0 or 1"
        case .smpteDivision(let framesPerSecond, let ticksPerFrame):
            return "MIDI file times events in SMPTE frames (\(framesPerSecond) fps, \(ticksPerFrame) ticks per frame), which have no beats to quantize to; export it with ticks per quarter note"
        case .zeroTicksPerQuarter:
            return "MIDI header declares 0 ticks per quarter note; expected a positive value, so export the file again"
        case .noTracks:
            return "MIDI file contains no track chunk; it holds no music to import"
        case .variableLengthQuantityTooLong(let part, let offset):
            return "MIDI \(part) has a variable-length quantity at byte \(offset) longer than 4 bytes; the file is corrupt"
        case .missingStatusByte(let part, let offset, let byte):
            return "MIDI \(part) has data byte 0x\(String(byte, radix: 16, uppercase: true)) at byte \(offset) with no status byte before it; the file is corrupt"
        case .invalidStatusByte(let part, let offset, let byte):
            return "MIDI \(part) has status byte 0x\(String(byte, radix: 16, uppercase: true)) at byte \(offset), which is not allowed in a MIDI file; the file is corrupt"
        case .tooLong(let part, let tick, let limitSteps):
            return "MIDI \(part) reaches tick \(tick), past the limit of \(limitSteps) 16th-note steps; a delta time is corrupt or the piece is longer than a chorale, so split it"
        case .noNotes:
            return "MIDI file contains no notes; pass a file with a melody or a chorale"
        case .pitchOutOfRange(let pitch, let voice, let bar, let range):
            return "MIDI note \(pitch) in the \(voice) in bar \(bar) is outside the model's range \(range.lowerBound)…\(range.upperBound); transpose the file or import with octave transposition"
        case .readFailed(let path, let reason):
            return "cannot read MIDI file \(path): \(reason)"
        case .unwritableScore(let reason):
            return "cannot export the score as MIDI: \(reason)"
        case .writeFailed(let path, let reason):
            return "cannot write MIDI file \(path): \(reason); check that the directory exists and is writable"
        }
    }
}

/// Something in a MIDI file that the reader or importer repaired or ignored.
public enum MIDIWarning: Equatable, CustomStringConvertible, Sendable {
    case dataByteClamped(part: String, offset: Int, byte: UInt8)
    case keySignatureIgnored(part: String, sharps: Int, mode: Int)
    case metaEventIgnored(part: String, type: UInt8, length: Int)
    case realTimeByteSkipped(part: String, offset: Int, byte: UInt8)
    case bytesAfterEndOfTrack(part: String, count: Int)
    case bytesAfterLastChunk(count: Int)
    case missingEndOfTrack(part: String)
    case trackCountMismatch(declared: Int, found: Int)
    case noteNeverReleased(part: String, channel: Int, pitch: Int)
    case noteOffWithoutNoteOn(part: String, channel: Int, pitch: Int, tick: Int)
    case laterTempoChangesIgnored(count: Int)
    case laterTimeSignaturesIgnored(count: Int)
    case noTempo

    public var description: String {
        switch self {
        case .dataByteClamped(let part, let offset, let byte):
            return "\(part): data byte 0x\(String(byte, radix: 16, uppercase: true)) at byte \(offset) is above 127; clamped to 127"
        case .keySignatureIgnored(let part, let sharps, let mode):
            return "\(part): key signature with \(sharps) sharps and mode \(mode) is impossible (expected -7…7 and 0 or 1); ignored"
        case .metaEventIgnored(let part, let type, let length):
            return "\(part): meta event 0x\(String(type, radix: 16, uppercase: true)) with \(length) data bytes has invalid contents; ignored"
        case .realTimeByteSkipped(let part, let offset, let byte):
            return "\(part): real-time byte 0x\(String(byte, radix: 16, uppercase: true)) at byte \(offset) does not belong in a file; skipped"
        case .bytesAfterEndOfTrack(let part, let count):
            return "\(part): \(count) bytes after the end-of-track event; skipped"
        case .bytesAfterLastChunk(let count):
            return "\(count) bytes after the last chunk are too few for a chunk header; skipped"
        case .missingEndOfTrack(let part):
            return "\(part): no end-of-track event; the track ends at its chunk end"
        case .trackCountMismatch(let declared, let found):
            return "header declares \(declared) tracks but the file contains \(found); read the \(found) found"
        case .noteNeverReleased(let part, let channel, let pitch):
            return "\(part): note \(pitch) on channel \(channel + 1) is never released; it ends at the end of its track"
        case .noteOffWithoutNoteOn(let part, let channel, let pitch, let tick):
            return "\(part): note-off for \(pitch) on channel \(channel + 1) at tick \(tick) has no sounding note; ignored"
        case .laterTempoChangesIgnored(let count):
            return "\(count) later tempo changes ignored; the score keeps the first tempo"
        case .laterTimeSignaturesIgnored(let count):
            return "\(count) later time signature changes ignored; the score keeps the first meter"
        case .noTempo:
            return "no tempo event; using the MIDI default of 120 quarter notes per minute"
        }
    }
}
