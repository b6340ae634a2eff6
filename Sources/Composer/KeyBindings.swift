/// One row of the binding table: the keys, the command they run, and the help text.
public struct KeyBinding: Sendable {
    public let keys: [KeyPress]
    /// The keys as the help screen writes them, such as "h ←".
    public let label: String
    public let command: EditorCommand
    public let help: String
    public let group: BindingGroup
}

/// Every key binding of the editor. The key handler looks commands up here and the help
/// screen lists this table, so the two can never disagree.
public enum KeyBindings {
    public static let all: [KeyBinding] = [
        // Movement
        bind([.character("h"), .left], "h ←", .moveTime(steps: -1), "one 16th earlier", .movement),
        bind([.character("l"), .right], "l →", .moveTime(steps: 1), "one 16th later", .movement),
        bind([.character("H"), .shiftLeft], "H S-←", .moveBeats(-1), "one beat earlier", .movement),
        bind([.character("L"), .shiftRight], "L S-→", .moveBeats(1), "one beat later", .movement),
        bind([.character("[")], "[", .moveBars(-1), "one bar earlier", .movement),
        bind([.character("]")], "]", .moveBars(1), "one bar later", .movement),
        bind([.character("k"), .up], "k ↑", .movePitch(semitones: 1), "pitch cursor up a semitone", .movement),
        bind([.character("j"), .down], "j ↓", .movePitch(semitones: -1), "pitch cursor down a semitone", .movement),
        bind([.character("K"), .pageUp], "K PgUp", .movePitch(semitones: 12), "pitch cursor up an octave", .movement),
        bind([.character("J"), .pageDown], "J PgDn", .movePitch(semitones: -12), "pitch cursor down an octave", .movement),
        bind([.character("0"), .home], "0 Home", .moveToStart, "to the first step", .movement),
        bind([.character("$"), .end], "$ End", .moveToEnd, "to the last step", .movement),
        bind([.character("s")], "s", .selectVoice(0), "work on the soprano", .movement),
        bind([.character("a")], "a", .selectVoice(1), "work on the alto", .movement),
        bind([.character("t")], "t", .selectVoice(2), "work on the tenor", .movement),
        bind([.character("b")], "b", .selectVoice(3), "work on the bass", .movement),

        // Notes
        bind([.enter, .character("n")], "n Enter", .enterNote, "put a note at the pitch cursor", .notes),
        bind([.character("x"), .delete], "x Del", .deleteNote, "make the note under the cursor a rest", .notes),
        bind([.character("+")], "+", .transpose(semitones: 1), "transpose the note (or selection) up a semitone", .notes),
        bind([.character("-")], "-", .transpose(semitones: -1), "transpose the note (or selection) down a semitone", .notes),
        bind([.character("}")], "}", .transpose(semitones: 12), "transpose up an octave", .notes),
        bind([.character("{")], "{", .transpose(semitones: -12), "transpose down an octave", .notes),
        bind([.character("e")], "e", .extendNote, "hold the note one 16th longer", .notes),
        bind([.character("E")], "E", .shortenNote, "hold the note one 16th shorter", .notes),

        // Selection and masks
        bind([.character("v")], "v", .toggleSelection, "start or end a region (time × voices)", .masks),
        bind([.character("V")], "V", .selectWholeVoice, "select the whole current voice", .masks),
        bind([.character("r")], "r", .markRegenerate, "mark the region (or cell) to regenerate", .masks),
        bind([.character("f")], "f", .markKeep, "mark the region (or cell) to keep", .masks),
        bind([.character("R")], "R", .markAllRegenerate, "mark every cell of the piece to regenerate", .masks),

        // Generation
        bind([.character("g")], "g", .generateMasked, "regenerate the marked cells", .generation),
        bind([.character("z")], "z", .harmonize, "harmonize: keep the soprano, regenerate A, T, B", .generation),
        bind([.character("y")], "y", .regenerateVoice, "regenerate the current voice", .generation),
        bind([.character("N")], "N", .generateFromScratch, "generate a new chorale from scratch", .generation),
        bind([.escape], "Esc", .cancelJob, "cancel the job (or the selection)", .generation),
        bind([.character("c")], "c", .nextCandidate, "show the next candidate", .generation),
        bind([.character("C")], "C", .previousCandidate, "show the previous candidate", .generation),
        bind([.character("A")], "A", .acceptCandidate, "accept the candidate shown (undoable)", .generation),

        // Listening
        bind([.character("p"), .character(" ")], "p Space", .playFromCursor, "play from the cursor (or the region)", .listening),
        bind([.character("P")], "P", .stopPlayback, "stop playing", .listening),
        bind([.character("o")], "o", .toggleLoop, "loop playback on or off", .listening),
        bind([.character("!")], "!", .panic, "silence every note now", .listening),

        // History, view, files
        bind([.character("u")], "u", .undo, "undo", .other),
        bind([.control("r"), .character("U")], "U C-r", .redo, "redo", .other),
        bind([.character("Z")], "Z", .cycleZoom, "zoom: 1 or 2 columns per 16th, or whole bars", .other),
        bind([.character("w"), .function(2), .control("s")], "w F2 C-s", .save, "save (MIDI or session, by file name)", .other),
        bind([.character("S")], "S", .saveAs, "save under a new name (.mid or .json)", .other),
        bind([.control("o"), .function(4)], "C-o F4", .openFile, "open a MIDI file, a session or jsb:SPLIT:INDEX", .other),
        bind([.character("X")], "X", .exportMusicXML, "export MusicXML", .other),
        bind([.character("W")], "W", .exportWAV, "render to WAV", .other),
        bind([.character("O"), .function(3)], "O F3", .showSettings, "sampling and playback settings", .other),
        bind([.character("?"), .function(1)], "? F1", .showHelp, "this help", .other),
        bind([.character("q"), .control("c")], "q C-c", .quit, "quit (asks when there are unsaved changes)", .other),
    ]

    /// Returns the command bound to `key`, or nil.
    public static func command(for key: KeyPress) -> EditorCommand? {
        lookup[key]
    }

    private static let lookup: [KeyPress: EditorCommand] = {
        var table: [KeyPress: EditorCommand] = [:]
        for binding in all {
            for key in binding.keys {
                precondition(table[key] == nil, "key \(key) is bound twice in KeyBindings.all")
                table[key] = binding.command
            }
        }
        return table
    }()

    private static func bind(_ keys: [KeyPress], _ label: String, _ command: EditorCommand,
                             _ help: String, _ group: BindingGroup) -> KeyBinding {
        KeyBinding(keys: keys, label: label, command: command, help: help, group: group)
    }
}
