import Foundation
import LeakScanCore
import LeakScanPipeline
import LeakScanReport
import Testing

/// The incident writers on their own: each format's shape, escaping and streaming.
@Suite struct WriterTests {
    static func incident(_ excerpt: String, attachment: LeakScanCore.Attachment? = nil) -> Incident {
        var incident = Incident(
            rule: "payment-card", category: .confidential, severity: .critical, source: "/archive/a,b.mbox", offset: 42,
            messageID: "1@example.org", author: "a@example.org", timestamp: Date(timeIntervalSince1970: 0), location: "body",
            attachment: attachment, excerpt: excerpt, fingerprint: "00ff")
        incident.org = "example.org"
        return incident
    }

    /// Runs `sink` over two batches and returns what it wrote.
    static func written(_ make: (IncidentOutput) -> ScanSink) throws -> String {
        let path = NSTemporaryDirectory() + "leakscan-writer-\(UUID().uuidString)"
        let sink = make(try IncidentOutput(path: path))
        let attachment = LeakScanCore.Attachment(
            name: "staff.xlsx", contentType: "application/vnd.ms-excel", size: 10, sha256: "ab", member: "sheet2")
        for incidents in [[incident("card 4111 **** \"x\", y\r\nz")], [incident("plain", attachment: attachment)]] {
            try sink.batch(ScanBatch(source: "s", incidents: incidents, documents: [], checkpoint: .start, endsInput: false))
        }
        try sink.finish(ScanSummary())
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func csvQuotesWhatNeedsQuotingAndSpreadsTheAttachment() throws {
        let text = try Self.written(CSVSink.init)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == CSVSink.columns.joined(separator: ","))
        #expect(
            lines[1].hasPrefix(
                "payment-card,confidential,critical,\"/archive/a,b.mbox\",42,1@example.org,a@example.org,1970-01-01T00:00:00Z,"))
        #expect(text.contains("\"card 4111 **** \"\"x\"\", y\r\nz\""))
        #expect(text.contains(",staff.xlsx,application/vnd.ms-excel,10,ab,sheet2,plain,00ff"))
        // An empty scan still gives the header.
        let empty = NSTemporaryDirectory() + "leakscan-writer-\(UUID().uuidString)"
        let sink = CSVSink(output: try IncidentOutput(path: empty))
        try sink.finish(ScanSummary())
        #expect(try String(contentsOfFile: empty, encoding: .utf8) == CSVSink.columns.joined(separator: ",") + "\r\n")
    }

    @Test func sarifStreamsOneDocumentWithEveryResult() throws {
        let rules = [
            SARIFRule(
                id: "payment-card", title: "Payment card", description: nil, category: .confidential, severity: .critical,
                maskedExamples: ["card 4111 **** **** **11"])
        ]
        let text = try Self.written { SARIFSink(output: $0, rules: rules, version: "v1") }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "2.1.0")
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0["level"] as? String == "error" && $0["ruleIndex"] as? Int == 0 })
        #expect((results[0]["partialFingerprints"] as? [String: String])?["leakscanFingerprint/v1"] == "00ff")
        #expect(SARIFSink.level(.medium) == "warning" && SARIFSink.level(.low) == "note")
    }

    @Test func jsonLinesWritesOneObjectPerIncident() throws {
        let lines = try Self.written(JSONLinesSink.init).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[1].contains(
                #""attachment":{"name":"staff.xlsx","type":"application/vnd.ms-excel","size":10,"sha256":"ab","member":"sheet2"}"#))
    }
}
