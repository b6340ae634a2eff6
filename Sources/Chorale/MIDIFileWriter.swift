import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Writes a `Score` as a format 1 Standard MIDI File.
///
/// Layout: a conductor track with the grid-start marker, the meter and the tempo, then one track
/// per voice ("Soprano", "Alto", "Tenor", "Bass"), each on its own channel with a program change.
/// Consecutive equal pitches are one held note. At equal ticks note-offs come before note-ons, so
/// a pitch that ends and starts again is re-struck in every player. A pickup is written as a short
/// first bar: a meter at tick 0 lasting exactly the pickup, then the score's meter.
public enum MIDIFileWriter {
    /// Ticks per quarter note in written files.
    public static let ticksPerQuarter = 480

    /// The marker text at tick 0 meaning that the grid starts at tick 0 and ends at the voice tracks'
    /// end-of-track event, so that leading and trailing rests survive a round trip.
    public static let gridStartMarker = "grid start"

    /// Encodes `score` as the bytes of a MIDI file.
    ///
    /// - Throws: `MIDIError.unwritableScore` when the meter's beat unit is not 1, 2, 4, 8 or 16,
    ///   the pickup is not shorter than a bar, or the tempo is not a positive number.
    public static func data(for score: Score, options: MIDIExportOptions = MIDIExportOptions()) throws -> [UInt8] {
        let meter = score.timeSignature
        guard [1, 2, 4, 8, 16].contains(meter.beatUnit), meter.beats >= 1, meter.beats <= 255 else {
            throw MIDIError.unwritableScore(reason: "time signature \(meter.beats)/\(meter.beatUnit) has no MIDI form; use a beat unit of 1, 2, 4, 8 or 16")
        }
        guard (0..<meter.stepsPerBar).contains(score.pickupSteps) else {
            throw MIDIError.unwritableScore(reason: "pickup of \(score.pickupSteps) 16ths is not shorter than a \(meter.beats)/\(meter.beatUnit) bar")
        }
        let microseconds = (60_000_000 / score.tempo).rounded()
        guard score.tempo.isFinite, microseconds >= 1, microseconds <= 0xFF_FFFF else {
            throw MIDIError.unwritableScore(reason: "tempo \(score.tempo) is outside the MIDI range of about 3.6…60 000 000 quarter notes per minute")
        }

        let ticksPerStep = ticksPerQuarter / 4
        let endTick = score.grid.steps * ticksPerStep
        var bytes: [UInt8] = Array("MThd".utf8) + bigEndian(6, width: 4)
        bytes += bigEndian(1, width: 2) + bigEndian(5, width: 2) + bigEndian(ticksPerQuarter, width: 2)

        var conductor: [(tick: Int, bytes: [UInt8])] = [(0, metaEvent(0x06, Array(gridStartMarker.utf8)))]
        if score.pickupSteps > 0 {
            conductor.append((0, timeSignatureEvent(pickupMeter(steps: score.pickupSteps))))
            conductor.append((score.pickupSteps * ticksPerStep, timeSignatureEvent(meter)))
        } else {
            conductor.append((0, timeSignatureEvent(meter)))
        }
        let tempoBytes = bigEndian(Int(microseconds), width: 3)
        conductor.append((0, metaEvent(0x51, tempoBytes)))
        bytes += trackChunk(conductor, endTick: max(endTick, score.pickupSteps * ticksPerStep))

        for voice in Voice.allCases {
            let sound = options.voices[voice.rawValue]
            let name = voice.description.prefix(1).uppercased() + voice.description.dropFirst()
            var events: [(tick: Int, bytes: [UInt8])] = [
                (0, metaEvent(0x03, Array(name.utf8))),
                (0, [0xC0 | UInt8(sound.channel), UInt8(sound.program)]),
            ]
            events += noteEvents(score.grid.pitches[voice.rawValue], ticksPerStep: ticksPerStep, sound: sound)
            bytes += trackChunk(events, endTick: endTick)
        }
        return bytes
    }

    /// Writes `score` to `url` atomically: the bytes go to a temporary file in the same directory,
    /// which is then renamed over `url`, so a reader never sees a half-written file.
    public static func write(_ score: Score, to url: URL, options: MIDIExportOptions = MIDIExportOptions()) throws {
        let bytes = try data(for: score, options: options)
        let directory = url.deletingLastPathComponent()
        let temporary = directory.appendingPathComponent(".\(url.lastPathComponent).\(UUID().uuidString).tmp")
        do {
            try Data(bytes).write(to: temporary)
        } catch {
            // Removing the partial temporary file is best effort: the write error is the one to report.
            unlink(temporary.path)
            throw MIDIError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
        guard rename(temporary.path, url.path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary.path)
            throw MIDIError.writeFailed(path: url.path, reason: reason)
        }
    }

    /// Note-on and note-off events for one voice row, one note per run of equal pitches.
    private static func noteEvents(_ row: [Int], ticksPerStep: Int,
                                   sound: MIDIExportOptions.VoiceSound) -> [(tick: Int, bytes: [UInt8])] {
        var events: [(tick: Int, bytes: [UInt8])] = []
        let channel = UInt8(sound.channel)
        var step = 0
        while step < row.count {
            let pitch = row[step]
            var runEnd = step + 1
            while runEnd < row.count, row[runEnd] == pitch { runEnd += 1 }
            if pitch != SATBGrid.rest {
                events.append((step * ticksPerStep, [0x90 | channel, UInt8(pitch), UInt8(sound.velocity)]))
                // A note-off message (0x80) with release velocity 64, the "no velocity" value.
                events.append((runEnd * ticksPerStep, [0x80 | channel, UInt8(pitch), 64]))
            }
            step = runEnd
        }
        return events
    }

    /// Returns the meter whose one bar lasts `steps` 16ths: steps/16, reduced by powers of two.
    static func pickupMeter(steps: Int) -> TimeSignature {
        var beats = steps
        var unit = 16
        while beats % 2 == 0, unit > 1 {
            beats /= 2
            unit /= 2
        }
        return TimeSignature(beats: beats, beatUnit: unit)
    }

    /// Encodes a track chunk with the events sorted by tick. At one tick, note-offs go first and the
    /// rest keep their order. The chunk ends with an end-of-track event at `endTick`.
    private static func trackChunk(_ events: [(tick: Int, bytes: [UInt8])], endTick: Int) -> [UInt8] {
        let ordered = events.enumerated().sorted { a, b in
            let aOff = a.element.bytes[0] & 0xF0 == 0x80
            let bOff = b.element.bytes[0] & 0xF0 == 0x80
            return (a.element.tick, aOff ? 0 : 1, a.offset) < (b.element.tick, bOff ? 0 : 1, b.offset)
        }.map(\.element)
        var body: [UInt8] = []
        var tick = 0
        for event in ordered {
            body += VariableLengthQuantity.encode(event.tick - tick) + event.bytes
            tick = event.tick
        }
        body += VariableLengthQuantity.encode(max(0, endTick - tick)) + metaEvent(0x2F, [])
        return Array("MTrk".utf8) + bigEndian(body.count, width: 4) + body
    }

    private static func metaEvent(_ type: UInt8, _ data: [UInt8]) -> [UInt8] {
        [0xFF, type] + VariableLengthQuantity.encode(data.count) + data
    }

    private static func timeSignatureEvent(_ meter: TimeSignature) -> [UInt8] {
        let power = meter.beatUnit.trailingZeroBitCount
        // MIDI clocks per metronome click (24 per quarter note, so one beat), and 8 notated 32nds
        // per MIDI quarter note.
        let clocksPerClick = 96 / meter.beatUnit
        return metaEvent(0x58, [UInt8(meter.beats), UInt8(power), UInt8(clocksPerClick), 8])
    }

    private static func bigEndian(_ value: Int, width: Int) -> [UInt8] {
        (0..<width).reversed().map { UInt8((value >> (8 * $0)) & 0xFF) }
    }
}
