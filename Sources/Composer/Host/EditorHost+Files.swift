import Chorale
import Foundation
import Playback

/// The parts of the editor state an autosave stores; a change to any of them is unsaved work.
struct AutosaveState: Equatable {
    var document: EditorDocument
    var settings: EditorSettings
    var candidates: [Candidate]

    init(_ editor: Editor) {
        document = editor.document
        settings = editor.settings
        candidates = editor.candidates
    }
}

extension EditorHost {
    // MARK: - Save and open

    /// Saves to the document's own file when it is MIDI or a session, otherwise asks for a name.
    func save() {
        guard let path = documentPath, DocumentFormat(path: path) != nil else {
            prompt = .saveAs(text: documentPath.map(defaultSaveName) ?? "untitled.mid")
            return
        }
        save(to: path)
    }

    /// Saves atomically to `path` (MIDI or session by extension) and drops the autosave.
    func save(to path: String) {
        let absolute = EditorHost.absolutePath(path)
        let folder = (absolute as NSString).deletingLastPathComponent
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isFolder), isFolder.boolValue else {
            editor.show(message: "Save failed: folder \(folder) does not exist; create it or choose another name.")
            return
        }
        do {
            try DocumentFiles.save(editor, to: absolute)
        } catch {
            editor.show(message: "Save failed: \(error)")
            return
        }
        let previousKey = autosaveKey
        documentPath = absolute
        editor.didSave(as: EditorHost.displayName(absolute))
        if DocumentFormat(path: absolute) == .midi {
            editor.show(message: "Saved \(EditorHost.displayName(absolute)) (MIDI keeps notes only; save as .json to keep masks).")
        }
        removeAutosaves(for: [previousKey, autosaveKey])
        autosavedState = AutosaveState(editor)
    }

    /// Replaces the document with the file or reference at `location`.
    func openDocument(_ location: String) {
        guard runningJob == nil else {
            editor.show(message: "A job is running; Esc cancels it before opening another file.")
            return
        }
        if !location.hasPrefix("jsb:"), !FileManager.default.fileExists(atPath: EditorHost.absolutePath(location)) {
            editor.show(message: "Cannot open \(location): no such file; check the name, or open jsb:SPLIT:INDEX.")
            return
        }
        do {
            let opened = try DocumentFiles.open(location, jsbDataset: configuration.jsbDataset)
            stopPlayback()
            let path = EditorHost.absolutePath(location)
            var next = EditorHost.makeEditor(opened, fileName: EditorHost.displayName(path))
            next.zoomLike(editor)
            editor = next
            documentPath = path
            autosavedState = AutosaveState(editor)
            offerRecovery()
        } catch {
            editor.show(message: "Cannot open \(location): \(error)")
        }
    }

    // MARK: - Export

    func exportMusicXML() {
        let path = DocumentFiles.sibling(of: documentPath ?? "untitled", extension: "musicxml")
        do {
            let title = (EditorHost.displayName(path) as NSString).deletingPathExtension
            try MusicXMLWriter(title: title).write(editor.document.score, to: URL(fileURLWithPath: path))
            editor.show(message: "Exported \(EditorHost.displayName(path)).")
        } catch {
            editor.show(message: "MusicXML export failed: \(error)")
        }
    }

    /// Renders the whole piece to a WAV file next to the document, on a background thread.
    func exportWAV() {
        let path = DocumentFiles.sibling(of: documentPath ?? "untitled", extension: "wav")
        let schedule: NoteSchedule
        do {
            schedule = try self.schedule(from: 0, to: editor.document.steps, grid: editor.document.score.grid)
        } catch {
            editor.show(message: "Cannot render: \(error)")
            return
        }
        let renderer = OfflineRenderer(soundFont: configuration.soundFont)
        let mailbox = self.mailbox
        let name = EditorHost.displayName(path)
        editor.show(message: "Rendering \(name)…")
        Thread {
            do {
                let audio = try renderer.renderWAV(schedule, to: path)
                let seconds = Int(audio.duration.rounded())
                mailbox.post { $0.editor.show(message: "Rendered \(name) (\(seconds) s).") }
            } catch {
                mailbox.post { $0.editor.show(message: "WAV render failed: \(error)") }
            }
        }.start()
    }

    // MARK: - Autosave

    /// The name the autosave of this document is filed under.
    var autosaveKey: String {
        documentPath ?? URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
            .appendingPathComponent("untitled").path
    }

    /// Whether there is anything an autosave would keep that the file does not have.
    var hasWorkToAutosave: Bool {
        editor.hasUnsavedChanges || !editor.candidates.isEmpty
    }

    /// Writes the autosave when the state changed since the last one. When the document is
    /// back to its saved state, the stale autosave is removed instead.
    func autosaveIfChanged(now: Date) {
        lastAutosaveCheck = now
        let state = AutosaveState(editor)
        guard state != autosavedState else { return }
        if hasWorkToAutosave {
            writeAutosave(now: now)
        } else {
            removeAutosaves(for: [autosaveKey])
            autosavedState = state
        }
    }

    func writeAutosave(now: Date) {
        guard let store = configuration.autosave else { return }
        do {
            try store.write(try DocumentFiles.session(of: editor), forDocument: autosaveKey)
            autosavedState = AutosaveState(editor)
            lastAutosaveCheck = now
        } catch {
            editor.show(message: "Autosave failed: \(error)")
        }
    }

    private func removeAutosaves(for keys: [String]) {
        guard let store = configuration.autosave else { return }
        for key in Set(keys) {
            do {
                try store.remove(forDocument: key)
            } catch {
                editor.show(message: "\(error)")
            }
        }
    }

    /// Asks whether to recover this document's autosave when it is newer than the file.
    func offerRecovery() {
        guard let store = configuration.autosave else { return }
        do {
            guard let autosave = try store.existing(forDocument: autosaveKey) else { return }
            if let path = documentPath, !JSBReference.isReference(path), FileManager.default.fileExists(atPath: path) {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                if let fileDate = attributes[.modificationDate] as? Date, autosave.modified <= fileDate {
                    return
                }
            }
            let session = try SessionFile.read(from: autosave.url)
            prompt = .recover(session, written: autosave.modified)
        } catch {
            editor.show(message: "Cannot read the autosave: \(error)")
        }
    }

    /// Applies an autosaved session as one undoable change.
    func recover(_ session: Session) {
        let document = EditorDocument(score: session.score, keep: session.keep.keep)
        editor.recover(document)
        if let json = session.settingsJSON {
            do {
                editor.settings = try JSONDecoder().decode(EditorSettings.self, from: json)
            } catch {
                editor.show(message: "The autosave's settings are unreadable (\(error)); kept the current ones.")
            }
        }
        editor.browse(session.candidates.map { Candidate(grid: $0, grade: nil) })
        editor.show(message: "Recovered the autosave; u undoes the recovery, w saves it.")
    }
}
