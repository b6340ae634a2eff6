import Chorale

/// What the editor's screen shows besides the piano roll.
public enum EditorMode: Equatable, Sendable {
    case normal
    /// The key list; `scroll` is the first line shown.
    case help(scroll: Int)
    /// The settings panel; `field` is the highlighted row.
    case settings(field: Int)
    /// "Unsaved changes: quit anyway?"
    case confirmQuit
}

/// How many columns one 16th step takes, or the overview where one column is one beat.
public enum Zoom: Int, CaseIterable, Sendable {
    case single, double, overview

    /// Steps per column numerator and columns per step, as (steps, columns).
    var stepsPerColumn: Int { self == .overview ? 4 : 1 }
    var columnsPerStep: Int { self == .double ? 2 : 1 }

    var label: String {
        switch self {
        case .single: return "1 col/16th"
        case .double: return "2 col/16th"
        case .overview: return "overview"
        }
    }
}

/// What a generation job regenerates.
public enum GenerationKind: Equatable, Sendable {
    /// The cells marked for regeneration.
    case masked
    /// Keep the soprano, regenerate alto, tenor and bass.
    case harmonize
    /// Regenerate one voice, keep the other three.
    case voice(Int)
    /// Regenerate every cell.
    case scratch

    var label: String {
        switch self {
        case .masked: return "regenerate marked cells"
        case .harmonize: return "harmonize"
        case .voice(let voice): return "regenerate \(Voice(rawValue: voice)!)"
        case .scratch: return "generate from scratch"
        }
    }
}

/// A request for a background job, with the grid and keep mask the job must respect.
public struct GenerationRequest: Equatable, Sendable {
    public var kind: GenerationKind
    public var document: EditorDocument
    public var settings: EditorSettings
}

/// One result of a job, with its grade when the grader ran (lower is better).
public struct Candidate: Equatable, Sendable {
    public var grid: SATBGrid
    public var grade: Double?

    public init(grid: SATBGrid, grade: Double?) {
        self.grid = grid
        self.grade = grade
    }
}

/// The progress of the running job as the status bar shows it.
public struct JobProgress: Equatable, Sendable {
    public var label: String
    public var step: Int
    public var total: Int
    /// Estimated seconds left, when known.
    public var secondsLeft: Double?
    /// The sampler's current grid, shown live when the setting is on.
    public var preview: SATBGrid?

    public init(label: String, step: Int, total: Int, secondsLeft: Double? = nil, preview: SATBGrid? = nil) {
        self.label = label
        self.step = step
        self.total = total
        self.secondsLeft = secondsLeft
        self.preview = preview
    }
}

/// A side effect the editor asks its host to perform; the editor itself only changes state,
/// so it can be driven by key sequences in tests.
public enum EditorEffect: Equatable, Sendable {
    case startGeneration(GenerationRequest)
    case cancelGeneration
    case play(from: Int, to: Int, loop: Bool)
    case stopPlayback
    case panic
    case save
    /// Ask for a file name, then save there.
    case saveAs
    /// Ask for a file (MIDI, session or `jsb:SPLIT:INDEX`), then open it.
    case openFile
    case exportMusicXML
    case exportWAV
    case quit
}
