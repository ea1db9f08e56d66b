import Foundation
import LeakScanCore
import LeakScanPipeline

/// Writes SARIF 2.1.0 (OASIS), the format code-scanning tools and secret scanners (gitleaks,
/// Nosey Parker, Kingfisher) exchange: one run, every rule a reporting descriptor, every
/// incident a result whose physical location is the input file with the message's byte
/// offset, whose logical locations are the message and the part, and whose partial
/// fingerprint is the keyed incident fingerprint. Results are streamed as they come.
public final class SARIFSink: ScanSink {
    let output: IncidentOutput
    let rules: [SARIFRule]
    let ruleIndex: [String: Int]
    let version: String
    var wroteHead = false
    var results = 0

    /// - Parameter version: the rule set's version, recorded as the driver's version.
    public init(output: IncidentOutput, rules: [SARIFRule], version: String) {
        self.output = output
        self.rules = rules
        self.version = version
        ruleIndex = Dictionary(rules.enumerated().map { ($1.id, $0) }, uniquingKeysWith: { first, _ in first })
    }

    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .critical, .high: "error"
        case .medium: "warning"
        case .low: "note"
        }
    }

    /// GitHub code scanning's `security-severity` scale (0–10).
    static func securitySeverity(_ severity: Severity) -> String {
        switch severity {
        case .critical: "9.5"
        case .high: "8.0"
        case .medium: "5.0"
        case .low: "2.0"
        }
    }

    func descriptor(_ rule: SARIFRule) -> [String: Any] {
        let examples = rule.maskedExamples.map { "- `\($0)`" }.joined(separator: "\n")
        let help =
            "\(rule.description ?? rule.title)\n\nCategory \(rule.category.rawValue), severity \(rule.severity.rawValue)."
            + (examples.isEmpty ? "" : "\n\nExamples it matches (masked as in incidents):\n\(examples)")
        return [
            "id": rule.id, "name": rule.id, "shortDescription": ["text": rule.title],
            "fullDescription": ["text": rule.description ?? rule.title], "help": ["text": help, "markdown": help],
            "defaultConfiguration": ["level": Self.level(rule.severity)],
            "properties": [
                "category": rule.category.rawValue, "severity": rule.severity.rawValue, "tags": ["leakscan", rule.category.rawValue],
                "security-severity": Self.securitySeverity(rule.severity),
            ] as [String: Any],
        ]
    }

    static func uri(_ path: String) -> String { URL(fileURLWithPath: path).absoluteString }

    func result(_ incident: Incident) -> [String: Any] {
        var logical: [[String: Any]] = [["name": incident.location, "kind": "part"]]
        if let id = incident.messageID { logical.insert(["name": id, "kind": "message"], at: 0) }
        var properties: [String: Any] = [
            "category": incident.category.rawValue, "severity": incident.severity.rawValue, "location": incident.location,
            "platform": incident.platform, "channel": incident.channel.rawValue,
        ]
        properties["author"] = incident.author
        properties["org"] = incident.org
        properties["timestamp"] = incident.timestamp.map(ISO8601.format)
        properties["kind"] = incident.kind
        properties["target"] = incident.target
        if let attachment = incident.attachment {
            var described: [String: Any] = ["type": attachment.contentType, "size": attachment.size, "sha256": attachment.sha256]
            described["name"] = attachment.name
            described["member"] = attachment.member
            properties["attachment"] = described
            properties["similarity"] = incident.similarity
        }
        var result: [String: Any] = [
            "ruleId": incident.rule, "level": Self.level(incident.severity), "message": ["text": incident.excerpt],
            "locations": [
                [
                    "physicalLocation": [
                        "artifactLocation": ["uri": Self.uri(incident.source)], "region": ["byteOffset": incident.offset],
                    ] as [String: Any],
                    "logicalLocations": logical,
                ] as [String: Any]
            ],
            "partialFingerprints": ["leakscanFingerprint/v1": incident.fingerprint.description], "properties": properties,
        ]
        result["ruleIndex"] = ruleIndex[incident.rule]
        return result
    }

    static func json(_ object: Any) throws -> [UInt8] {
        Array(try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes]))
    }

    func writeHead() throws {
        guard !wroteHead else { return }
        wroteHead = true
        let driver: [String: Any] = [
            "name": "LeakScan", "version": version, "rules": rules.map(descriptor),
        ]
        // The run's object up to its results array, which the batches fill.
        var head = try Self.json(["tool": ["driver": driver], "columnKind": "unicodeCodePoints"])
        head.removeLast()  // the closing brace
        let opening = "{\"$schema\":\"https://json.schemastore.org/sarif-2.1.0.json\",\"version\":\"2.1.0\",\"runs\":["
        try output.write(Array(opening.utf8) + head + Array(",\"results\":[".utf8))
    }

    public func batch(_ batch: ScanBatch) throws {
        try writeHead()
        var bytes = [UInt8]()
        for incident in batch.incidents {
            if results > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes += try Self.json(result(incident))
            results += 1
        }
        if !bytes.isEmpty { try output.write(bytes) }
    }

    public func finish(_ summary: ScanSummary) throws {
        try writeHead()
        try output.write(Array("]}]}\n".utf8))
        try output.close()
    }
}
