import Chorale

/// The editor's state and its response to commands.
///
/// `handle(_:)` changes the state and returns the side effects the host must perform
/// (start a job, play, save, quit). Nothing here touches a terminal, a file or a thread, so
/// tests drive the editor with key sequences and read the screen it draws.
public struct Editor {
    public private(set) var document: EditorDocument
    /// The document as last saved or opened, to tell whether there are unsaved changes.
    public private(set) var savedDocument: EditorDocument
    /// The file name shown in the header, such as "ode-to-joy.mid".
    public var fileName: String
    public var settings = EditorSettings()

    public private(set) var mode: EditorMode = .normal
    public private(set) var cursorStep = 0
    public private(set) var voice = 0
    /// The pitch row of the cursor, where a new note goes.
    public private(set) var cursorPitch: Int
    /// The other corner of the selected region, while a selection is active.
    public private(set) var selectionAnchor: (step: Int, voice: Int)?
    public private(set) var zoom: Zoom = .single
    /// The last message for the composer, shown on the bottom line.
    public private(set) var message: String?

    public private(set) var job: JobProgress?
    public private(set) var candidates: [Candidate] = []
    public private(set) var candidateIndex = 0
    /// The step being played, for the play cursor; nil when silent.
    public var playStep: Int?
    public private(set) var loopPlayback = false

    /// The first visible step and the highest visible pitch, kept by `scrollToCursor`.
    public private(set) var firstVisibleStep = 0
    public private(set) var topVisiblePitch = 84

    var history = UndoHistory<EditorDocument>()
    /// The visible area of the piano roll, set by the last draw.
    var visibleSteps = 64
    var visiblePitches = 12
    /// Whether the next draw should scroll the pitch rows to show the whole displayed grid: set
    /// when a document opens and when a job's results arrive.
    var pitchViewNeedsFit = true

    public init(document: EditorDocument, fileName: String) {
        self.document = document
        self.savedDocument = document
        self.fileName = fileName
        let sounding = document.score.grid.pitches[0].filter { $0 != SATBGrid.rest }
        cursorPitch = sounding.first ?? 72
        topVisiblePitch = cursorPitch + 6
    }

    public var hasUnsavedChanges: Bool { document != savedDocument }

    /// The grid the piano roll shows: the candidate being browsed, the job's live preview,
    /// or the document.
    public var displayedGrid: SATBGrid {
        if !candidates.isEmpty { return candidates[candidateIndex].grid }
        if let preview = job?.preview, settings.showLiveSteps { return preview }
        return document.score.grid
    }

    /// The selected region as a step range and a voice range, or the cursor cell.
    public var region: (steps: ClosedRange<Int>, voices: ClosedRange<Int>) {
        guard let anchor = selectionAnchor else {
            return (cursorStep...cursorStep, voice...voice)
        }
        return (min(anchor.step, cursorStep)...max(anchor.step, cursorStep),
                min(anchor.voice, voice)...max(anchor.voice, voice))
    }

    // MARK: - Input

    /// Handles one key press or mouse event and returns the effects to perform.
    public mutating func handle(_ key: KeyPress) -> [EditorEffect] {
        switch mode {
        case .help(let scroll):
            return handleHelp(key, scroll: scroll)
        case .settings(let field):
            return handleSettings(key, field: field)
        case .confirmQuit:
            if key == .character("y") || key == .character("Y") { return [.quit] }
            mode = .normal
            message = "Quit cancelled."
            return []
        case .normal:
            break
        }
        if case .mouse(let event) = key {
            return handleMouse(event)
        }
        if key == .resize { return [] }
        guard let command = KeyBindings.command(for: key) else {
            message = "No command on this key; press ? for the list of keys."
            return []
        }
        return perform(command)
    }

    /// Runs one command, as a key bound to it would.
    public mutating func perform(_ command: EditorCommand) -> [EditorEffect] {
        message = nil
        if !candidates.isEmpty && command.changesDocument && command != .acceptCandidate {
            message = "Accept the candidate shown (A) or dismiss the candidates (Esc) first."
            return []
        }
        switch command {
        case .moveTime(let steps): moveCursor(to: cursorStep + steps)
        case .moveBeats(let beats): moveCursor(to: cursorStep + beats * document.score.timeSignature.stepsPerBeat)
        case .moveBars(let bars): moveCursor(to: barStart(offset: bars))
        case .movePitch(let semitones): cursorPitch = min(127, max(0, cursorPitch + semitones))
        case .moveToStart: moveCursor(to: 0)
        case .moveToEnd: moveCursor(to: document.steps - 1)
        case .selectVoice(let newVoice): selectVoice(newVoice)

        case .enterNote: enterNote()
        case .deleteNote: deleteNote()
        case .transpose(let semitones): transpose(by: semitones)
        case .extendNote: extendNote()
        case .shortenNote: shortenNote()

        case .toggleSelection: toggleSelection()
        case .selectWholeVoice:
            selectionAnchor = (0, voice)
            cursorStep = document.steps - 1
        case .markRegenerate: markRegion(keep: false)
        case .markKeep: markRegion(keep: true)
        case .markAllRegenerate:
            change("mark all to regenerate") { document in
                document.keep = Array(repeating: Array(repeating: false, count: document.steps), count: 4)
            }

        case .generateMasked: return startGeneration(.masked)
        case .harmonize: return startGeneration(.harmonize)
        case .regenerateVoice: return startGeneration(.voice(voice))
        case .generateFromScratch: return startGeneration(.scratch)
        case .cancelJob: return cancel()
        case .nextCandidate: cycleCandidate(by: 1)
        case .previousCandidate: cycleCandidate(by: -1)
        case .acceptCandidate: acceptCandidate()

        case .playFromCursor:
            let range = region.steps
            let end = selectionAnchor == nil ? document.steps : range.upperBound + 1
            message = loopPlayback ? "Playing in a loop; P stops." : "Playing; P stops."
            return [.play(from: range.lowerBound, to: end, loop: loopPlayback)]
        case .stopPlayback:
            playStep = nil
            return [.stopPlayback]
        case .toggleLoop:
            loopPlayback.toggle()
            message = loopPlayback ? "Loop on." : "Loop off."
        case .panic:
            playStep = nil
            message = "All notes off."
            return [.panic]

        case .undo: undo()
        case .redo: redo()
        case .cycleZoom:
            zoom = Zoom(rawValue: (zoom.rawValue + 1) % Zoom.allCases.count)!
            message = "Zoom: \(zoom.label)."
        case .save: return [.save]
        case .saveAs: return [.saveAs]
        case .openFile: return [.openFile]
        case .exportMusicXML: return [.exportMusicXML]
        case .exportWAV: return [.exportWAV]
        case .showSettings: mode = .settings(field: 0)
        case .showHelp: mode = .help(scroll: 0)
        case .quit:
            if hasUnsavedChanges {
                mode = .confirmQuit
                return []
            }
            return [.quit]
        }
        return []
    }

    // MARK: - Host callbacks

    /// Marks the document as saved under `fileName`.
    public mutating func didSave(as fileName: String) {
        savedDocument = document
        self.fileName = fileName
        message = "Saved \(fileName)."
    }

    /// Replaces the document with `recovered` (an autosave) as one undoable change, so the
    /// file on disk still counts as the saved version.
    public mutating func recover(_ recovered: EditorDocument) {
        change("recover autosave") { $0 = recovered }
        clampCursor()
    }

    /// Shows `results` for browsing, as a finished job with several candidates does; used when
    /// a session with saved candidates is opened.
    public mutating func browse(_ results: [Candidate]) {
        let valid = results.filter { $0.grid.steps == document.steps }
        guard !valid.isEmpty else { return }
        candidates = valid
        candidateIndex = 0
        pitchViewNeedsFit = true
    }

    /// Takes over the zoom of `other`, so opening another file keeps the view.
    public mutating func zoomLike(_ other: Editor) {
        zoom = other.zoom
    }

    /// Shows a message from the host, such as an error while saving or playing.
    public mutating func show(message: String) {
        self.message = message
    }

    /// Updates the running job's progress line.
    public mutating func jobDidProgress(_ progress: JobProgress) {
        job = progress
    }

    /// Takes the candidates of a finished job. One candidate is applied as an undoable edit;
    /// several are shown for browsing until one is accepted. A candidate that changes a
    /// kept cell is rejected: the sampler never changes given cells, so this guards a bug.
    public mutating func jobDidFinish(request: GenerationRequest, candidates results: [Candidate]) {
        job = nil
        let valid = results.filter { respectsKeptCells($0.grid, of: request.document) }
        if valid.count < results.count {
            message = "Rejected \(results.count - valid.count) result(s) that changed kept cells; this is a bug, please report it."
        }
        guard !valid.isEmpty else { return }
        pitchViewNeedsFit = true
        if valid.count == 1 {
            change("generate") { $0.score.grid = valid[0].grid }
            message = (message ?? "") + (message == nil ? "" : " ") + "Generated (\(request.kind.label)); u undoes."
            return
        }
        candidates = valid
        candidateIndex = 0
        message = "\(valid.count) candidates: c/C to browse, A to accept, Esc to dismiss."
    }

    /// Ends the job without a result (cancelled or failed).
    public mutating func jobDidStop(message text: String) {
        job = nil
        message = text
    }

    /// True when `grid` equals the document at every kept cell.
    func respectsKeptCells(_ grid: SATBGrid, of document: EditorDocument) -> Bool {
        guard grid.steps == document.steps else { return false }
        for voice in 0..<4 {
            for step in 0..<document.steps where document.keep[voice][step] {
                if grid.pitches[voice][step] != document.score.grid.pitches[voice][step] { return false }
            }
        }
        return true
    }

    // MARK: - Changes

    /// Applies `edit` to the document and records it for undo when it changed anything.
    mutating func change(_ label: String, _ edit: (inout EditorDocument) -> Void) {
        var edited = document
        edit(&edited)
        guard edited != document else { return }
        history.record(document, label: label)
        document = edited
    }

    private mutating func undo() {
        guard let entry = history.undo(current: document) else {
            message = "Nothing to undo."
            return
        }
        document = entry.snapshot
        clampCursor()
        message = "Undid \(entry.label)."
    }

    private mutating func redo() {
        guard let entry = history.redo(current: document) else {
            message = "Nothing to redo."
            return
        }
        document = entry.snapshot
        clampCursor()
        message = "Redid \(entry.label)."
    }

    // MARK: - Movement

    mutating func moveCursor(to step: Int) {
        cursorStep = min(max(0, step), max(0, document.steps - 1))
        scrollToCursor()
    }

    private func barStart(offset bars: Int) -> Int {
        let bar = document.score.timeSignature.stepsPerBar
        let pickup = document.score.pickupSteps
        // Bars start at pickup, pickup + bar, …; the pickup itself starts at 0.
        let index = cursorStep < pickup ? -1 : (cursorStep - pickup) / bar
        let onBarStart = cursorStep == (index < 0 ? 0 : pickup + index * bar)
        var target = index + bars
        if bars < 0 && !onBarStart { target += 1 }
        return target < 0 ? 0 : pickup + target * bar
    }

    private mutating func selectVoice(_ newVoice: Int) {
        voice = newVoice
        let pitch = document.pitch(voice: voice, step: cursorStep)
        if pitch != SATBGrid.rest {
            cursorPitch = pitch
        } else if let nearest = document.score.grid.pitches[voice].first(where: { $0 != SATBGrid.rest }) {
            cursorPitch = nearest
        } else {
            let range = Voice(rawValue: voice)!.modelRange
            cursorPitch = (range.lowerBound + range.upperBound) / 2
        }
        message = "Voice: \(Voice(rawValue: voice)!)."
    }

    mutating func scrollToCursor() {
        if cursorStep < firstVisibleStep {
            firstVisibleStep = cursorStep
        } else if cursorStep >= firstVisibleStep + visibleSteps {
            firstVisibleStep = cursorStep - visibleSteps + 1
        }
        firstVisibleStep = max(0, min(firstVisibleStep, max(0, document.steps - visibleSteps)))
    }

    /// Scrolls the pitch rows to the displayed grid's sounding range. A range that fits is
    /// centred. A wider one starts with its highest pitch on the top row, and the voices below
    /// the view are marked. The view stays as it is when the cursor pitch would leave it.
    mutating func fitPitchesToView() {
        let sounding = displayedGrid.pitches.joined().filter { $0 != SATBGrid.rest }
        guard let lowest = sounding.min(), let highest = sounding.max() else { return }
        let span = highest - lowest + 1
        let top = min(127, span <= visiblePitches ? highest + (visiblePitches - span) / 2 : highest)
        if cursorPitch <= top && cursorPitch > top - visiblePitches {
            topVisiblePitch = top
        }
    }

    /// Scrolls so the cursor pitch is on screen; the view calls it once its height is set.
    mutating func scrollToCursorPitch() {
        if cursorPitch > topVisiblePitch {
            topVisiblePitch = cursorPitch
        } else if cursorPitch <= topVisiblePitch - visiblePitches {
            topVisiblePitch = cursorPitch + visiblePitches - 1
        }
        topVisiblePitch = min(127, max(visiblePitches - 1, topVisiblePitch))
    }

    private mutating func clampCursor() {
        cursorStep = min(cursorStep, max(0, document.steps - 1))
        scrollToCursor()
    }

    // MARK: - Notes

    private mutating func enterNote() {
        guard (0...127).contains(cursorPitch) else { return }
        let (pitch, voice, step) = (cursorPitch, self.voice, cursorStep)
        change("enter note") { $0.setPitch(pitch, voice: voice, step: step) }
        message = "\(Voice(rawValue: voice)!.letter) \(noteName(pitch)) at \(positionLabel(cursorStep))."
    }

    private mutating func deleteNote() {
        guard document.pitch(voice: voice, step: cursorStep) != SATBGrid.rest else { return }
        let run = document.run(voice: voice, containing: cursorStep)
        let voice = self.voice
        change("delete note") { document in
            for step in run { document.setPitch(SATBGrid.rest, voice: voice, step: step) }
        }
    }

    /// Transposes the selected region, or the held note under the cursor.
    private mutating func transpose(by semitones: Int) {
        let cells: [(voice: Int, step: Int)]
        if selectionAnchor != nil {
            let (steps, voices) = region
            cells = voices.flatMap { v in steps.map { (v, $0) } }
        } else {
            cells = document.run(voice: voice, containing: cursorStep).map { (voice, $0) }
        }
        let sounding = cells.filter { document.pitch(voice: $0.voice, step: $0.step) != SATBGrid.rest }
        guard !sounding.isEmpty else {
            message = "Nothing to transpose: the cells are rests."
            return
        }
        if let blocked = sounding.first(where: { !(0...127).contains(document.pitch(voice: $0.voice, step: $0.step) + semitones) }) {
            message = "Cannot transpose: \(noteName(document.pitch(voice: blocked.voice, step: blocked.step))) would leave the MIDI range."
            return
        }
        change("transpose") { document in
            for cell in sounding {
                document.setPitch(document.pitch(voice: cell.voice, step: cell.step) + semitones,
                                  voice: cell.voice, step: cell.step)
            }
        }
        if selectionAnchor == nil {
            cursorPitch = document.pitch(voice: voice, step: cursorStep)
        }
    }

    private mutating func extendNote() {
        let pitch = document.pitch(voice: voice, step: cursorStep)
        guard pitch != SATBGrid.rest else {
            message = "No note under the cursor to extend."
            return
        }
        let run = document.run(voice: voice, containing: cursorStep)
        guard run.upperBound < document.steps else {
            message = "The note already reaches the end of the piece."
            return
        }
        let voice = self.voice
        change("extend note") { $0.setPitch(pitch, voice: voice, step: run.upperBound) }
    }

    private mutating func shortenNote() {
        guard document.pitch(voice: voice, step: cursorStep) != SATBGrid.rest else {
            message = "No note under the cursor to shorten."
            return
        }
        let run = document.run(voice: voice, containing: cursorStep)
        guard run.count > 1 else {
            message = "The note is one 16th long; x deletes it."
            return
        }
        let voice = self.voice
        change("shorten note") { $0.setPitch(SATBGrid.rest, voice: voice, step: run.upperBound - 1) }
    }

    // MARK: - Selection and masks

    private mutating func toggleSelection() {
        if selectionAnchor == nil {
            selectionAnchor = (cursorStep, voice)
            message = "Selecting: move to the other corner, then r (regenerate) or f (keep)."
        } else {
            selectionAnchor = nil
        }
    }

    private mutating func markRegion(keep: Bool) {
        let (steps, voices) = region
        change(keep ? "mark keep" : "mark regenerate") { document in
            for v in voices { for step in steps { document.keep[v][step] = keep } }
        }
        let count = steps.count * voices.count
        message = "\(count) cell\(count == 1 ? "" : "s") marked to \(keep ? "keep" : "regenerate")."
        selectionAnchor = nil
    }

    // MARK: - Jobs and candidates

    private mutating func startGeneration(_ kind: GenerationKind) -> [EditorEffect] {
        guard job == nil else {
            message = "A job is running; Esc cancels it."
            return []
        }
        var request = GenerationRequest(kind: kind, document: document, settings: settings)
        switch kind {
        case .masked:
            break
        case .harmonize:
            request.document.keep = (0..<4).map { Array(repeating: $0 == 0, count: document.steps) }
        case .voice(let regenerated):
            request.document.keep = (0..<4).map { Array(repeating: $0 != regenerated, count: document.steps) }
        case .scratch:
            request.document.keep = Array(repeating: Array(repeating: false, count: document.steps), count: 4)
        }
        if !request.document.keep.joined().contains(false) {
            message = "No cells are marked to regenerate; mark some with v … r first."
            return []
        }
        let problems = keptNotesOutsideVocabulary(request.document)
        if let first = problems.first {
            message = "Cannot generate: kept \(first) is outside the model's pitches (\(noteName(TokenVocabulary.lowestPitch))–\(noteName(TokenVocabulary.highestPitch)))"
                + (problems.count > 1 ? " and \(problems.count - 1) more" : "") + "; transpose or mark it to regenerate."
            return []
        }
        job = JobProgress(label: kind.label, step: 0, total: 0)
        settings.seed &+= 1
        return [.startGeneration(request)]
    }

    /// Kept notes that the model cannot encode, described as "S G6 at 3:1:1".
    func keptNotesOutsideVocabulary(_ document: EditorDocument) -> [String] {
        var problems: [String] = []
        for voice in 0..<4 {
            for run in document.score.grid.runs(of: Voice(rawValue: voice)!) where !run.isRest {
                let kept = document.keep[voice][run.start]
                if kept && !TokenVocabulary.pitchRange.contains(run.pitch) {
                    problems.append("\(Voice(rawValue: voice)!.letter) \(noteName(run.pitch)) at \(positionLabel(run.start))")
                }
            }
        }
        return problems
    }

    private mutating func cancel() -> [EditorEffect] {
        if job != nil {
            message = "Cancelling…"
            return [.cancelGeneration]
        }
        if !candidates.isEmpty {
            candidates = []
            message = "Candidates dismissed."
            return []
        }
        selectionAnchor = nil
        return []
    }

    private mutating func cycleCandidate(by offset: Int) {
        guard !candidates.isEmpty else {
            message = "No candidates; set Candidates above 1 in settings (O) and generate."
            return
        }
        candidateIndex = (candidateIndex + offset + candidates.count) % candidates.count
    }

    private mutating func acceptCandidate() {
        guard !candidates.isEmpty else {
            message = "No candidate to accept."
            return
        }
        let chosen = candidates[candidateIndex]
        candidates = []
        change("accept candidate") { $0.score.grid = chosen.grid }
        message = "Accepted candidate \(candidateIndex + 1); u undoes."
    }

    // MARK: - Help, settings and mouse

    private mutating func handleHelp(_ key: KeyPress, scroll: Int) -> [EditorEffect] {
        switch key {
        case .character("j"), .down: mode = .help(scroll: scroll + 1)
        case .character("k"), .up: mode = .help(scroll: max(0, scroll - 1))
        case .character(" "), .pageDown: mode = .help(scroll: scroll + 10)
        case .pageUp: mode = .help(scroll: max(0, scroll - 10))
        case .resize: break
        default: mode = .normal
        }
        return []
    }

    private mutating func handleSettings(_ key: KeyPress, field: Int) -> [EditorEffect] {
        let count = settings.rows.count
        switch key {
        case .character("j"), .down: mode = .settings(field: (field + 1) % count)
        case .character("k"), .up: mode = .settings(field: (field + count - 1) % count)
        case .character("l"), .right, .character("+"): settings.adjust(field: field, direction: 1)
        case .character("h"), .left, .character("-"): settings.adjust(field: field, direction: -1)
        case .resize: break
        default: mode = .normal
        }
        return []
    }

    /// The layout of the last draw, used to map a click to a cell.
    var layout: PianoRollLayout?
    private var dragStart: (step: Int, voice: Int)?

    private mutating func handleMouse(_ event: MouseEvent) -> [EditorEffect] {
        guard let layout, let step = layout.step(atColumn: event.column, firstStep: firstVisibleStep, zoom: zoom),
              step < document.steps else {
            return []
        }
        switch event.action {
        case .press:
            if let stripVoice = layout.maskVoice(atRow: event.row) {
                voice = stripVoice
                dragStart = (step, stripVoice)
                selectionAnchor = (step, stripVoice)
                cursorStep = step
            } else if let pitch = layout.pitch(atRow: event.row, topPitch: topVisiblePitch) {
                cursorStep = step
                cursorPitch = pitch
            }
        case .drag:
            if dragStart != nil {
                cursorStep = step
                if let stripVoice = layout.maskVoice(atRow: event.row) { voice = stripVoice }
            }
        case .release:
            if let start = dragStart {
                cursorStep = step
                if let stripVoice = layout.maskVoice(atRow: event.row) { voice = stripVoice }
                // A click without drag toggles one cell; a drag paints the region to regenerate.
                let single = start.step == step && start.voice == voice
                let keep = single ? !document.keep[voice][step] : false
                markRegion(keep: keep)
                dragStart = nil
            }
        case .scrollUp:
            cursorPitch = min(127, cursorPitch + 1)
        case .scrollDown:
            cursorPitch = max(0, cursorPitch - 1)
        }
        return []
    }

    // MARK: - Names

    /// Returns the bar:beat:16th label of a step, counting bars from 1 (a pickup is bar 0).
    public func positionLabel(_ step: Int) -> String {
        let signature = document.score.timeSignature
        let pickup = document.score.pickupSteps
        let bar: Int, offset: Int
        if step < pickup {
            bar = 0
            offset = signature.stepsPerBar - pickup + step
        } else {
            bar = (step - pickup) / signature.stepsPerBar + 1
            offset = (step - pickup) % signature.stepsPerBar
        }
        return "\(bar):\(offset / signature.stepsPerBeat + 1):\(offset % signature.stepsPerBeat + 1)"
    }
}

/// Returns the note name of a MIDI pitch with MIDI 60 = C4, or "rest".
func noteName(_ pitch: Int) -> String {
    guard pitch != SATBGrid.rest, let value = try? Pitch(midi: pitch) else { return "rest" }
    return value.name
}

extension EditorCommand {
    /// True for commands that edit the document (and so are blocked while browsing candidates).
    var changesDocument: Bool {
        switch self {
        case .enterNote, .deleteNote, .transpose, .extendNote, .shortenNote,
             .markRegenerate, .markKeep, .markAllRegenerate, .undo, .redo, .acceptCandidate,
             .generateMasked, .harmonize, .regenerateVoice, .generateFromScratch:
            return true
        default:
            return false
        }
    }
}
