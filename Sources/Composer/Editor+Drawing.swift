import Chorale

extension Editor {
    /// Draws the whole editor on a screen of `rows` × `columns` and remembers the layout for
    /// mouse events. Scrolls so the cursor stays visible at the new size.
    public mutating func render(rows: Int, columns: Int, glyphs: GlyphSet = .unicode) -> ScreenBuffer {
        var screen = ScreenBuffer(rows: rows, columns: columns)
        let layout = PianoRollLayout(rows: rows, columns: columns)
        guard layout.fits else {
            self.layout = nil
            drawTooSmall(&screen)
            if glyphs.asciiOnly { screen.replaceNonASCII() }
            return screen
        }
        self.layout = layout
        visibleSteps = max(1, layout.visibleSteps(zoom: zoom))
        visiblePitches = layout.rollRows.count
        if pitchViewNeedsFit {
            fitPitchesToView()
            pitchViewNeedsFit = false
        }
        scrollToCursor()
        scrollToCursorPitch()

        switch mode {
        case .help(let scroll):
            drawHelp(&screen, scroll: scroll)
            if glyphs.asciiOnly { screen.replaceNonASCII() }
            return screen
        case .normal, .settings, .confirmQuit:
            break
        }
        drawHeader(&screen, layout)
        drawRuler(&screen, layout, glyphs)
        drawRoll(&screen, layout, glyphs)
        drawMaskStrip(&screen, layout, glyphs)
        drawStatus(&screen, layout)
        drawMessage(&screen, layout)
        if case .settings(let field) = mode {
            drawSettings(&screen, layout, field: field)
        }
        if glyphs.asciiOnly { screen.replaceNonASCII() }
        return screen
    }

    private func drawTooSmall(_ screen: inout ScreenBuffer) {
        let lines = [
            "Terminal too small: \(screen.columns)×\(screen.rows).",
            "SUNMASK needs at least \(PianoRollLayout.minimumColumns)×\(PianoRollLayout.minimumRows).",
            "Enlarge the window, or press q to quit.",
        ]
        let top = max(0, screen.rows / 2 - 1)
        for (offset, line) in lines.enumerated() {
            let column = max(0, (screen.columns - line.count) / 2)
            screen.put(line, row: top + offset, column: column, style: CellStyle(.alert, bold: true))
        }
    }

    private func drawHeader(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout) {
        let style = CellStyle(.header, bold: true)
        screen.clearRow(layout.headerRow, style: style)
        let title = " SUNMASK Composer — \(fileName)\(hasUnsavedChanges ? " [+]" : "")"
        screen.put(title, row: layout.headerRow, column: 0, style: style)
        let right = "? help  q quit "
        screen.put(right, row: layout.headerRow, column: max(0, screen.columns - right.count), style: style)
    }

    private func drawRuler(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout, _ glyphs: GlyphSet) {
        let signature = document.score.timeSignature
        let pickup = document.score.pickupSteps
        screen.put("bar", row: layout.rulerRow, column: 0, style: CellStyle(.barLine, dim: true))
        var step = firstVisibleStep
        while step < document.steps, let column = layout.column(ofStep: step, firstStep: firstVisibleStep, zoom: zoom) {
            let offset = step - pickup
            if offset >= 0 && offset % signature.stepsPerBar == 0 {
                let bar = offset / signature.stepsPerBar + 1
                screen.put("\(glyphs.barLine)\(bar)", row: layout.rulerRow, column: column, style: CellStyle(.barLine, bold: true))
            }
            step += zoom.stepsPerColumn
        }
        if let column = layout.column(ofStep: cursorStep, firstStep: firstVisibleStep, zoom: zoom) {
            screen[layout.rulerRow, column] = ScreenCell("v", CellStyle(.cursor, bold: true))
        }
        if let playStep, let column = layout.column(ofStep: playStep, firstStep: firstVisibleStep, zoom: zoom) {
            screen[layout.rulerRow, column] = ScreenCell(">", CellStyle(.playCursor, bold: true))
        }
    }

    /// The background glyph of an empty cell at `step`: a bar line, a beat line or a space.
    private func gridLine(at step: Int, _ glyphs: GlyphSet) -> (Character, CellStyle) {
        let signature = document.score.timeSignature
        let offset = step - document.score.pickupSteps
        if offset >= 0 && offset % signature.stepsPerBar == 0 {
            return (glyphs.barLine, CellStyle(.barLine))
        }
        if offset % signature.stepsPerBeat == 0 {
            return (glyphs.beatLine, CellStyle(.beatLine, dim: true))
        }
        return (" ", .plain)
    }

    private func drawRoll(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout, _ glyphs: GlyphSet) {
        let grid = displayedGrid
        // Voices drawn last win a shared cell, so the current voice is drawn on top.
        let drawOrder = [3, 2, 1, 0].filter { $0 != voice } + [voice]
        for row in layout.rollRows {
            guard let pitch = layout.pitch(atRow: row, topPitch: topVisiblePitch) else { continue }
            let name = noteName(pitch)
            let isC = pitch % 12 == 0
            screen.put(name.padding(toLength: PianoRollLayout.gutterWidth - 1, withPad: " ", startingAt: 0),
                       row: row, column: 0, style: CellStyle(.normal, bold: isC, dim: !isC))
            screen[row, PianoRollLayout.gutterWidth - 1] = ScreenCell(glyphs.separator, CellStyle(.barLine, dim: true))

            var step = firstVisibleStep
            while step < document.steps, let column = layout.column(ofStep: step, firstStep: firstVisibleStep, zoom: zoom) {
                let (lineGlyph, lineStyle) = gridLine(at: step, glyphs)
                for offset in 0..<zoom.columnsPerStep { screen[row, column + offset] = ScreenCell(offset == 0 ? lineGlyph : " ", lineStyle) }
                for v in drawOrder {
                    let covered = (step..<min(step + zoom.stepsPerColumn, document.steps))
                    guard let hit = covered.first(where: { grid.pitches[v][$0] == pitch }) else { continue }
                    let onset = hit == 0 || grid.pitches[v][hit - 1] != pitch || zoom == .overview
                    let keep = document.keep[v][hit]
                    let outOfRange = keep && !Voice(rawValue: v)!.modelRange.contains(pitch)
                    let role: ColorRole = outOfRange ? .outOfRange : (keep ? .voice(v) : .regenerate)
                    let style = CellStyle(role, bold: onset, reverse: !keep && !outOfRange)
                    let letter = Voice(rawValue: v)!.letter
                    screen[row, column] = ScreenCell(onset ? letter : glyphs.held, style)
                    if zoom.columnsPerStep == 2 { screen[row, column + 1] = ScreenCell(glyphs.held, style) }
                }
                step += zoom.stepsPerColumn
            }
        }
        drawOffscreenMarkers(&screen, layout, grid: grid, glyphs: glyphs)

        // The cursor: the cell at the cursor pitch and step.
        if let column = layout.column(ofStep: cursorStep, firstStep: firstVisibleStep, zoom: zoom),
           let row = layout.rollRows.first(where: { layout.pitch(atRow: $0, topPitch: topVisiblePitch) == cursorPitch }) {
            var cell = screen[row, column]
            if cell.character == " " || cell.character == glyphs.beatLine || cell.character == glyphs.barLine {
                cell.character = "+"
            }
            cell.style = CellStyle(.cursor, bold: true, reverse: true)
            screen[row, column] = cell
        }
    }

    /// Marks notes above or below the visible pitch rows with `^` on the top row and `v` on
    /// the bottom row, in the voice's colour, so no voice is silently out of view.
    /// A marker never covers a note drawn on the edge row itself.
    private func drawOffscreenMarkers(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout, grid: SATBGrid,
                                      glyphs: GlyphSet) {
        guard let topRow = layout.rollRows.first, let bottomRow = layout.rollRows.last,
              let lowestPitch = layout.pitch(atRow: bottomRow, topPitch: topVisiblePitch) else { return }
        func isEmpty(_ row: Int, _ column: Int) -> Bool {
            [" ", glyphs.barLine, glyphs.beatLine].contains(screen[row, column].character)
        }
        var step = firstVisibleStep
        while step < document.steps, let column = layout.column(ofStep: step, firstStep: firstVisibleStep, zoom: zoom) {
            let covered = step..<min(step + zoom.stepsPerColumn, document.steps)
            // The top marker takes the highest hidden voice's colour, the bottom marker the lowest's.
            let topFree = isEmpty(topRow, column), bottomFree = isEmpty(bottomRow, column)
            for v in [3, 2, 1, 0] where topFree
                && covered.contains(where: { grid.pitches[v][$0] > topVisiblePitch }) {
                screen[topRow, column] = ScreenCell("^", CellStyle(.voice(v), bold: true))
            }
            for v in [0, 1, 2, 3] where bottomFree && covered.contains(where: {
                grid.pitches[v][$0] != SATBGrid.rest && grid.pitches[v][$0] < lowestPitch
            }) {
                screen[bottomRow, column] = ScreenCell("v", CellStyle(.voice(v), bold: true))
            }
            step += zoom.stepsPerColumn
        }
    }

    private func drawMaskStrip(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout, _ glyphs: GlyphSet) {
        let selected = selectionAnchor == nil ? nil : region
        for row in layout.maskRows {
            let v = layout.maskVoice(atRow: row)!
            let current = v == voice
            screen.put("\(Voice(rawValue: v)!.letter)", row: row, column: 0, style: CellStyle(.voice(v), bold: true, reverse: current))
            screen.put(current ? ">" : " ", row: row, column: 1, style: CellStyle(.voice(v), bold: true))
            screen[row, PianoRollLayout.gutterWidth - 1] = ScreenCell(glyphs.separator, CellStyle(.barLine, dim: true))
            var step = firstVisibleStep
            while step < document.steps, let column = layout.column(ofStep: step, firstStep: firstVisibleStep, zoom: zoom) {
                let keep = document.keep[v][step]
                let sounding = document.pitch(voice: v, step: step) != SATBGrid.rest
                var cell: ScreenCell
                if keep {
                    cell = ScreenCell(sounding ? glyphs.keep : glyphs.keepRest, CellStyle(.voice(v)))
                } else {
                    cell = ScreenCell(glyphs.regenerate, CellStyle(.regenerate, reverse: true))
                }
                if let selected, selected.voices.contains(v), selected.steps.contains(step) {
                    cell.style = CellStyle(.selection, bold: true, underline: true)
                }
                if step == cursorStep && current {
                    cell.style = CellStyle(.cursor, bold: true, reverse: true)
                }
                for offset in 0..<zoom.columnsPerStep { screen[row, column + offset] = cell }
                step += zoom.stepsPerColumn
            }
        }
    }

    private func drawStatus(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout) {
        let style = CellStyle(.status)
        screen.clearRow(layout.statusRow, style: style)
        let modeLabel: String
        if job != nil { modeLabel = "JOB" }
        else if !candidates.isEmpty { modeLabel = "CANDIDATE \(candidateIndex + 1)/\(candidates.count)" }
        else if selectionAnchor != nil { modeLabel = "SELECT" }
        else { modeLabel = "EDIT" }
        let notes = (0..<4).map { v -> String in
            "\(Voice(rawValue: v)!.letter) \(noteName(displayedGrid.pitches[v][min(cursorStep, displayedGrid.steps - 1)]))"
        }.joined(separator: " ")
        var parts = [" \(modeLabel)", "\(Voice(rawValue: voice)!)", positionLabel(cursorStep), notes]
        if let job {
            var text = "\(job.label) \(job.step)/\(job.total)"
            if let seconds = job.secondsLeft { text += " ETA \(Int(seconds.rounded()))s" }
            parts.append(text)
        } else if !candidates.isEmpty, let grade = candidates[candidateIndex].grade {
            parts.append("grade \(format2(grade))")
        }
        screen.put(parts.joined(separator: " │ "), row: layout.statusRow, column: 0, style: CellStyle(.status, bold: job != nil))
    }

    private func drawMessage(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout) {
        if mode == .confirmQuit {
            screen.put("Unsaved changes. Quit anyway? (y = quit, any other key = stay)",
                       row: layout.messageRow, column: 0, style: CellStyle(.alert, bold: true))
            return
        }
        if let message {
            // A message too long for one row also takes the status row above it.
            let lines = wrapMessage(message, width: screen.columns, maxLines: 2)
            if lines.count == 2 {
                screen.clearRow(layout.statusRow, style: CellStyle(.message))
                screen.put(lines[0], row: layout.statusRow, column: 0, style: CellStyle(.message))
            }
            screen.put(lines.last ?? "", row: layout.messageRow, column: 0, style: CellStyle(.message))
        } else {
            screen.put("v select  r regenerate  f keep  g generate  z harmonize  p play  u undo  ? help",
                       row: layout.messageRow, column: 0, style: CellStyle(.normal, dim: true))
        }
    }

    private func drawSettings(_ screen: inout ScreenBuffer, _ layout: PianoRollLayout, field: Int) {
        let rows = settings.rows
        let width = 44
        let left = max(0, (screen.columns - width) / 2)
        let top = layout.rollRows.lowerBound + 1
        let frame = CellStyle(.header, bold: true)
        screen.put(" Settings ".padding(toLength: width, withPad: " ", startingAt: 0), row: top, column: left, style: frame)
        for (index, entry) in rows.enumerated() {
            let label = "  \(entry.label)".padding(toLength: width - 14, withPad: " ", startingAt: 0)
            let value = "< \(entry.value) >".padding(toLength: 14, withPad: " ", startingAt: 0)
            let style = index == field ? CellStyle(.cursor, bold: true, reverse: true) : CellStyle(.status)
            screen.put(label + value, row: top + 1 + index, column: left, style: style)
        }
        screen.put(" j/k choose  h/l change  Esc close ".padding(toLength: width, withPad: " ", startingAt: 0),
                   row: top + 1 + rows.count, column: left, style: frame)
    }

    private func drawHelp(_ screen: inout ScreenBuffer, scroll: Int) {
        var lines: [(String, CellStyle)] = [("SUNMASK Composer keys (j/k scroll, any other key closes)", CellStyle(.header, bold: true))]
        for group in BindingGroup.allCases {
            lines.append(("", .plain))
            lines.append((group.rawValue, CellStyle(.normal, bold: true, underline: true)))
            for binding in KeyBindings.all where binding.group == group {
                lines.append(("  " + binding.label.padding(toLength: 10, withPad: " ", startingAt: 0) + binding.help, .plain))
            }
        }
        let first = min(scroll, max(0, lines.count - screen.rows))
        for row in 0..<screen.rows where first + row < lines.count {
            let (text, style) = lines[first + row]
            screen.put(text, row: row, column: 0, style: style)
        }
    }
}

/// Splits `text` into at most `maxLines` lines of at most `width` characters, breaking at spaces
/// where that wastes less than half a row. When the text needs more lines, the last line shows
/// its end after "…", because messages end with what to do next.
func wrapMessage(_ text: String, width: Int, maxLines: Int) -> [String] {
    guard width > 1, maxLines > 0 else { return [] }
    var lines: [String] = []
    var rest = Substring(text)
    while rest.count > width && lines.count < maxLines - 1 {
        let limit = rest.index(rest.startIndex, offsetBy: width)
        // Break after the last space within the width. When that would leave more than half the
        // row empty, break inside the long word instead, such as a path.
        var breakIndex = limit
        if let space = rest[rest.startIndex...limit].lastIndex(of: " "),
           rest.distance(from: rest.startIndex, to: space) >= width / 2 {
            breakIndex = space
        }
        lines.append(String(rest[rest.startIndex..<breakIndex]))
        rest = rest[breakIndex...].drop { $0 == " " }
    }
    if rest.count > width {
        lines.append("…" + String(rest.suffix(width - 1)))
    } else if !rest.isEmpty {
        lines.append(String(rest))
    }
    return lines
}
