import Chorale
import Foundation
import SunmaskEngine
import XCTest

/// The real `sunmask edit` in a 100×30 tmux pane: keys in, screen text out.
final class EditorTmuxTests: XCTestCase {
    private var folder: URL!
    private var panes: [TmuxPane] = []

    override func setUpWithError() throws {
        let binary = productsDirectory.appendingPathComponent("sunmask")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("sunmask binary not built at \(binary.path); run `swift build` first")
        }
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("sunmask-tmux-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("autosave"), withIntermediateDirectories: true)
    }

    override func tearDown() {
        for pane in panes { pane.kill() }
        panes = []
        if let folder { try? FileManager.default.removeItem(at: folder) }
    }

    // MARK: - Fixtures

    /// A two-bar chorale: soprano C5 then D5, alto E4, tenor G3, bass C3.
    private func twoBarScore() throws -> Score {
        let soprano = Array(repeating: 72, count: 8) + Array(repeating: 74, count: 24)
        return Score(grid: try SATBGrid(pitches: [soprano, Array(repeating: 64, count: 32),
                                                  Array(repeating: 55, count: 32), Array(repeating: 48, count: 32)]))
    }

    private func writeExample() throws -> URL {
        let url = folder.appendingPathComponent("two-bars.mid")
        try MIDIFileWriter.write(try twoBarScore(), to: url)
        return url
    }

    /// A freshly initialized small U-Net with the editor's vocabulary, saved as a checkpoint.
    private func writeCheckpoint() throws -> URL {
        let config = UNetConfig(voices: 4, vocabularySize: TokenVocabulary.size, baseWidth: 8, multipliers: [1, 2],
                                residualBlocksPerLevel: 1, kernelSize: 3, attentionLevels: [], groups: 4)
        var generator = RandomGenerator(seed: 11)
        let url = folder.appendingPathComponent("tiny.safetensors")
        try ModelCheckpoint.save(model: try UNet(config: config, generator: &generator), to: url.path)
        return url
    }

    /// Starts the editor in a new tmux server. The wrapper shell ignores nothing but keeps
    /// running after the editor exits and prints its exit status and the terminal modes, so
    /// the test can check the terminal was restored. With `exec`, the editor replaces the shell.
    private func startEditor(_ arguments: [String], name: String, exec: Bool = false) throws -> TmuxPane {
        let binary = productsDirectory.appendingPathComponent("sunmask").path
        let quoted = ([binary, "edit"] + arguments).map { "'\($0)'" }.joined(separator: " ")
        var script = """
            #!/bin/sh
            trap ':' INT
            export LANG=C.UTF-8 TERM=screen SUNMASK_AUTOSAVE_DIR='\(folder.appendingPathComponent("autosave").path)'
            unset SUNMASK_MODEL

            """
        if exec {
            script += "exec \(quoted)\n"
        } else {
            script += "\(quoted)\necho \"EXIT:$?\"\nstty -a\nsleep 600\n"
        }
        let scriptURL = folder.appendingPathComponent("\(name).sh")
        try script.write(to: scriptURL, atomically: true, encoding: .utf8)
        chmod(scriptURL.path, 0o755)
        let pane = try TmuxPane(command: scriptURL.path, name: name)
        panes.append(pane)
        return pane
    }

    /// The finished autosaves. An autosave is written to a hidden temporary file and then renamed,
    /// so a hidden file is a write in progress, or one cut short by SIGKILL.
    private func autosaveFiles() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("autosave").path)
            .filter { !$0.hasPrefix(".") }
    }

    // MARK: - Tests

    func testMaskGenerateUndoRedoSaveQuit() throws {
        let example = try writeExample()
        let model = try writeCheckpoint()
        let pane = try startEditor([example.path, "--model", model.path, "--steps", "24"], name: "flow")
        try pane.waitFor(text: "SUNMASK Composer — two-bars.mid")

        // Alto, whole voice, mark to regenerate: the alto row of the mask strip turns to '?'.
        try pane.send("a", "V", "r")
        let marked = try pane.waitFor(text: "32 cells marked to regenerate")
        let altoStrip = marked.split(separator: "\n").first { $0.hasPrefix("A>") }.map(String.init) ?? ""
        XCTAssertTrue(altoStrip.contains("????????????????????????????????"), altoStrip)

        try pane.send("g")
        try pane.waitFor(text: "Generated (regenerate marked cells)")
        try pane.send("u")
        try pane.waitFor(text: "Undid generate")
        try pane.send("U")
        try pane.waitFor(text: "Redid generate")
        try pane.send("w")
        try pane.waitFor(text: "Saved two-bars.mid")
        try pane.send("q")
        try pane.waitFor(text: "EXIT:0")

        let (saved, _) = try MIDIImporter.importScore(contentsOf: example)
        let original = try twoBarScore().grid
        XCTAssertEqual(saved.grid.steps, 32)
        for voice in [0, 2, 3] {
            XCTAssertEqual(saved.grid.pitches[voice], original.pitches[voice], "kept voice \(voice) changed")
        }
        XCTAssertEqual(try autosaveFiles(), [], "a clean quit leaves no autosave")
    }

    func testKeysAndResizeDuringJobThenCtrlCRestoresTerminal() throws {
        let example = try writeExample()
        let model = try writeCheckpoint()
        let pane = try startEditor([example.path, "--model", model.path, "--steps", "500000"], name: "job")
        try pane.waitFor(text: "SUNMASK Composer — two-bars.mid")
        try pane.send("a", "V", "r", "g")
        try pane.waitFor("a running job") { $0.contains(" JOB ") && $0.contains("/500000") }

        // Cursor moves sent while the job runs show before the job ends. V left the cursor on
        // the last step, so go to the start first.
        try pane.send("0", "l")
        let moved = try pane.waitFor("the cursor at 1:1:2 during the job") { $0.contains("1:1:2") }
        XCTAssertTrue(moved.contains(" JOB "), "the job ended before the cursor move was drawn:\n\(moved)")

        // Resize mid-job: smaller, too small, and back.
        try pane.run(["resize-window", "-t", pane.session, "-x", "70", "-y", "20"])
        let small = try pane.waitFor("the 70×20 layout") { screen in
            let lines = screen.split(separator: "\n", omittingEmptySubsequences: false)
            return lines.count >= 20 && lines.contains { $0.contains(" JOB ") } && !lines.contains { $0.count > 70 }
                && lines[0].contains("SUNMASK")
        }
        XCTAssertTrue(small.contains("1:1:2"), small)
        try pane.run(["resize-window", "-t", pane.session, "-x", "50", "-y", "12"])
        try pane.waitFor(text: "Terminal too small")
        try pane.run(["resize-window", "-t", pane.session, "-x", "100", "-y", "30"])
        try pane.waitFor("the 100×30 layout during the job") { $0.contains(" JOB ") && $0.contains("? help  q quit") }

        try pane.send("Escape")
        try pane.waitFor(text: "Cancelled regenerate marked cells")

        try pane.send("C-c")
        let after = try pane.waitFor(text: "EXIT:130")
        // `stty -a` after the editor: canonical mode and echo are back on.
        let modes = after.split(whereSeparator: { $0 == " " || $0 == "\n" }).map(String.init)
        XCTAssertTrue(modes.contains("icanon"), after)
        XCTAssertTrue(modes.contains("echo"), after)
        XCTAssertFalse(modes.contains("-icanon"), after)
        XCTAssertFalse(modes.contains("-echo"), after)
        XCTAssertEqual(try autosaveFiles().count, 1, "Ctrl-C with unsaved marks must leave an autosave")
    }

    func testSigkillThenRecoverAutosave() throws {
        let example = try writeExample()
        let pane = try startEditor([example.path, "--autosave-seconds", "1"], name: "killed", exec: true)
        try pane.waitFor(text: "SUNMASK Composer — two-bars.mid")
        try pane.send("b", "V", "r")
        try pane.waitFor(text: "two-bars.mid [+]")

        let deadline = Date().addingTimeInterval(10)
        while try autosaveFiles().isEmpty && Date() < deadline { usleep(100_000) }
        XCTAssertEqual(try autosaveFiles().count, 1, "no autosave within 10 s at a 1 s interval")
        let pid = try pane.panePID()
        XCTAssertGreaterThan(pid, 0)
        XCTAssertEqual(sendSignal(pid, SIGKILL), 0)
        pane.kill()

        let next = try startEditor([example.path], name: "recover")
        try next.waitFor(text: "Recover it? (y/n)")
        try next.send("y")
        let recovered = try next.waitFor(text: "Recovered the autosave")
        let bassStrip = recovered.split(separator: "\n").first { $0.hasPrefix("B>") || $0.hasPrefix("B ") }.map(String.init) ?? ""
        XCTAssertTrue(bassStrip.contains("????????????????????????????????"), bassStrip)
        XCTAssertTrue(recovered.contains("two-bars.mid [+]"), recovered)
        try next.send("q", "y")
        try next.waitFor(text: "EXIT:0")
        XCTAssertEqual(try autosaveFiles(), [], "a clean quit removes the recovered autosave")
    }
}

/// `kill(2)`, named apart from `TmuxPane.kill()`.
private func sendSignal(_ pid: Int32, _ signal: Int32) -> Int32 {
    Glibc.kill(pid, signal)
}
