/// A note read from a MIDI file: a note-on paired with the note-off that releases it.
public struct MIDINote: Equatable, Sendable {
    /// The index of the track chunk, counted from 0.
    public var track: Int
    /// The MIDI channel, 0…15.
    public var channel: Int
    public var pitch: Int
    public var startTick: Int
    /// Not before `startTick`; equal to it for a zero-length note.
    public var endTick: Int

    public init(track: Int, channel: Int, pitch: Int, startTick: Int, endTick: Int) {
        self.track = track
        self.channel = channel
        self.pitch = pitch
        self.startTick = startTick
        self.endTick = endTick
    }
}

extension MIDIFile {
    /// Pairs every note-on with a note-off of the same channel and pitch in the same track.
    ///
    /// When a key is struck again before it is released, the first release ends the earliest
    /// sounding note (first in, first out), so unisons of two voices on one channel both survive.
    /// A note never released ends at its track's end; a release with no sounding note is ignored.
    /// Both are reported in `warnings`.
    ///
    /// - Returns: the notes sorted by start tick, then pitch, then track, then channel.
    public func pairedNotes(warnings: inout [MIDIWarning]) -> [MIDINote] {
        var notes: [MIDINote] = []
        for (trackIndex, track) in tracks.enumerated() {
            let part = "track \(trackIndex + 1)"
            // Start ticks of the sounding notes, per channel × 128 + pitch, oldest first. A head
            // index instead of removeFirst keeps a long run of re-struck keys linear in time.
            var sounding: [Int: (starts: [Int], head: Int)] = [:]
            for event in track.events {
                switch event.kind {
                case .noteOn(let channel, let pitch, _):
                    sounding[channel * 128 + pitch, default: ([], 0)].starts.append(event.tick)
                case .noteOff(let channel, let pitch):
                    let key = channel * 128 + pitch
                    guard let queue = sounding[key], queue.head < queue.starts.count else {
                        warnings.append(.noteOffWithoutNoteOn(part: part, channel: channel, pitch: pitch,
                                                              tick: event.tick))
                        continue
                    }
                    let start = queue.starts[queue.head]
                    sounding[key]?.head += 1
                    notes.append(MIDINote(track: trackIndex, channel: channel, pitch: pitch,
                                          startTick: start, endTick: event.tick))
                default:
                    continue
                }
            }
            for (key, queue) in sounding.sorted(by: { $0.key < $1.key }) {
                for start in queue.starts[queue.head...] {
                    warnings.append(.noteNeverReleased(part: part, channel: key / 128, pitch: key % 128))
                    notes.append(MIDINote(track: trackIndex, channel: key / 128, pitch: key % 128,
                                          startTick: start, endTick: max(start, track.endTick)))
                }
            }
        }
        notes.sort { a, b in
            (a.startTick, a.pitch, a.track, a.channel) < (b.startTick, b.pitch, b.track, b.channel)
        }
        return notes
    }
}
