/// The events of a Standard MIDI File, as read, with absolute times.
///
/// Only the events the importer uses are kept: notes, tempo, meter, key, names and markers.
/// Controllers, pitch bend, sysex and other meta events are read past and dropped.
public struct MIDIFile: Equatable, Sendable {
    /// 0 (one multi-channel track) or 1 (simultaneous tracks).
    public var format: Int
    /// Ticks per quarter note, the unit of every `tick` below (1…32767).
    public var ticksPerQuarter: Int
    /// The track chunks in file order.
    public var tracks: [MIDITrack]
    /// Repairs and skipped events, in file order.
    public var warnings: [MIDIWarning]

    public init(format: Int, ticksPerQuarter: Int, tracks: [MIDITrack], warnings: [MIDIWarning] = []) {
        self.format = format
        self.ticksPerQuarter = ticksPerQuarter
        self.tracks = tracks
        self.warnings = warnings
    }
}

/// One track chunk.
public struct MIDITrack: Equatable, Sendable {
    /// The first track-name meta event (0x03), if any.
    public var name: String?
    /// Events sorted by tick, in file order within a tick.
    public var events: [MIDIEvent]
    /// The tick of the end-of-track event, or of the last event when that event is missing.
    public var endTick: Int

    public init(name: String? = nil, events: [MIDIEvent] = [], endTick: Int = 0) {
        self.name = name
        self.events = events
        self.endTick = endTick
    }
}

/// One event at an absolute time in ticks.
public struct MIDIEvent: Equatable, Sendable {
    public var tick: Int
    public var kind: Kind

    public init(tick: Int, _ kind: Kind) {
        self.tick = tick
        self.kind = kind
    }

    public enum Kind: Equatable, Sendable {
        /// A note-on with velocity 1…127. A note-on with velocity 0 is read as `noteOff`.
        case noteOn(channel: Int, pitch: Int, velocity: Int)
        case noteOff(channel: Int, pitch: Int)
        /// Microseconds per quarter note (meta 0x51).
        case tempo(microsecondsPerQuarter: Int)
        /// Meta 0x58, with the denominator as a note value (4 = quarter), not as its power of two.
        case timeSignature(TimeSignature)
        /// Meta 0x59: sharps (positive) or flats (negative), -7…7; mode 0 major, 1 minor.
        case keySignature(sharps: Int, minor: Bool)
        /// Meta 0x06.
        case marker(String)
    }
}
