import Chorale

/// A note-on or note-off at a step boundary, the form both renderers schedule.
struct NoteEvent: Equatable {
    /// The step from the region start, 0…stepCount.
    var step: Int
    var voice: Voice
    var pitch: Int
    /// Velocity 1…127 for a note-on, `nil` for a note-off.
    var velocity: Int?

    var isNoteOn: Bool { velocity != nil }
}

extension NoteSchedule {
    /// Lists every note-on and note-off in time order. At equal steps note-offs come first, so
    /// a note ending on the step where the next one starts never cuts the new note.
    func events() -> [NoteEvent] {
        var events: [NoteEvent] = []
        events.reserveCapacity(notes.count * 2)
        for note in notes {
            let velocity = instrumentation[note.voice].velocity
            events.append(NoteEvent(step: note.onset, voice: note.voice, pitch: note.pitch, velocity: velocity))
            events.append(NoteEvent(step: note.end, voice: note.voice, pitch: note.pitch, velocity: nil))
        }
        events.sort { left, right in
            if left.step != right.step { return left.step < right.step }
            if left.isNoteOn != right.isNoteOn { return !left.isNoteOn }
            return left.voice.rawValue < right.voice.rawValue
        }
        return events
    }
}
