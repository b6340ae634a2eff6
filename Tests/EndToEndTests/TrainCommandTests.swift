import Foundation
import XCTest

final class TrainCommandTests: XCTestCase {
    private func train(_ folder: URL, out: String, _ extra: [String]) throws -> ProcessResult {
        try runSunmask(["train", "--data", "scales.json", "--out", out] + TrainingFixtures.smallNetworkFlags + extra,
                       currentDirectory: folder, timeout: 60)
    }

    func testTrainWritesLoadableCheckpointAndLog() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let result = try train(folder, out: "model.safetensors",
                               ["--steps", "7", "--validate-every", "3", "--log", "log.csv"])
        XCTAssertEqual(result.status, 0, result.standardError)
        XCTAssertEqual(result.standardError, "")
        // 4 chorales × 2 chunks, each in the 12 transpositions.
        XCTAssertTrue(result.standardOutput.contains("8 silence-free chunks of 16 steps, 96 examples"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("uniform ln 58 = 4.0604"), result.standardOutput)
        XCTAssertTrue(result.standardOutput.contains("validation at step 6"), result.standardOutput)
        // A run ending between validation steps is measured once more at its last step.
        XCTAssertTrue(result.standardOutput.contains("validation at step 7"), result.standardOutput)

        let checkpoint = try SafeTensorsSummary(contentsOf: folder.appendingPathComponent("model.safetensors"))
        XCTAssertEqual(try checkpoint.trainingStep(), 7)
        XCTAssertEqual(checkpoint.metadata["training_examples"], "96")
        XCTAssertNotNil(checkpoint.tensors["conv_in.weight"])
        XCTAssertNotNil(checkpoint.tensors["adam.m.conv_in.weight"])

        let log = try String(contentsOf: folder.appendingPathComponent("log.csv"), encoding: .utf8)
        let rows = log.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        XCTAssertEqual(rows.first?.joined(separator: ","),
                       "step,loss,smoothed_loss,lr,examples_per_s,training_s,nll_0.25,nll_0.5,nll_0.75,nll_1")
        XCTAssertEqual(rows.dropFirst().map { String($0[0]) }, ["1", "2", "3", "4", "5", "6", "7"])
        for row in rows.dropFirst() {
            XCTAssertEqual(row.count, 10, "\(row)")
        }
        let validationRows = rows.dropFirst().filter { !$0[6].isEmpty }.map { String($0[0]) }
        XCTAssertEqual(validationRows, ["3", "6", "7"])
        let nlls = rows[6][6...].compactMap { Double($0) }
        XCTAssertEqual(nlls.count, 4)
        for nll in nlls {
            XCTAssertGreaterThan(nll, 0)
            XCTAssertLessThan(nll, 10)
        }
    }

    func testResumeMatchesUninterruptedRun() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let common = ["--validate-every", "0", "--checkpoint-every", "0", "--seed", "7"]
        let whole = try train(folder, out: "whole.safetensors", common + ["--steps", "8"])
        XCTAssertEqual(whole.status, 0, whole.standardError)
        let first = try train(folder, out: "split.safetensors", common + ["--steps", "3"])
        XCTAssertEqual(first.status, 0, first.standardError)
        let afterFirst = try SafeTensorsSummary(contentsOf: folder.appendingPathComponent("split.safetensors"))
        XCTAssertEqual(try afterFirst.trainingStep(), 3)

        // The model flags may be given again when they match the checkpoint.
        let second = try train(folder, out: "split.safetensors", common + ["--steps", "8", "--resume"])
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertTrue(second.standardOutput.contains("resumed at step 3"), second.standardOutput)

        let wholeCheckpoint = try SafeTensorsSummary(contentsOf: folder.appendingPathComponent("whole.safetensors"))
        let resumedCheckpoint = try SafeTensorsSummary(contentsOf: folder.appendingPathComponent("split.safetensors"))
        XCTAssertEqual(try resumedCheckpoint.trainingStep(), 8)
        XCTAssertEqual(Set(wholeCheckpoint.tensors.keys), Set(resumedCheckpoint.tensors.keys))
        // The trainer is deterministic, so weights and Adam moments match byte for byte.
        for (name, bytes) in wholeCheckpoint.tensors {
            XCTAssertEqual(resumedCheckpoint.tensors[name], bytes, "tensor \(name) differs after resume")
        }
        XCTAssertNotEqual(afterFirst.tensors["conv_in.weight"], resumedCheckpoint.tensors["conv_in.weight"])
    }

    func testKillDuringTrainingLeavesIntactCheckpoint() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let checkpointURL = folder.appendingPathComponent("model.safetensors")
        let process = try startTraining(folder, ["--steps", "1000000", "--checkpoint-every", "2", "--validate-every", "0"])
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: checkpointURL.path) && Date() < deadline && process.isRunning {
            usleep(2_000)
        }
        // Let a few more checkpoints be written, so the kill is likely to land during a write.
        usleep(300_000)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .uncaughtSignal)

        let killed = try SafeTensorsSummary(contentsOf: checkpointURL)
        let savedStep = try killed.trainingStep()
        XCTAssertGreaterThanOrEqual(savedStep, 2)
        XCTAssertEqual(savedStep % 2, 0)

        let resumed = try train(folder, out: "model.safetensors",
                                ["--resume", "--steps", "\(savedStep + 3)", "--validate-every", "0"])
        XCTAssertEqual(resumed.status, 0, resumed.standardError)
        XCTAssertTrue(resumed.standardOutput.contains("resumed at step \(savedStep)"), resumed.standardOutput)
        XCTAssertEqual(try SafeTensorsSummary(contentsOf: checkpointURL).trainingStep(), savedStep + 3)
    }

    func testInterruptSavesCheckpointAndExits130() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let checkpointURL = folder.appendingPathComponent("model.safetensors")
        let process = try startTraining(folder, ["--steps", "1000000", "--checkpoint-every", "1000", "--validate-every", "0",
                                                 "--log", "log.csv"])
        // The log's first row shows the loop has started, so the signal handler is installed.
        let logURL = folder.appendingPathComponent("log.csv")
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline && process.isRunning {
            let log = (try? String(contentsOf: logURL, encoding: .utf8)) ?? ""
            if log.split(separator: "\n").count >= 3 { break }
            usleep(5_000)
        }
        kill(process.processIdentifier, SIGINT)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationReason, .exit)
        XCTAssertEqual(process.terminationStatus, 130)
        XCTAssertGreaterThanOrEqual(try SafeTensorsSummary(contentsOf: checkpointURL).trainingStep(), 1)
    }

    func testBadDataFileFailsWithOneLine() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let missing = try runSunmask(["train", "--data", "absent.json", "--out", "m.safetensors"], currentDirectory: folder)
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.standardError.hasPrefix("Error: cannot read JSB dataset"), missing.standardError)
        XCTAssertEqual(missing.standardError.filter { $0 == "\n" }.count, 1, missing.standardError)

        let malformed = #"{"train": [[[60, 55, 52]]], "valid": [], "test": []}"#
        try Data(malformed.utf8).write(to: folder.appendingPathComponent("bad.json"))
        let result = try runSunmask(["train", "--data", "bad.json", "--out", "m.safetensors"], currentDirectory: folder)
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.standardError,
                       "Error: JSB dataset bad.json: train chorale 0 step 0 has 3 values; expected 4 ([S, A, T, B])\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: folder.appendingPathComponent("m.safetensors").path))
    }

    func testInvalidFlagsAreUsageErrors() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let cases: [(arguments: [String], message: String)] = [
            (["--out", "m.safetensors"], "missing option '--data FILE'"),
            (["--data", "scales.json"], "missing option '--out MODEL.safetensors'"),
            (["--data", "scales.json", "--out", "m.safetensors", "--width", "0"], "invalid value '0' for '--width'"),
            (["--data", "scales.json", "--out", "m.safetensors", "--multipliers", "1,x"], "invalid value '1,x' for '--multipliers'"),
            (["--data", "scales.json", "--out", "m.safetensors", "--threads", "3"], "invalid value '3' for '--threads'"),
            (["--data", "scales.json", "--out", "m.safetensors", "--width", "20", "--groups", "8"],
             "invalid model flags: baseWidth = 20"),
            (["--data", "scales.json", "--out", "m.safetensors", "--length", "30"], "invalid value '30' for '--length'"),
            (["--data", "scales.json", "--out", "m.safetensors", "--resume"], "--resume: no checkpoint at m.safetensors"),
        ]
        for (arguments, message) in cases {
            let result = try runSunmask(["train"] + arguments, currentDirectory: folder)
            XCTAssertEqual(result.status, 64, "\(arguments): \(result.standardError)")
            XCTAssertTrue(result.standardError.hasPrefix("Error: " + message), "\(arguments): \(result.standardError)")
        }
    }

    func testResumeRejectsDisagreeingFlags() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let first = try train(folder, out: "m.safetensors", ["--steps", "1", "--validate-every", "0"])
        XCTAssertEqual(first.status, 0, first.standardError)

        let fresh = try train(folder, out: "m.safetensors", ["--steps", "2"])
        XCTAssertEqual(fresh.status, 64)
        XCTAssertTrue(fresh.standardError.hasPrefix("Error: m.safetensors already exists; pass --resume"), fresh.standardError)

        let wider = try runSunmask(["train", "--data", "scales.json", "--out", "m.safetensors", "--resume",
                                    "--width", "16", "--lr", "0.01"], currentDirectory: folder)
        XCTAssertEqual(wider.status, 64)
        XCTAssertTrue(wider.standardError.hasPrefix(
            "Error: --resume: --width 16 (checkpoint: 8), --lr 0.01 (checkpoint: 0.0003) disagree with the checkpoint"),
                      wider.standardError)
        XCTAssertEqual(try SafeTensorsSummary(contentsOf: folder.appendingPathComponent("m.safetensors")).trainingStep(), 1)
    }

    func testNewScheduleRestartsDecay() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let first = try train(folder, out: "m.safetensors",
                              ["--steps", "3", "--validate-every", "0", "--lr", "0.001", "--lr-decay", "0.5",
                               "--lr-decay-every", "1"])
        XCTAssertEqual(first.status, 0, first.standardError)

        let second = try train(folder, out: "m.safetensors",
                               ["--resume", "--new-schedule", "--steps", "6", "--validate-every", "0",
                                "--lr", "0.002", "--lr-decay", "0.25", "--lr-decay-every", "2", "--log", "log.csv"])
        XCTAssertEqual(second.status, 0, second.standardError)
        XCTAssertTrue(second.standardOutput.contains("lr 0.002 × 0.25 every 2 steps from step 3"), second.standardOutput)
        // Steps 4…6 run at schedule steps 0, 1 and 2 (the row of step s shows the rate of step s − 1).
        let log = try String(contentsOf: folder.appendingPathComponent("log.csv"), encoding: .utf8)
        let rates = log.split(separator: "\n").dropFirst().map { Double($0.split(separator: ",")[3])! }
        XCTAssertEqual(rates, [0.002, 0.002, 0.0005])

        // The new schedule is saved: a plain resume continues it, and the old flags now disagree.
        let third = try train(folder, out: "m.safetensors", ["--resume", "--steps", "7", "--lr", "0.001"])
        XCTAssertEqual(third.status, 64)
        XCTAssertTrue(third.standardError.contains("--lr 0.001 (checkpoint: 0.002)"), third.standardError)
        let fourth = try train(folder, out: "m.safetensors", ["--resume", "--steps", "7", "--validate-every", "0"])
        XCTAssertEqual(fourth.status, 0, fourth.standardError)
        XCTAssertTrue(fourth.standardOutput.contains("from step 3"), fourth.standardOutput)

        let withoutResume = try runSunmask(["train", "--data", "scales.json", "--out", "other.safetensors",
                                            "--new-schedule"], currentDirectory: folder)
        XCTAssertEqual(withoutResume.status, 64)
        XCTAssertTrue(withoutResume.standardError.hasPrefix("Error: --new-schedule applies only with --resume"),
                      withoutResume.standardError)
    }

    func testAblationFlagsMustMatchOnResume() throws {
        let folder = try TrainingFixtures.makeWorkspace(for: self)
        let ablated = try train(folder, out: "m.safetensors",
                                ["--steps", "2", "--validate-every", "2", "--no-unroll", "--no-mask-input",
                                 "--loss-all-cells", "--no-reweight"])
        XCTAssertEqual(ablated.status, 0, ablated.standardError)
        XCTAssertTrue(ablated.standardOutput.contains("ablations: --no-unroll --no-mask-input --loss-all-cells --no-reweight"),
                      ablated.standardOutput)
        XCTAssertTrue(ablated.standardOutput.contains("validation at step 2"), ablated.standardOutput)

        let plain = try train(folder, out: "m.safetensors", ["--resume", "--steps", "3"])
        XCTAssertEqual(plain.status, 64)
        XCTAssertTrue(plain.standardError.contains(
            "ablation switches none (checkpoint: --no-unroll --no-mask-input --loss-all-cells --no-reweight)"),
                      plain.standardError)

        let same = try train(folder, out: "m.safetensors",
                             ["--resume", "--steps", "3", "--no-unroll", "--no-mask-input", "--loss-all-cells", "--no-reweight"])
        XCTAssertEqual(same.status, 0, same.standardError)
        XCTAssertEqual(try SafeTensorsSummary(contentsOf: folder.appendingPathComponent("m.safetensors")).trainingStep(), 3)
    }

    /// Starts `sunmask train` on the scales in `folder` writing model.safetensors, without waiting.
    private func startTraining(_ folder: URL, _ extra: [String]) throws -> Process {
        let binary = productsDirectory.appendingPathComponent("sunmask")
        guard FileManager.default.isExecutableFile(atPath: binary.path) else {
            throw XCTSkip("sunmask binary not built at \(binary.path); run `swift build` first")
        }
        let process = Process()
        process.executableURL = binary
        process.arguments = ["train", "--data", "scales.json", "--out", "model.safetensors"]
            + TrainingFixtures.smallNetworkFlags + extra
        process.currentDirectoryURL = folder
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        process.standardInput = FileHandle.nullDevice
        try process.run()
        addTeardownBlock {
            if process.isRunning {
                kill(process.processIdentifier, SIGKILL)
                process.waitUntilExit()
            }
        }
        return process
    }
}
