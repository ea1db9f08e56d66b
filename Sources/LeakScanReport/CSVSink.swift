import LeakScanCore
import LeakScanPipeline

/// Writes incidents as CSV for spreadsheets (RFC 4180: a header row, CRLF line ends, fields
/// quoted when they hold a comma, quote or line break). The columns are the JSON Lines fields
/// in the same order, with the attachment spread over five columns; empty means null.
public final class CSVSink: ScanSink {
    let output: IncidentOutput
    var wroteHeader = false

    public static let columns = [
        "rule", "category", "severity", "source", "offset", "message_id", "author", "timestamp", "org", "person", "platform", "channel",
        "location", "attachment_name", "attachment_type", "attachment_size", "attachment_sha256", "attachment_member", "excerpt",
        "fingerprint", "similarity", "kind", "target",
    ]

    public init(output: IncidentOutput) {
        self.output = output
    }

    static func row(_ incident: Incident) -> [String?] {
        [
            incident.rule, incident.category.rawValue, incident.severity.rawValue, incident.source, String(incident.offset),
            incident.messageID, incident.author, incident.timestamp.map(ISO8601.format), incident.org, incident.person,
            incident.platform, incident.channel.rawValue, incident.location, incident.attachment?.name, incident.attachment?.contentType,
            incident.attachment.map { String($0.size) }, incident.attachment?.sha256, incident.attachment?.member, incident.excerpt,
            incident.fingerprint.description, incident.similarity.map { String(format: "%.3f", $0) },
            incident.kind, incident.target,
        ]
    }

    static func line(_ fields: [String?]) -> String {
        fields.map { field in
            guard let field else { return "" }
            let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
            return needsQuotes ? "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : field
        }.joined(separator: ",") + "\r\n"
    }

    func writeHeader() throws {
        guard !wroteHeader else { return }
        wroteHeader = true
        try output.write(Array(Self.line(Self.columns).utf8))
    }

    public func batch(_ batch: ScanBatch) throws {
        try writeHeader()
        guard !batch.incidents.isEmpty else { return }
        try output.write(Array(batch.incidents.map { Self.line(Self.row($0)) }.joined().utf8))
    }

    public func finish(_ summary: ScanSummary) throws {
        try writeHeader()
        try output.close()
    }
}
