import XCTest
import Chorale

/// Checks against the real JSB file; each test skips, naming the paths tried, when it is absent.
final class JSBRealDataTests: XCTestCase {
    func testSplitSizes() throws {
        let dataset = try JSBTestData.load()
        XCTAssertEqual(dataset.train.count, 229)
        XCTAssertEqual(dataset.valid.count, 76)
        XCTAssertEqual(dataset.test.count, 77)
    }

    func testReferenceTrainingSetCount() throws {
        let dataset = try JSBTestData.load()
        let chunks = dataset.chorales(in: [.train, .valid]).flatMap {
            JSBDataset.chunks(of: $0, length: 128, skippingSilent: true)
        }
        XCTAssertEqual(chunks.count, 413)
        let examples = dataset.trainingExamples()
        XCTAssertEqual(examples.count, 4956)
        XCTAssertTrue(examples.allSatisfy { $0.steps == 128 })
        XCTAssertFalse(examples.contains { $0.containsRest() })

        var low = Int.max
        var high = Int.min
        for example in examples {
            let span = try XCTUnwrap(example.pitchSpan)
            low = min(low, span.lowerBound)
            high = max(high, span.upperBound)
        }
        XCTAssertEqual(low, 30)
        XCTAssertEqual(high, 86)
        XCTAssertEqual(low...high, TokenVocabulary.pitchRange)
    }

    func testEveryFullChunkBoundaryCount() throws {
        let dataset = try JSBTestData.load()
        let chunks = dataset.chorales(in: [.train, .valid]).flatMap {
            JSBDataset.chunks(of: $0, length: 128, skippingSilent: true, boundary: .everyFullChunk)
        }
        XCTAssertEqual(chunks.count, 426)
    }

    func testRangesMatchJSBData() throws {
        let dataset = try JSBTestData.load()
        for voice in Voice.allCases {
            var low = Int.max
            var high = Int.min
            for chorale in dataset.chorales(in: JSBSplit.allCases) {
                for cell in chorale.pitches[voice.rawValue] where cell != SATBGrid.rest {
                    low = min(low, cell)
                    high = max(high, cell)
                }
            }
            XCTAssertEqual(low...high, voice.modelRange, "\(voice)")
        }
    }

    func testReferenceResolvesRealChorale() throws {
        let dataset = try JSBTestData.load()
        let chorale = try JSBReference(parsing: "jsb:test:76").chorale(in: dataset)
        XCTAssertEqual(chorale, dataset.test[76])
        XCTAssertThrowsError(try JSBReference(parsing: "jsb:test:77").chorale(in: dataset))
    }
}
