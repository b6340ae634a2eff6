import Chorale
import Foundation
import SunmaskEngine

/// Runs an `Editor` for real: performs its effects (jobs, playback, files), autosaves, and
/// asks the questions (recover, save as, open) that need more than one key.
///
/// Everything here runs on the UI thread: `handle(_:)` for each key, `tick(now:)` every few
/// tens of milliseconds, `render(rows:columns:glyphs:)` before each draw. Background threads
/// (a generation job, loading the synthesizer, rendering a WAV file) never touch the editor.
/// They post to a lock-protected mailbox that `tick` drains, so a key is handled at once even
/// while a job runs.
public final class EditorHost {
    public internal(set) var editor: Editor
    /// The document's absolute file path or `jsb:` reference; nil for a new, unnamed document.
    public internal(set) var documentPath: String?
    /// True once the editor quit; the loop should end.
    public private(set) var isFinished = false

    let configuration: HostConfiguration
    let mailbox = HostMailbox()
    var prompt: HostPrompt?

    struct RunningJob {
        let id: Int
        let request: GenerationRequest
        let cancellation: SamplerCancellation
    }
    var runningJob: RunningJob?
    private var lastJobID = 0

    var playback = PlaybackState()

    /// The state last written to (or found equal to) the autosave, and when that was.
    var autosavedState: AutosaveState
    var lastAutosaveCheck: Date

    public init(editor: Editor, documentPath: String?, configuration: HostConfiguration, now: Date = Date()) {
        self.editor = editor
        self.documentPath = documentPath
        self.configuration = configuration
        autosavedState = AutosaveState(editor)
        lastAutosaveCheck = now
    }

    /// Opens `location` (a MIDI or session file, or `jsb:SPLIT:INDEX`), or starts a new
    /// document when `location` is nil or names a file that does not exist yet. When an
    /// autosave newer than the file exists, the first screen asks whether to recover it.
    public static func open(_ location: String?, configuration: HostConfiguration, now: Date = Date()) throws -> EditorHost {
        let host: EditorHost
        if let location, JSBReference.isReference(location) || FileManager.default.fileExists(atPath: location) {
            let opened = try DocumentFiles.open(location, jsbDataset: configuration.jsbDataset)
            let path = absolutePath(location)
            host = EditorHost(editor: makeEditor(opened, fileName: displayName(path)), documentPath: path,
                              configuration: configuration, now: now)
        } else {
            if let location, DocumentFormat(path: location) == nil {
                throw DocumentFileError.unknownExtension(path: location)
            }
            let path = location.map(absolutePath)
            var editor = Editor(document: EditorDocument(score: Score(grid: SATBGrid(steps: 64))),
                                fileName: path.map(displayName) ?? "untitled")
            editor.show(message: "New piece of 4 bars: n enters notes, N generates one from scratch.")
            host = EditorHost(editor: editor, documentPath: path, configuration: configuration, now: now)
        }
        host.offerRecovery()
        return host
    }

    /// Whether a generation job is running.
    public var isJobRunning: Bool { runningJob != nil }

    // MARK: - Loop

    /// Handles one key: answers the open prompt, or passes the key to the editor and performs
    /// the effects it asks for.
    public func handle(_ key: KeyPress) {
        if let prompt {
            answer(prompt, with: key)
            return
        }
        perform(editor.handle(key))
    }

    /// Runs one command as if its key was pressed.
    public func perform(_ command: EditorCommand) {
        perform(editor.perform(command))
    }

    /// Applies what background threads posted, moves the play cursor and autosaves when due.
    public func tick(now: Date = Date()) {
        let (progress, completions) = mailbox.drain()
        if let progress, progress.job == runningJob?.id {
            editor.jobDidProgress(progress.progress)
        }
        for completion in completions {
            completion(self)
        }
        updatePlayCursor()
        if now.timeIntervalSince(lastAutosaveCheck) >= configuration.autosaveInterval {
            autosaveIfChanged(now: now)
        }
    }

    /// Draws the editor and, on the bottom line, the open prompt.
    public func render(rows: Int, columns: Int, glyphs: GlyphSet = .unicode) -> ScreenBuffer {
        var screen = editor.render(rows: rows, columns: columns, glyphs: glyphs)
        if let prompt, rows > 0 {
            let style = CellStyle(.alert, bold: true)
            screen.clearRow(rows - 1, style: style)
            // A line wider than the screen shows its end, where the typed text and cursor are.
            var line = prompt.line
            if line.count > columns, columns > 1 {
                line = "…" + line.suffix(columns - 1)
            }
            screen.put(line, row: rows - 1, column: 0, style: style)
            if glyphs.asciiOnly { screen.replaceNonASCII() }
        }
        return screen
    }

    /// Ends the session after SIGINT, SIGTERM or SIGHUP: autosaves unsaved work (the autosave
    /// stays, so the next start offers it), cancels the job and stops the sound.
    public func finishAfterSignal() {
        if hasWorkToAutosave {
            writeAutosave(now: Date())
        }
        stopBackgroundWork()
        isFinished = true
    }

    // MARK: - Effects

    func perform(_ effects: [EditorEffect]) {
        for effect in effects {
            switch effect {
            case .startGeneration(let request): startJob(request)
            case .cancelGeneration: runningJob?.cancellation.cancel()
            case .play(let from, let to, let loop): play(from: from, to: to, loop: loop)
            case .stopPlayback: stopPlayback()
            case .panic: panic()
            case .save: save()
            case .saveAs: prompt = .saveAs(text: documentPath.map(defaultSaveName) ?? "untitled.mid")
            case .openFile:
                if editor.hasUnsavedChanges {
                    editor.show(message: "Unsaved changes: save them (w) before opening another file.")
                } else {
                    prompt = .open(text: "")
                }
            case .exportMusicXML: exportMusicXML()
            case .exportWAV: exportWAV()
            case .quit: quit()
            }
        }
    }

    private func quit() {
        stopBackgroundWork()
        if let store = configuration.autosave {
            do {
                try store.remove(forDocument: autosaveKey)
            } catch {
                // The editor is closing, so there is no screen left to show this on; the stale
                // autosave is offered at the next start, which is the safe side.
            }
        }
        isFinished = true
    }

    private func stopBackgroundWork() {
        runningJob?.cancellation.cancel()
        playback.player?.stop()
        playback.pending = nil
    }

    // MARK: - Jobs

    private func startJob(_ request: GenerationRequest) {
        guard let engine = configuration.engine else {
            editor.jobDidStop(message: configuration.missingEngineMessage)
            return
        }
        lastJobID += 1
        let job = RunningJob(id: lastJobID, request: request, cancellation: SamplerCancellation())
        runningJob = job
        let mailbox = self.mailbox
        let thread = Thread {
            let outcome = Result {
                try engine.generate(request, progress: { mailbox.post(progress: $0, job: job.id) },
                                    cancellation: job.cancellation)
            }
            mailbox.post { host in host.jobDidEnd(id: job.id, outcome: outcome) }
        }
        thread.name = "sunmask generation"
        // The U-Net's forward pass recurses little, but its workspace buffers live on the heap;
        // 16 MiB leaves room for BLAS threads started from this one.
        thread.stackSize = 16 << 20
        thread.start()
    }

    func jobDidEnd(id: Int, outcome: Result<[Candidate], Error>) {
        guard let job = runningJob, job.id == id else { return }
        runningJob = nil
        if job.cancellation.isCancelled {
            let reached = editor.job.map { " at step \($0.step)/\($0.total)" } ?? ""
            editor.jobDidStop(message: "Cancelled \(job.request.kind.label)\(reached); nothing changed.")
            return
        }
        switch outcome {
        case .success(let candidates) where candidates.isEmpty:
            editor.jobDidStop(message: "The job returned no result; nothing changed.")
        case .success(let candidates):
            editor.jobDidFinish(request: job.request, candidates: candidates)
            autosaveIfChanged(now: Date())
        case .failure(let error):
            editor.jobDidStop(message: "Generation failed: \(error)")
        }
    }

    // MARK: - Prompts

    private func answer(_ open: HostPrompt, with key: KeyPress) {
        if key == .resize { return }
        switch open {
        case .recover(let session, _):
            if key == .character("y") || key == .character("Y") {
                prompt = nil
                recover(session)
            } else if key == .character("n") || key == .character("N") || key == .escape {
                prompt = nil
                editor.show(message: "Kept the file as saved; the autosave is replaced at the next autosave.")
            }
        case .saveAs(let text):
            switch key {
            case .escape: prompt = nil
            case .enter:
                prompt = nil
                if !text.isEmpty { save(to: text) }
            default: prompt = .saveAs(text: edited(text, by: key))
            }
        case .open(let text):
            switch key {
            case .escape: prompt = nil
            case .enter:
                prompt = nil
                if !text.isEmpty { openDocument(text) }
            default: prompt = .open(text: edited(text, by: key))
            }
        }
    }

    // MARK: - Names

    static func absolutePath(_ location: String) -> String {
        if JSBReference.isReference(location) { return location }
        return URL(fileURLWithPath: location).standardizedFileURL.path
    }

    static func displayName(_ location: String) -> String {
        JSBReference.isReference(location) ? location : (location as NSString).lastPathComponent
    }

    /// A save name for `location`: itself for a MIDI or session file, otherwise a MIDI name.
    func defaultSaveName(_ location: String) -> String {
        if DocumentFormat(path: location) != nil { return location }
        return DocumentFiles.sibling(of: location, extension: "mid")
    }

    static func makeEditor(_ opened: OpenedDocument, fileName: String) -> Editor {
        var editor = Editor(document: opened.document, fileName: fileName)
        if let settings = opened.settings {
            editor.settings = settings
        } else {
            editor.settings.tempo = opened.document.score.tempo
        }
        editor.browse(opened.candidates)
        if let note = opened.note { editor.show(message: note) }
        return editor
    }
}
