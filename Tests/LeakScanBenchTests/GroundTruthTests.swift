import Foundation
import LeakScanBench
import LeakScanCore
import Testing

/// Scoring against a labelled table: per record, counted once however many rules fire.
@Suite struct GroundTruthTests {
    /// An incident on the labelled record that starts at `offset`.
    static func incident(_ source: String, _ offset: UInt64, rule: String) -> Incident {
        Incident(
            rule: rule, category: .derogatory, severity: .medium, source: source, offset: offset, messageID: nil, author: nil,
            timestamp: nil, location: "text", excerpt: "", fingerprint: Fingerprint(high: offset, low: 0))
    }

    @Test func labelledRecordsScorePrecisionAndRecall() throws {
        let path = NSTemporaryDirectory() + "leakscan-labels-\(UUID().uuidString).csv"
        try "id,text,class\n1,a,1\n2,b,1\n3,c,0\n4,d,0\n".write(toFile: path, atomically: true, encoding: .utf8)
        let truth = try GroundTruth.labelled(file: path, labelColumn: "class", positive: ["1"], category: .derogatory)
        // Record 1 found by two rules (one true positive), record 3 a false positive, record 2 missed.
        // Rows start after the 14-byte header, 6 bytes each.
        let found = [Self.incident(path, 14, rule: "a"), Self.incident(path, 14, rule: "b"), Self.incident(path, 26, rule: "a")]
        let scored = truth.score(found, rules: [("a", .derogatory), ("b", .derogatory)])
        let overall = try #require(scored.categories[.derogatory])
        #expect(overall.truePositives == 1 && overall.falsePositives == 1 && overall.falseNegatives == 1)
    }
}
