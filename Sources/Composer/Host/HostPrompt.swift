import Chorale
import Foundation

/// A question the host asks on the message line, which takes every key until it is answered.
enum HostPrompt {
    /// "Recover the autosave?" with the session read from it.
    case recover(Session, written: Date)
    /// A file name to save under.
    case saveAs(text: String)
    /// A file or `jsb:` reference to open.
    case open(text: String)

    /// The line shown on the message row.
    var line: String {
        switch self {
        case .recover(_, let written):
            let formatter = DateFormatter()
            formatter.dateFormat = "yyyy-MM-dd HH:mm:ss"
            return "An autosave from \(formatter.string(from: written)) is newer than the file. Recover it? (y/n)"
        case .saveAs(let text):
            return "Save as (.mid or .json, Ctrl-U clears, Esc cancels): \(text)_"
        case .open(let text):
            return "Open (MIDI, .json or jsb:SPLIT:INDEX, Ctrl-U clears, Esc cancels): \(text)_"
        }
    }
}

/// A line of text edited by keys: characters append, Backspace deletes, Ctrl-U clears the
/// line as in shells, so a suggested path can be replaced without deleting it character by character.
func edited(_ text: String, by key: KeyPress) -> String {
    switch key {
    case .character(let character): return text + String(character)
    case .backspace, .delete: return String(text.dropLast())
    case .control("u"): return ""
    default: return text
    }
}
