// The notes of one voice in one measure: runs of the grid clipped to the measure, each split
// into note values that notation can write, joined by ties.

extension MusicXMLWriter {
    /// A note value and its duration in 16ths: type name and number of dots.
    struct NoteValue: Equatable {
        var steps: Int
        var type: String
        var dots: Int
    }

    /// The note values a single note can have, longest first (durations in 16th-note steps).
    static let noteValues: [NoteValue] = [
        NoteValue(steps: 24, type: "whole", dots: 1),
        NoteValue(steps: 16, type: "whole", dots: 0),
        NoteValue(steps: 12, type: "half", dots: 1),
        NoteValue(steps: 8, type: "half", dots: 0),
        NoteValue(steps: 6, type: "quarter", dots: 1),
        NoteValue(steps: 4, type: "quarter", dots: 0),
        NoteValue(steps: 3, type: "eighth", dots: 1),
        NoteValue(steps: 2, type: "eighth", dots: 0),
        NoteValue(steps: 1, type: "16th", dots: 0),
    ]

    /// Returns note values summing to `steps`, longest first.
    static func split(steps: Int) -> [NoteValue] {
        var remaining = steps
        var values: [NoteValue] = []
        while remaining > 0 {
            let value = noteValues.first { $0.steps <= remaining }!
            values.append(value)
            remaining -= value.steps
        }
        return values
    }

    func writeVoice(_ xml: inout XMLText, voice: Voice, part: PartPlan, grid: SATBGrid, span: Range<Int>,
                    isFullBar: Bool, key: Key) {
        let voiceNumber = layout == .twoStaves ? voice.rawValue + 1 : 1
        var staff: Int?
        var stem: String?
        if layout == .twoStaves {
            staff = (voice == .soprano || voice == .alto) ? 1 : 2
            stem = (voice == .soprano || voice == .tenor) ? "up" : "down"
        }

        // Cells past the grid's end are rests that complete the last bar.
        let row = grid.pitches[voice.rawValue]
        let cell = { (step: Int) -> Int in step < row.count ? row[step] : SATBGrid.rest }

        if isFullBar && span.allSatisfy({ cell($0) == SATBGrid.rest }) {
            xml.open("note")
            xml.line(#"<rest measure="yes"/>"#)
            xml.element("duration", "\(span.count)")
            xml.element("voice", "\(voiceNumber)")
            if let staff { xml.element("staff", "\(staff)") }
            xml.close("note")
            return
        }

        var start = span.lowerBound
        while start < span.upperBound {
            let pitch = cell(start)
            var end = start + 1
            while end < span.upperBound && cell(end) == pitch { end += 1 }
            let isRest = pitch == SATBGrid.rest
            // A held note continues from the previous bar or into the next one.
            let tiedFromBefore = !isRest && start > 0 && cell(start - 1) == pitch
            let tiedToAfter = !isRest && end < row.count && cell(end) == pitch
            let values = MusicXMLWriter.split(steps: end - start)
            for (index, value) in values.enumerated() {
                let stop = isRest ? false : (index > 0 || tiedFromBefore)
                let startTie = isRest ? false : (index < values.count - 1 || tiedToAfter)
                writeNote(&xml, pitch: pitch, value: value, tieStop: stop, tieStart: startTie,
                          voiceNumber: voiceNumber, stem: stem, staff: staff, key: key)
            }
            start = end
        }
    }

    private func writeNote(_ xml: inout XMLText, pitch: Int, value: NoteValue, tieStop: Bool, tieStart: Bool,
                           voiceNumber: Int, stem: String?, staff: Int?, key: Key) {
        xml.open("note")
        if pitch == SATBGrid.rest {
            xml.line("<rest/>")
        } else {
            let spelled = key.spelling(of: pitch)
            xml.open("pitch")
            xml.element("step", spelled.step)
            if spelled.alter != 0 { xml.element("alter", "\(spelled.alter)") }
            xml.element("octave", "\(spelled.octave)")
            xml.close("pitch")
        }
        xml.element("duration", "\(value.steps)")
        if tieStop { xml.line(#"<tie type="stop"/>"#) }
        if tieStart { xml.line(#"<tie type="start"/>"#) }
        xml.element("voice", "\(voiceNumber)")
        xml.element("type", value.type)
        for _ in 0..<value.dots { xml.line("<dot/>") }
        if let stem, pitch != SATBGrid.rest { xml.element("stem", stem) }
        if let staff { xml.element("staff", "\(staff)") }
        if tieStop || tieStart {
            xml.open("notations")
            if tieStop { xml.line(#"<tied type="stop"/>"#) }
            if tieStart { xml.line(#"<tied type="start"/>"#) }
            xml.close("notations")
        }
        xml.close("note")
    }
}

/// An indented XML text builder; element text is escaped.
struct XMLText {
    private(set) var text = ""
    private var depth = 0

    mutating func line(_ content: String) {
        text += String(repeating: "  ", count: depth) + content + "\n"
    }

    /// Opens an element; `tag` may carry attributes, as in `part id="P1"`.
    mutating func open(_ tag: String) {
        line("<\(tag)>")
        depth += 1
    }

    mutating func close(_ name: String) {
        depth -= 1
        line("</\(name)>")
    }

    mutating func element(_ name: String, _ value: String) {
        line("<\(name)>\(XMLText.escaped(value))</\(name)>")
    }

    static func escaped(_ value: String) -> String {
        var result = ""
        for character in value {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&apos;"
            default: result.append(character)
            }
        }
        return result
    }
}
