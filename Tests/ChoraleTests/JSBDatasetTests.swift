import Foundation
import XCTest
import Chorale

final class JSBDatasetTests: XCTestCase {
    private func load(_ json: String) throws -> JSBDataset {
        try JSBDataset(jsonData: Data(json.utf8), file: "small.json")
    }

    private func assertError(_ json: String, _ expected: JSBDatasetError, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try load(json), file: file, line: line) { error in
            XCTAssertEqual(error as? JSBDatasetError, expected, file: file, line: line)
        }
    }

    private let valid = #"{"train": [[[60, 55, 48, 36], [62, -1, 50, 38]]], "valid": [], "test": [[[64, 60, 55, 48]]]}"#

    func testLoadsSplitsVoiceMajor() throws {
        let dataset = try load(valid)
        XCTAssertEqual(dataset.train.count, 1)
        XCTAssertEqual(dataset.valid.count, 0)
        XCTAssertEqual(dataset[.test].count, 1)
        XCTAssertEqual(dataset.train[0].pitches, [[60, 62], [55, -1], [48, 50], [36, 38]])
    }

    func testNotJSON() {
        XCTAssertThrowsError(try load("{\"train\": [")) { error in
            guard case .notJSON(let file, _) = error as? JSBDatasetError else {
                return XCTFail("expected notJSON, got \(error)")
            }
            XCTAssertEqual(file, "small.json")
        }
    }

    func testTopLevelNotAnObject() {
        assertError("[1, 2]", .notAnObject(file: "small.json"))
    }

    func testMissingSplit() {
        assertError(#"{"train": [], "test": []}"#, .missingSplit(file: "small.json", split: .valid))
    }

    func testSplitNotAList() {
        assertError(#"{"train": [], "valid": {}, "test": []}"#, .splitNotAList(file: "small.json", split: .valid))
    }

    func testChoraleNotAList() {
        assertError(#"{"train": [], "valid": [], "test": [[[60,60,60,60]], 5]}"#,
                    .choraleNotAList(file: "small.json", split: .test, chorale: 1))
    }

    func testEmptyChorale() {
        assertError(#"{"train": [[]], "valid": [], "test": []}"#, .emptyChorale(file: "small.json", split: .train, chorale: 0))
    }

    func testStepNotAList() {
        assertError(#"{"train": [[[60,55,48,36], 60]], "valid": [], "test": []}"#,
                    .stepNotAList(file: "small.json", split: .train, chorale: 0, step: 1))
    }

    func testWrongStepArity() {
        let json = #"{"train": [], "valid": [[[60,55,48,36]], [[60,55,48,36], [60,55,48]]], "test": []}"#
        assertError(json, .wrongStepArity(file: "small.json", split: .valid, chorale: 1, step: 1, count: 3))
        XCTAssertThrowsError(try load(json)) { error in
            let message = String(describing: error)
            XCTAssertTrue(message.contains("valid chorale 1 step 1"), message)
        }
    }

    func testNonIntegerPitches() {
        let location = JSBDatasetError.Location(file: "small.json", split: .train, chorale: 0, step: 0, voice: .alto)
        assertError(#"{"train": [[[60, 55.5, 48, 36]]], "valid": [], "test": []}"#, .nonIntegerPitch(location, value: "55.5"))
        assertError(#"{"train": [[[60, "E4", 48, 36]]], "valid": [], "test": []}"#, .nonIntegerPitch(location, value: "E4"))
        XCTAssertThrowsError(try load(#"{"train": [[[60, true, 48, 36]]], "valid": [], "test": []}"#)) { error in
            guard case .nonIntegerPitch(let found, _) = error as? JSBDatasetError else {
                return XCTFail("expected nonIntegerPitch, got \(error)")
            }
            XCTAssertEqual(found, location)
        }
        XCTAssertThrowsError(try load(#"{"train": [[[60, null, 48, 36]]], "valid": [], "test": []}"#))
    }

    func testOutOfRangePitch() {
        let location = JSBDatasetError.Location(file: "small.json", split: .test, chorale: 0, step: 1, voice: .bass)
        assertError(#"{"train": [], "valid": [], "test": [[[60,55,48,36], [60,55,48,128]]]}"#, .pitchOutOfRange(location, pitch: 128))
        assertError(#"{"train": [], "valid": [], "test": [[[60,55,48,36], [60,55,48,-2]]]}"#, .pitchOutOfRange(location, pitch: -2))
    }

    func testUnreadableFile() {
        let path = "/nonexistent/dir/jsb.json"
        XCTAssertThrowsError(try JSBDataset(contentsOf: URL(fileURLWithPath: path))) { error in
            guard case .unreadable(let file, _) = error as? JSBDatasetError else {
                return XCTFail("expected unreadable, got \(error)")
            }
            XCTAssertEqual(file, path)
        }
    }

    func testReferenceParsing() throws {
        XCTAssertEqual(try JSBReference(parsing: "jsb:test:3"), JSBReference(split: .test, index: 3))
        XCTAssertEqual(JSBReference(split: .valid, index: 12).description, "jsb:valid:12")
        XCTAssertTrue(JSBReference.isReference("jsb:train:0"))
        XCTAssertFalse(JSBReference.isReference("melody.mid"))
        XCTAssertThrowsError(try JSBReference(parsing: "jsb:training:3")) {
            XCTAssertEqual($0 as? JSBReferenceError, .unknownSplit("training", reference: "jsb:training:3"))
        }
        XCTAssertThrowsError(try JSBReference(parsing: "jsb:test:-1")) {
            XCTAssertEqual($0 as? JSBReferenceError, .invalidIndex("-1", reference: "jsb:test:-1"))
        }
        for bad in ["jsb:test", "jsb:test:1:2", "midi:test:1", "test:1"] {
            XCTAssertThrowsError(try JSBReference(parsing: bad), bad) {
                XCTAssertEqual($0 as? JSBReferenceError, .malformed(bad))
            }
        }
    }

    func testReferenceIndexOutOfRange() throws {
        let dataset = try load(valid)
        XCTAssertEqual(try JSBReference(split: .test, index: 0).chorale(in: dataset), dataset.test[0])
        XCTAssertThrowsError(try JSBReference(split: .test, index: 1).chorale(in: dataset)) { error in
            XCTAssertEqual(error as? JSBReferenceError, .indexOutOfRange(JSBReference(split: .test, index: 1), count: 1))
            XCTAssertTrue(String(describing: error).contains("indices 0…0"))
        }
    }
}
