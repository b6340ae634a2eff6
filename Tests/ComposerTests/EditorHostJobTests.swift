import Chorale
import Foundation
import SunmaskEngine
import XCTest
@testable import Composer

final class EditorHostJobTests: XCTestCase {
    private func host(steps: Int, folder: URL) throws -> EditorHost {
        let engine = SamplerGenerationEngine(model: try tinyModel(), stepsOverride: steps, progressInterval: 0)
        let configuration = HostConfiguration(engine: engine, autosave: AutosaveStore(directory: folder))
        let editor = Editor(document: EditorDocument(score: try twoBarScore()), fileName: "two-bars.mid")
        return EditorHost(editor: editor, documentPath: folder.appendingPathComponent("two-bars.mid").path,
                          configuration: configuration)
    }

    func testJobProgressesAndFinishesAsUndoableEdit() throws {
        let host = try host(steps: 40, folder: try temporaryFolder(self))
        let original = host.editor.document
        // Alto, select the whole voice, mark it to regenerate, generate.
        for key in keys("aVrg") { host.handle(key) }
        XCTAssertTrue(host.isJobRunning)

        var sawProgress = false
        let finished = tick(host) {
            if let job = host.editor.job, job.step > 0 {
                sawProgress = true
                XCTAssertEqual(job.total, 40)
            }
            return !host.isJobRunning
        }
        XCTAssertTrue(finished, "job did not finish within 20 s")
        XCTAssertTrue(sawProgress, "no progress report reached the editor")
        XCTAssertTrue(host.editor.message?.contains("Generated") ?? false, host.editor.message ?? "no message")

        let grid = host.editor.document.score.grid
        for voice in [0, 2, 3] {
            XCTAssertEqual(grid.pitches[voice], original.score.grid.pitches[voice], "kept voice \(voice) changed")
        }
        for pitch in grid.pitches[1] where pitch != SATBGrid.rest {
            XCTAssertTrue(TokenVocabulary.pitchRange.contains(pitch), "alto pitch \(pitch) has no token")
        }
        host.handle(.character("u"))
        XCTAssertEqual(host.editor.document.score.grid, original.score.grid)
        XCTAssertEqual(host.editor.document.keep[1], Array(repeating: false, count: 32))
    }

    func testKeysWorkWhileJobRunsAndEscCancels() throws {
        let host = try host(steps: 1_000_000, folder: try temporaryFolder(self))
        let original = host.editor.document
        for key in keys("aVrg") { host.handle(key) }
        XCTAssertTrue(tick(host, timeout: 10) { (host.editor.job?.step ?? 0) > 0 })

        // A cursor move is applied at once, while the job keeps running.
        let before = host.editor.cursorStep
        host.handle(.character("0"))
        host.handle(.character("l"))
        XCTAssertEqual(host.editor.cursorStep, 1)
        XCTAssertNotEqual(before, -1)
        XCTAssertTrue(host.isJobRunning)

        let cancelled = Date()
        host.handle(.escape)
        XCTAssertTrue(tick(host, timeout: 10) { !host.isJobRunning }, "Esc did not stop the job")
        XCTAssertLessThan(Date().timeIntervalSince(cancelled), 5)
        XCTAssertTrue(host.editor.message?.hasPrefix("Cancelled") ?? false, host.editor.message ?? "no message")
        XCTAssertNil(host.editor.job)
        XCTAssertEqual(host.editor.document.score.grid, original.score.grid)
    }

    func testSeveralCandidatesAreBrowsedWithGrades() throws {
        let host = try host(steps: 12, folder: try temporaryFolder(self))
        host.editor.settings.candidates = 3
        for key in keys("aVrg") { host.handle(key) }
        XCTAssertTrue(tick(host) { !host.isJobRunning })
        XCTAssertEqual(host.editor.candidates.count, 3)
        let grades = host.editor.candidates.compactMap(\.grade)
        XCTAssertEqual(grades.count, 3)
        XCTAssertEqual(grades, grades.sorted(), "candidates are not ordered best first")
        // The grade shown is the Bach-style overall grade, not a model score.
        let grader = try Grader.shipped()
        for candidate in host.editor.candidates {
            XCTAssertEqual(candidate.grade ?? .nan, grader.grade(candidate.grid).overall, accuracy: 1e-9)
        }
        host.handle(.character("c"))
        host.handle(.character("A"))
        XCTAssertEqual(host.editor.document.score.grid, host.editor.displayedGrid)
        XCTAssertTrue(host.editor.candidates.isEmpty)
    }

    /// An engine that runs the real sampler, then changes one kept cell of every result, as a
    /// bug in a generation layer would.
    private final class KeptCellBreakingEngine: GenerationEngine {
        let inner: SamplerGenerationEngine
        init(_ inner: SamplerGenerationEngine) { self.inner = inner }

        func generate(_ request: GenerationRequest, progress: @escaping (JobProgress) -> Void,
                      cancellation: SamplerCancellation) throws -> [Candidate] {
            try inner.generate(request, progress: progress, cancellation: cancellation).map { candidate in
                var grid = candidate.grid
                grid[.soprano, 0] = grid[.soprano, 0] + 1
                return Candidate(grid: grid, grade: candidate.grade)
            }
        }
    }

    func testResultChangingKeptCellIsRejected() throws {
        let inner = SamplerGenerationEngine(model: try tinyModel(), stepsOverride: 8)
        let configuration = HostConfiguration(engine: KeptCellBreakingEngine(inner),
                                              autosave: AutosaveStore(directory: try temporaryFolder(self)))
        let host = EditorHost(editor: Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid"),
                              documentPath: nil, configuration: configuration)
        for key in keys("aVr") { host.handle(key) }
        let marked = host.editor.document
        host.handle(.character("g"))
        XCTAssertTrue(tick(host) { !host.isJobRunning })
        XCTAssertEqual(host.editor.document, marked)
        XCTAssertTrue(host.editor.message?.contains("Rejected 1 result") ?? false, host.editor.message ?? "no message")
        host.handle(.character("u"))
        XCTAssertEqual(host.editor.message, "Undid mark regenerate.", "the rejected result must not be on the undo list")
    }

    func testGenerateWithoutModelExplains() throws {
        let configuration = HostConfiguration(engine: nil, missingEngineMessage: "No model here.",
                                              autosave: AutosaveStore(directory: try temporaryFolder(self)))
        let host = EditorHost(editor: Editor(document: EditorDocument(score: try twoBarScore()), fileName: "x.mid"),
                              documentPath: nil, configuration: configuration)
        for key in keys("aVrg") { host.handle(key) }
        XCTAssertFalse(host.isJobRunning)
        XCTAssertNil(host.editor.job)
        XCTAssertEqual(host.editor.message, "No model here.")
    }
}
