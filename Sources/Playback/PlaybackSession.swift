import CFluidSynth
import Chorale
import Foundation

/// One live playback: a FluidSynth sequencer with the notes scheduled, and an audio driver.
///
/// Sequencer time is in milliseconds ("ticks") counted from its creation, advanced by the
/// synthesizer as it renders. Pass `n` of the region starts at step `n · stepCount`, so at
/// tick `n · stepCount · secondsPerStep · 1000`.
/// With looping, a timer event at the start of each pass schedules the whole next pass, so
/// the queue never contains more than two passes.
final class PlaybackSession {
    private let synthesizer: Synthesizer
    private let sequencer: OpaquePointer
    private var driver: OpaquePointer?
    private let state: LoopState
    private var stateRetained: Unmanaged<LoopState>

    init(synthesizer: Synthesizer, schedule: NoteSchedule, loop: Bool) throws {
        guard let sequencer = new_fluid_sequencer2(0) else {
            throw PlaybackError.synthesizerCreationFailed(what: "sequencer")
        }
        self.synthesizer = synthesizer
        self.sequencer = sequencer
        let synthID = fluid_sequencer_register_fluidsynth(sequencer, synthesizer.synth)
        state = LoopState(schedule: schedule, loop: loop, sequencer: sequencer, synthID: synthID)
        stateRetained = Unmanaged.passRetained(state)

        if loop {
            state.timerClientID = fluid_sequencer_register_client(
                sequencer, "sunmask-loop", loopTimerCallback, stateRetained.toOpaque())
        }
        synthesizer.apply(schedule.instrumentation)
        state.schedulePass(0)

        // Open the audio driver last: from here the audio thread renders and runs the sequencer.
        let mark = FluidSynthLog.mark()
        let (driver, printed) = StandardErrorCapture.run {
            new_fluid_audio_driver(synthesizer.settings, synthesizer.synth)
        }
        guard let driver else {
            let logged = FluidSynthLog.entries(since: mark, maximumLevel: FluidSynthLog.debugLevel)
            let name = PlaybackSession.driverName(settings: synthesizer.settings, log: logged.map(\.message))
            var message = FluidSynthLog.summary(since: mark)
            let deviceLines = printed.split(separator: "\n").map(String.init).suffix(2)
            if !deviceLines.isEmpty {
                message += (message.isEmpty ? "" : " / ") + deviceLines.joined(separator: " / ")
            }
            delete_fluid_sequencer(sequencer)
            stateRetained.release()
            throw PlaybackError.audioDriverFailed(
                driver: name, fluidSynthMessage: message.isEmpty ? "no message from FluidSynth" : message)
        }
        self.driver = driver
    }

    /// The score step under the play cursor, or `nil` after the end of a playback without looping.
    var currentStep: Int? {
        guard driver != nil else { return nil }
        let elapsed = Double(fluid_sequencer_get_tick(sequencer)) / 1000
        let stepsElapsed = Int((elapsed / state.schedule.secondsPerStep).rounded(.down))
        let stepCount = state.schedule.stepCount
        if state.loop {
            return state.schedule.region.lowerBound + stepsElapsed % stepCount
        }
        return stepsElapsed < stepCount ? state.schedule.region.lowerBound + stepsElapsed : nil
    }

    /// Removes pending notes, sends all-notes-off, closes the driver, then silences and frees the rest.
    ///
    /// The driver is deleted before the sequencer: FluidSynth 2.3.1 unregisters the sequencer's
    /// sample timer from the synthesizer without a lock, which races with a running audio thread.
    func tearDown() {
        guard let driver else { return }
        fluid_sequencer_remove_events(sequencer, -1, -1, -1)
        synthesizer.allNotesOff()
        delete_fluid_audio_driver(driver)
        self.driver = nil
        synthesizer.allSoundsOff()
        delete_fluid_sequencer(sequencer)
        stateRetained.release()
    }

    /// Returns the driver FluidSynth tried: the "audio.driver" setting, else the name in its
    /// "Using '…' audio driver" debug message, else "FluidSynth default".
    private static func driverName(settings: OpaquePointer, log: [String]) -> String {
        let configured = Synthesizer.string(settings, "audio.driver")
        if !configured.isEmpty { return configured }
        for message in log {
            if let start = message.range(of: "Using '"), let end = message.range(of: "' audio driver") {
                return String(message[start.upperBound..<end.lowerBound])
            }
        }
        return "FluidSynth default"
    }
}

/// The data the sequencer's timer callback needs, shared with the audio thread.
///
/// `timerClientID` is set before the audio driver starts. `nextPass` changes only inside
/// `schedulePass`, which runs on the caller's thread before the driver starts and on the audio
/// thread after.
final class LoopState {
    let schedule: NoteSchedule
    let loop: Bool
    let sequencer: OpaquePointer
    let synthID: fluid_seq_id_t
    var timerClientID: fluid_seq_id_t = -1
    private let events: [NoteEvent]

    init(schedule: NoteSchedule, loop: Bool, sequencer: OpaquePointer, synthID: fluid_seq_id_t) {
        self.schedule = schedule
        self.loop = loop
        self.sequencer = sequencer
        self.synthID = synthID
        events = schedule.events()
    }

    /// Queues the notes of pass `pass` and, when looping, a timer at its start that queues the next.
    func schedulePass(_ pass: Int) {
        guard let event = new_fluid_event() else { return }
        defer { delete_fluid_event(event) }
        // Ticks are computed from the step counted since the first pass, so a note-off at the
        // end of one pass and a note-on at the start of the next land on exactly the same tick.
        let passStartStep = pass * schedule.stepCount
        let ticksPerStep = schedule.secondsPerStep * 1000
        fluid_event_set_source(event, -1)
        fluid_event_set_dest(event, synthID)
        // FluidSynth 2.3's sequencer queue (fluid_seq_queue.cpp) orders note-offs before note-ons at
        // equal ticks, which this relies on.
        for note in events {
            let tick = UInt32((Double(passStartStep + note.step) * ticksPerStep).rounded())
            let channel = Int32(note.voice.rawValue)
            if let velocity = note.velocity {
                fluid_event_noteon(event, channel, Int16(note.pitch), Int16(velocity))
            } else {
                fluid_event_noteoff(event, channel, Int16(note.pitch))
            }
            _ = fluid_sequencer_send_at(sequencer, event, tick, 1)
        }
        if loop {
            fluid_event_set_dest(event, timerClientID)
            fluid_event_timer(event, nil)
            _ = fluid_sequencer_send_at(sequencer, event, UInt32((Double(passStartStep) * ticksPerStep).rounded()), 1)
            nextPass = pass + 1
        }
    }

    /// The pass the next timer event schedules.
    var nextPass = 1
}

/// Runs at the start of each pass of a looped playback and queues the following pass.
private let loopTimerCallback: fluid_event_callback_t = { _, _, _, data in
    guard let data else { return }
    let state = Unmanaged<LoopState>.fromOpaque(data).takeUnretainedValue()
    state.schedulePass(state.nextPass)
}
