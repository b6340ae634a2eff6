/// Repeated sequences of a voice, counted the way the published grader counts them.
///
/// Each voice becomes a token string with one token per step: the pitch (or rest) where a note
/// (or rest) starts, a hold token on the steps it is held. A sequence counts when it starts with a
/// note or rest token, holds at least two of them, and occurs at least twice (overlaps allowed).
/// A sequence is dropped when a longer counted sequence contains it and occurs as often, so only
/// maximal repeats remain. The histogram maps sequence length (steps) to the number of
/// occurrences, summed over the kept sequences. Across voices, a token string found in several
/// voices keeps the count from the last of them in S, A, T, B order, as the reference merges its
/// per-voice tables.
enum RepeatedSequences {
    static let holdToken = -2

    /// The token string of one grid row: the pitch or rest at each run start, `holdToken` elsewhere.
    static func tokens(of row: [Int]) -> [Int] {
        var tokens = [Int](repeating: holdToken, count: row.count)
        for step in row.indices where step == 0 || row[step] != row[step - 1] {
            tokens[step] = row[step]
        }
        return tokens
    }

    /// The histogram, sequence length → occurrences, over the four voices of `grid`.
    static func histogram(_ grid: SATBGrid) -> [Int: Int] {
        var merged: [[Int]: Int] = [:]
        for row in grid.pitches {
            let voiceTokens = tokens(of: row)
            for (sequence, occurrences) in maximalRepeats(voiceTokens) {
                merged[sequence] = occurrences
            }
        }
        var histogram: [Int: Int] = [:]
        for (sequence, occurrences) in merged {
            histogram[sequence.count, default: 0] += occurrences
        }
        return histogram
    }

    /// The maximal repeated sequences of one token string and how often each occurs.
    static func maximalRepeats(_ tokens: [Int]) -> [([Int], Int)] {
        let n = tokens.count
        guard n >= 2 else { return [] }

        // common[i * n + j]: the length of the longest common extension of positions i and j.
        var common = [Int32](repeating: 0, count: n * n)
        for i in stride(from: n - 1, through: 0, by: -1) {
            for j in stride(from: n - 1, through: i + 1, by: -1) where tokens[i] == tokens[j] {
                let next = (i + 1 < n && j + 1 < n) ? common[(i + 1) * n + j + 1] : 0
                common[i * n + j] = next + 1
                common[j * n + i] = next + 1
            }
        }

        // notesBefore[k]: the number of note or rest tokens among tokens[0..<k].
        var notesBefore = [Int](repeating: 0, count: n + 1)
        for k in 0..<n { notesBefore[k + 1] = notesBefore[k] + (tokens[k] == holdToken ? 0 : 1) }

        var result: [([Int], Int)] = []
        var extensions: [Int32] = []
        for start in 0..<n where tokens[start] != holdToken {
            // The nearest earlier note or rest token: the start of the shortest valid left extension.
            var leftStart = start - 1
            while leftStart >= 0 && tokens[leftStart] == holdToken { leftStart -= 1 }

            extensions.removeAll(keepingCapacity: true)
            var longestEarlier: Int32 = 0
            for other in 0..<n where other != start {
                let length = common[start * n + other]
                if length > 0 { extensions.append(length) }
                if other < start { longestEarlier = max(longestEarlier, length) }
            }
            guard !extensions.isEmpty else { continue }
            extensions.sort(by: >)

            let maxLength = Int(extensions[0])
            for length in 2...max(2, maxLength) where length <= maxLength {
                // Only the first occurrence of a sequence reports it.
                if Int(longestEarlier) >= length { continue }
                if notesBefore[start + length] - notesBefore[start] < 2 { continue }
                let occurrences = 1 + countAtLeast(extensions, length)
                guard occurrences >= 2 else { break }

                // Dropped when extending one step to the right keeps every occurrence.
                if start + length < n && 1 + countAtLeast(extensions, length + 1) == occurrences { continue }
                // Dropped when extending left to the previous note or rest keeps every occurrence.
                if leftStart >= 0 {
                    let leftLength = length + (start - leftStart)
                    var leftOccurrences = 1
                    for other in 0..<n where other != leftStart && common[leftStart * n + other] >= leftLength {
                        leftOccurrences += 1
                    }
                    if leftOccurrences == occurrences { continue }
                }
                result.append((Array(tokens[start..<(start + length)]), occurrences))
            }
        }
        return result
    }

    /// The number of values in `descending` that are at least `threshold`.
    private static func countAtLeast(_ descending: [Int32], _ threshold: Int) -> Int {
        var low = 0, high = descending.count
        while low < high {
            let mid = (low + high) / 2
            if Int(descending[mid]) >= threshold { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
