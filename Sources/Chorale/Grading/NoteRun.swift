/// One note or rest of a voice: a run of equal cells on the grid.
///
/// The grid does not record re-strikes, so consecutive equal pitches form one held note and
/// consecutive rests one rest, which is how the published grader reads a grid once it is turned
/// into a score.
struct NoteRun: Equatable, Sendable {
    /// The first step of the run.
    let start: Int
    /// The length in 16th-note steps, at least 1.
    let length: Int
    /// The MIDI pitch, or `SATBGrid.rest`.
    let pitch: Int

    var isRest: Bool { pitch == SATBGrid.rest }
    var end: Int { start + length }

    /// Splits one grid row into runs, in time order.
    static func runs(of row: [Int]) -> [NoteRun] {
        var runs: [NoteRun] = []
        var start = 0
        for step in row.indices.dropFirst() where row[step] != row[start] {
            runs.append(NoteRun(start: start, length: step - start, pitch: row[start]))
            start = step
        }
        if !row.isEmpty {
            runs.append(NoteRun(start: start, length: row.count - start, pitch: row[start]))
        }
        return runs
    }
}
