import Chorale
import Foundation
import XCTest
@testable import Composer

final class EditorHostFileTests: XCTestCase {
    private func configuration(autosave folder: URL, interval: TimeInterval = 60) -> HostConfiguration {
        HostConfiguration(engine: nil, autosave: AutosaveStore(directory: folder), autosaveInterval: interval)
    }

    /// Writes the two-bar score as MIDI into `folder` and returns its path.
    private func writeMIDI(in folder: URL, name: String = "piece.mid") throws -> String {
        let path = folder.appendingPathComponent(name).path
        try MIDIFileWriter.write(try twoBarScore(), to: URL(fileURLWithPath: path))
        return path
    }

    func testMIDISaveRoundTrip() throws {
        let folder = try temporaryFolder(self)
        let path = try writeMIDI(in: folder)
        let host = try EditorHost.open(path, configuration: configuration(autosave: folder.appendingPathComponent("auto")))
        XCTAssertEqual(host.editor.document.score.grid, try twoBarScore().grid)
        // Transpose the soprano's first note (C5, steps 0…7) up a semitone, then save.
        for key in keys("s0+") { host.handle(key) }
        XCTAssertTrue(host.editor.hasUnsavedChanges)
        host.handle(.character("w"))
        XCTAssertFalse(host.editor.hasUnsavedChanges, host.editor.message ?? "")

        let (score, _) = try MIDIImporter.importScore(contentsOf: URL(fileURLWithPath: path))
        XCTAssertEqual(score.grid.pitches[0], Array(repeating: 73, count: 8) + Array(repeating: 74, count: 24))
        XCTAssertEqual(score.grid.pitches[1...3].map { $0 }, try twoBarScore().grid.pitches[1...3].map { $0 })
    }

    func testSessionSaveAsKeepsMaskSettingsAndCandidates() throws {
        let folder = try temporaryFolder(self)
        let host = try EditorHost.open(try writeMIDI(in: folder), configuration: configuration(autosave: folder.appendingPathComponent("auto")))
        for key in keys("tVr") { host.handle(key) }
        host.editor.settings.temperature = 0.9
        host.handle(.character("S"))
        let name = folder.appendingPathComponent("piece.json").path
        // Clear the suggested name, type the new one, confirm.
        for _ in 0..<200 { host.handle(.backspace) }
        for character in name { host.handle(.character(character)) }
        host.handle(.enter)
        XCTAssertEqual(host.documentPath, name)
        XCTAssertEqual(host.editor.fileName, "piece.json")

        let reopened = try EditorHost.open(name, configuration: configuration(autosave: folder.appendingPathComponent("auto")))
        XCTAssertEqual(reopened.editor.document, host.editor.document)
        XCTAssertEqual(reopened.editor.document.keep[2], Array(repeating: false, count: 32))
        XCTAssertEqual(reopened.editor.document.keep[1], Array(repeating: true, count: 32))
        XCTAssertEqual(reopened.editor.settings.temperature, 0.9)
    }

    func testCorruptMIDIErrorNamesFile() throws {
        let folder = try temporaryFolder(self)
        let path = folder.appendingPathComponent("broken.mid").path
        try Data("MThd".utf8).write(to: URL(fileURLWithPath: path))
        XCTAssertThrowsError(try EditorHost.open(path, configuration: configuration(autosave: folder))) { error in
            XCTAssertTrue("\(error)".hasPrefix("\(path): MIDI header"), "\(error)")
        }
    }

    func testSaveAsPromptShowsTailAndClears() throws {
        // A folder name long enough that the suggested path does not fit on an 80-column row.
        let folder = try temporaryFolder(self).appendingPathComponent(String(repeating: "chorales-", count: 8))
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let host = try EditorHost.open(try writeMIDI(in: folder), configuration: configuration(autosave: folder.appendingPathComponent("auto")))
        host.handle(.character("S"))
        let suggested = host.render(rows: 24, columns: 80).text(row: 23)
        XCTAssertTrue(suggested.hasSuffix("piece.mid_"), "the typed end of the name is cut off: \(suggested)")
        XCTAssertTrue(suggested.hasPrefix("…"), suggested)

        host.handle(.control("u"))
        let cleared = host.render(rows: 24, columns: 80).text(row: 23)
        XCTAssertEqual(cleared.trimmingCharacters(in: .whitespaces), "Save as (.mid or .json, Ctrl-U clears, Esc cancels): _")
        for character in "x.json" { host.handle(.character(character)) }
        XCTAssertTrue(host.render(rows: 24, columns: 80).text(row: 23).contains("cancels): x.json_"))
    }

    func testAutosaveWrittenAfterIntervalAndRecovered() throws {
        let folder = try temporaryFolder(self)
        let autosaveFolder = folder.appendingPathComponent("auto")
        let path = try writeMIDI(in: folder)
        let start = Date()
        let host = try EditorHost.open(path, configuration: configuration(autosave: autosaveFolder), now: start)
        for key in keys("bVr") { host.handle(key) }
        let store = AutosaveStore(directory: autosaveFolder)
        let autosave = store.url(forDocument: path)

        host.tick(now: start.addingTimeInterval(30))
        XCTAssertFalse(FileManager.default.fileExists(atPath: autosave.path), "autosaved before the interval")
        host.tick(now: start.addingTimeInterval(61))
        XCTAssertTrue(FileManager.default.fileExists(atPath: autosave.path), "no autosave after the interval")
        let saved = try SessionFile.read(from: autosave)
        XCTAssertEqual(saved.keep.keep[3], Array(repeating: false, count: 32))
        XCTAssertEqual(saved.score.grid, try twoBarScore().grid)

        // A new start offers the autosave; y recovers it as an undoable, unsaved change.
        let next = try EditorHost.open(path, configuration: configuration(autosave: autosaveFolder))
        XCTAssertTrue(next.render(rows: 24, columns: 80).text(row: 23).contains("Recover it? (y/n)"))
        next.handle(.character("l"))
        XCTAssertEqual(next.editor.cursorStep, 0, "a key other than y or n must not reach the editor")
        next.handle(.character("y"))
        XCTAssertEqual(next.editor.document.keep[3], Array(repeating: false, count: 32))
        XCTAssertTrue(next.editor.hasUnsavedChanges)
        next.handle(.character("u"))
        XCTAssertEqual(next.editor.document.keep[3], Array(repeating: true, count: 32))
    }

    func testAutosaveOlderThanFileIsNotOffered() throws {
        let folder = try temporaryFolder(self)
        let autosaveFolder = folder.appendingPathComponent("auto")
        let path = try writeMIDI(in: folder)
        let host = try EditorHost.open(path, configuration: configuration(autosave: autosaveFolder))
        for key in keys("bVr") { host.handle(key) }
        host.finishAfterSignal()
        let autosave = AutosaveStore(directory: autosaveFolder).url(forDocument: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: autosave.path), "a quit signal must leave an autosave")

        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(10)], ofItemAtPath: path)
        let next = try EditorHost.open(path, configuration: configuration(autosave: autosaveFolder))
        XCTAssertFalse(next.render(rows: 24, columns: 80).text(row: 23).contains("Recover"))
        XCTAssertEqual(next.editor.document.keep[3], Array(repeating: true, count: 32))
    }

    func testCleanQuitRemovesAutosave() throws {
        let folder = try temporaryFolder(self)
        let autosaveFolder = folder.appendingPathComponent("auto")
        let path = try writeMIDI(in: folder)
        let host = try EditorHost.open(path, configuration: configuration(autosave: autosaveFolder, interval: 0))
        for key in keys("bVr") { host.handle(key) }
        host.tick()
        let autosave = AutosaveStore(directory: autosaveFolder).url(forDocument: path)
        XCTAssertTrue(FileManager.default.fileExists(atPath: autosave.path))
        host.handle(.character("q"))
        host.handle(.character("y"))
        XCTAssertTrue(host.isFinished)
        XCTAssertFalse(FileManager.default.fileExists(atPath: autosave.path))
    }

    func testAutosaveFolderFollowsEnvironment() {
        XCTAssertEqual(AutosaveStore.defaultDirectory(environment: ["SUNMASK_AUTOSAVE_DIR": "/a/b", "XDG_STATE_HOME": "/x"]).path, "/a/b")
        XCTAssertEqual(AutosaveStore.defaultDirectory(environment: ["XDG_STATE_HOME": "/x", "HOME": "/h"]).path, "/x/sunmask/autosave")
        XCTAssertEqual(AutosaveStore.defaultDirectory(environment: ["HOME": "/h"]).path, "/h/.local/state/sunmask/autosave")
        let store = AutosaveStore(directory: URL(fileURLWithPath: "/a"))
        XCTAssertNotEqual(store.url(forDocument: "/one/piece.mid"), store.url(forDocument: "/two/piece.mid"))
        XCTAssertTrue(store.url(forDocument: "/one/piece.mid").lastPathComponent.hasPrefix("piece.mid-"))
    }

    func testExportsMusicXMLNextToFile() throws {
        let folder = try temporaryFolder(self)
        let path = try writeMIDI(in: folder)
        let host = try EditorHost.open(path, configuration: configuration(autosave: folder.appendingPathComponent("auto")))
        host.handle(.character("X"))
        let xml = try String(contentsOfFile: folder.appendingPathComponent("piece.musicxml").path, encoding: .utf8)
        XCTAssertTrue(xml.contains("<score-partwise"), String(xml.prefix(200)))
        XCTAssertEqual(host.editor.message, "Exported piece.musicxml.")
    }

    func testUnknownExtensionIsRejected() throws {
        let folder = try temporaryFolder(self)
        XCTAssertThrowsError(try EditorHost.open(folder.appendingPathComponent("notes.txt").path,
                                                 configuration: configuration(autosave: folder))) { error in
            XCTAssertTrue("\(error)".contains("notes.txt"), "\(error)")
        }
    }
}
