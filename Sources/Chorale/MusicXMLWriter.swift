import Foundation

/// Writes a score as MusicXML 4.0 (partwise) for notation programs such as MuseScore.
///
/// Every 16th-note step is one division (`divisions` = 4 per quarter note). Held notes that
/// cross a barline, or that need more than one note value, are written as tied notes. The last
/// bar is filled with rests, and a pickup becomes an implicit measure numbered 0.
public struct MusicXMLWriter: Sendable {
    /// The arrangement of the four voices on parts and staves.
    public enum Layout: Sendable {
        /// One part per voice: soprano and alto in treble clef, tenor in octave-down treble clef,
        /// bass in bass clef.
        case fourParts
        /// One part on two staves: soprano and alto on the treble staff, tenor and bass on the
        /// bass staff, with stems up for soprano and tenor and down for alto and bass.
        case twoStaves
    }

    public var layout: Layout
    /// The key signature and spelling; nil estimates it from the notes with `KeyEstimate`
    /// (C major for a grid with no notes).
    public var key: Key?
    public var title: String?

    public init(layout: Layout = .fourParts, key: Key? = nil, title: String? = nil) {
        self.layout = layout
        self.key = key
        self.title = title
    }

    /// Returns the MusicXML document for `score`; throws `BarPositionError` when the score's
    /// meter or pickup is invalid.
    public func document(for score: Score) throws -> String {
        let barLayout = try score.barLayout()
        let key = self.key ?? KeyEstimate.estimate(for: score.grid)?.key ?? Key(tonic: 0, mode: .major)
        let measures = MusicXMLWriter.measureSpans(steps: score.grid.steps, layout: barLayout)

        var xml = XMLText()
        xml.line(#"<?xml version="1.0" encoding="UTF-8" standalone="no"?>"#)
        xml.line(#"<!DOCTYPE score-partwise PUBLIC "-//Recordare//DTD MusicXML 4.0 Partwise//EN" "http://www.musicxml.org/dtds/partwise.dtd">"#)
        xml.open(#"score-partwise version="4.0""#)
        if let title {
            xml.open("work")
            xml.element("work-title", title)
            xml.close("work")
        }
        xml.open("identification")
        xml.open("encoding")
        xml.element("software", "SUNMASK Composer")
        xml.close("encoding")
        xml.close("identification")

        let parts = partPlan()
        xml.open("part-list")
        for part in parts {
            xml.open(#"score-part id="\#(part.id)""#)
            xml.element("part-name", part.name)
            xml.close("score-part")
        }
        xml.close("part-list")

        for (partIndex, part) in parts.enumerated() {
            xml.open(#"part id="\#(part.id)""#)
            for (measureIndex, span) in measures.enumerated() {
                let isPickup = barLayout.pickupSteps > 0 && measureIndex == 0
                let number = barLayout.pickupSteps > 0 ? measureIndex : measureIndex + 1
                xml.open(isPickup ? #"measure number="0" implicit="yes""# : #"measure number="\#(number)""#)
                if measureIndex == 0 {
                    writeAttributes(&xml, part: part, key: key, timeSignature: score.timeSignature)
                    if partIndex == 0 { writeTempo(&xml, tempo: score.tempo) }
                }
                for (index, voice) in part.voices.enumerated() {
                    if index > 0 {
                        xml.open("backup")
                        xml.element("duration", "\(span.count)")
                        xml.close("backup")
                    }
                    writeVoice(&xml, voice: voice, part: part, grid: score.grid, span: span,
                               isFullBar: !isPickup && span.count == score.timeSignature.stepsPerBar, key: key)
                }
                xml.close("measure")
            }
            xml.close("part")
        }
        xml.close("score-partwise")
        return xml.text
    }

    /// Writes the document to a temporary file next to `url` and renames it over `url`, so a
    /// reader never sees a half-written file. Throws `MusicXMLError.writeFailed` naming the path.
    public func write(_ score: Score, to url: URL) throws {
        let text = try document(for: score)
        do {
            // Foundation's atomic option writes a temporary file next to `url` and renames it.
            try Data(text.utf8).write(to: url, options: .atomic)
        } catch {
            throw MusicXMLError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }

    // MARK: - Measures

    /// Returns the step range of every measure: the pickup if any, then full bars. The last bar
    /// may extend past the grid's end, and the writer fills that part with rests.
    static func measureSpans(steps: Int, layout: BarLayout) -> [Range<Int>] {
        let barLength = layout.timeSignature.stepsPerBar
        var spans: [Range<Int>] = []
        if layout.pickupSteps > 0 { spans.append(0..<layout.pickupSteps) }
        var start = layout.pickupSteps
        repeat {
            spans.append(start..<(start + barLength))
            start += barLength
        } while start < steps
        return spans
    }

    // MARK: - Parts

    struct PartPlan {
        var id: String
        var name: String
        var voices: [Voice]
    }

    private func partPlan() -> [PartPlan] {
        switch layout {
        case .fourParts:
            return Voice.allCases.map { PartPlan(id: "P\($0.rawValue + 1)", name: $0.description.capitalized, voices: [$0]) }
        case .twoStaves:
            return [PartPlan(id: "P1", name: "Choir", voices: Voice.allCases)]
        }
    }

    private func writeAttributes(_ xml: inout XMLText, part: PartPlan, key: Key, timeSignature: TimeSignature) {
        xml.open("attributes")
        xml.element("divisions", "4")
        xml.open("key")
        xml.element("fifths", "\(key.fifths)")
        xml.element("mode", key.mode.rawValue)
        xml.close("key")
        xml.open("time")
        xml.element("beats", "\(timeSignature.beats)")
        xml.element("beat-type", "\(timeSignature.beatUnit)")
        xml.close("time")
        if layout == .twoStaves {
            xml.element("staves", "2")
            writeClef(&xml, sign: "G", line: 2, octaveChange: 0, staff: 1)
            writeClef(&xml, sign: "F", line: 4, octaveChange: 0, staff: 2)
        } else {
            switch part.voices[0] {
            case .soprano, .alto: writeClef(&xml, sign: "G", line: 2, octaveChange: 0, staff: nil)
            case .tenor: writeClef(&xml, sign: "G", line: 2, octaveChange: -1, staff: nil)
            case .bass: writeClef(&xml, sign: "F", line: 4, octaveChange: 0, staff: nil)
            }
        }
        xml.close("attributes")
    }

    private func writeClef(_ xml: inout XMLText, sign: String, line: Int, octaveChange: Int, staff: Int?) {
        xml.open(staff.map { #"clef number="\#($0)""# } ?? "clef")
        xml.element("sign", sign)
        xml.element("line", "\(line)")
        if octaveChange != 0 { xml.element("clef-octave-change", "\(octaveChange)") }
        xml.close("clef")
    }

    private func writeTempo(_ xml: inout XMLText, tempo: Double) {
        let perMinute = tempo.rounded() == tempo ? "\(Int(tempo))" : String(format: "%.2f", tempo)
        xml.open(#"direction placement="above""#)
        xml.open("direction-type")
        xml.open("metronome")
        xml.element("beat-unit", "quarter")
        xml.element("per-minute", perMinute)
        xml.close("metronome")
        xml.close("direction-type")
        xml.line(#"<sound tempo="\#(perMinute)"/>"#)
        xml.close("direction")
    }
}

/// A MusicXML file that could not be written.
public enum MusicXMLError: Error, Equatable, CustomStringConvertible {
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .writeFailed(let path, let reason):
            return "cannot write MusicXML to \(path): \(reason); check that the directory exists and is writable"
        }
    }
}
