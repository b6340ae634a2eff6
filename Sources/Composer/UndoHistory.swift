/// A linear undo history of whole snapshots.
///
/// A chorale is at most a few thousand cells, so storing the full document before each
/// change is cheap and makes every change, including an accepted generation, undoable in
/// the same way. Recording a new change clears the redo list.
public struct UndoHistory<Snapshot> {
    private var undoStack: [(snapshot: Snapshot, label: String)] = []
    private var redoStack: [(snapshot: Snapshot, label: String)] = []
    /// The most snapshots kept; the oldest are dropped first.
    public let limit: Int

    public init(limit: Int = 500) {
        precondition(limit > 0, "UndoHistory limit must be positive, got \(limit)")
        self.limit = limit
    }

    public var canUndo: Bool { !undoStack.isEmpty }
    public var canRedo: Bool { !redoStack.isEmpty }

    /// Records the state before a change named `label` (shown as "undo: label").
    public mutating func record(_ before: Snapshot, label: String) {
        undoStack.append((before, label))
        if undoStack.count > limit { undoStack.removeFirst(undoStack.count - limit) }
        redoStack.removeAll()
    }

    /// Returns the state to restore and the change's label, given the current state.
    public mutating func undo(current: Snapshot) -> (snapshot: Snapshot, label: String)? {
        guard let entry = undoStack.popLast() else { return nil }
        redoStack.append((current, entry.label))
        return entry
    }

    /// Returns the state to restore after an undo and the change's label.
    public mutating func redo(current: Snapshot) -> (snapshot: Snapshot, label: String)? {
        guard let entry = redoStack.popLast() else { return nil }
        undoStack.append((current, entry.label))
        return entry
    }
}
