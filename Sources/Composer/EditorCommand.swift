/// Everything the editor can be asked to do. Keys and mouse events become commands through
/// the binding table, so the help screen and the key handler read the same list.
public enum EditorCommand: Hashable, Sendable {
    // Movement
    case moveTime(steps: Int)
    case moveBeats(Int)
    case moveBars(Int)
    case movePitch(semitones: Int)
    case moveToStart, moveToEnd
    case selectVoice(Int)

    // Notes
    case enterNote
    case deleteNote
    case transpose(semitones: Int)
    case extendNote, shortenNote

    // Selection and masks
    case toggleSelection
    case selectWholeVoice
    case markRegenerate
    case markKeep
    case markAllRegenerate

    // Generation
    case generateMasked
    case harmonize
    case regenerateVoice
    case generateFromScratch
    case cancelJob
    case nextCandidate, previousCandidate
    case acceptCandidate

    // Listening
    case playFromCursor
    case stopPlayback
    case toggleLoop
    case panic

    // History, view and files
    case undo, redo
    case cycleZoom
    case save, saveAs, openFile, exportMusicXML, exportWAV
    case showSettings
    case showHelp
    case quit
}

/// The section of the help screen a binding is listed under.
public enum BindingGroup: String, CaseIterable, Sendable {
    case movement = "Move"
    case notes = "Notes"
    case masks = "Select and mask"
    case generation = "Generate"
    case listening = "Listen"
    case other = "Edit, view, files"
}
