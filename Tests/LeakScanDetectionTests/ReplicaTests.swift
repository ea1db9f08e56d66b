import Foundation
import LeakScanCore
import LeakScanRules
import Testing

@testable import LeakScanDetection

/// A second worker's detector (``Detector/replica()``) holds objects of its own and must find
/// exactly what the first finds: the same incidents, fingerprints and excerpts (the scored
/// rules' verdicts among them), on real tweets.
@Suite struct ReplicaTests {
    @Test func aReplicaOwnsItsRulesAndFindsTheSameIncidents() throws {
        let detector = Detector(ruleSet: MaskingTests.rules, fingerprinter: Fingerprinter(key: Array("replica".utf8)))
        let replica = detector.replica()
        #expect(replica !== detector)
        #expect(replica.ruleSet.rules.count == detector.ruleSet.rules.count)
        for (mine, theirs) in zip(detector.ruleSet.rules, replica.ruleSet.rules) {
            #expect(mine !== theirs)
            #expect(mine.regex !== theirs.regex)
            #expect(mine.definition == theirs.definition)
            // A scored rule's model is a copy (not read from its file again), with arrays of its own.
            #expect((mine.scorer == nil) == (theirs.scorer == nil))
            if let model = mine.scorer, let copy = theirs.scorer {
                #expect(model !== copy)
                #expect(model.digest == copy.digest && model.features == copy.features)
            }
        }
        #expect(replica.ruleSet.rules.contains { $0.scorer != nil })
        #expect(replica.ruleSet.version == detector.ruleSet.version)

        let tweets = try String(
            contentsOf: MaskingTests.root.deletingLastPathComponent().appendingPathComponent(
                "shared/corpora/labelled/olid-train/val_text.txt"),
            encoding: .utf8
        ).split(separator: "\n").prefix(400)
        let (scratch, replicaScratch) = (detector.makeScratch(), replica.makeScratch())
        var incidents = 0
        for (index, tweet) in tweets.enumerated() {
            let document = Document(
                source: "tweets.jsonl", offset: UInt64(index), messageID: "t\(index)", author: "@user", platform: "twitter",
                units: [TextUnit(location: "text", bytes: Array(tweet.utf8))])
            let expected = detector.incidents(in: document, scratch: scratch)
            #expect(replica.incidents(in: document, scratch: replicaScratch) == expected, "\(tweet)")
            incidents += expected.count
        }
        #expect(incidents > 100)  // the tweets exercise the rules, not only the empty case
    }
}
