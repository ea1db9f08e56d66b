import Foundation
import GRDB
import LeakScanCore

/// An incident as the state database stores it, with its lifecycle.
public struct StoredIncident: Codable, FetchableRecord, TableRecord, Sendable {
    public static let databaseTableName = "incident"

    public var fingerprint: String
    public var rule: String
    public var category: String
    public var severity: String
    public var source: String
    public var offset: Int64
    public var messageId: String?
    public var author: String?
    public var org: String?
    public var channel: String
    public var location: String
    public var excerpt: String
    /// The message's time, Unix seconds.
    public var timestamp: Double?
    public var rulesVersion: String
    public var firstSeen: Double
    public var lastSeen: Double
    public var firstRun: Int64
    public var lastRun: Int64
    public var status: String
    public var statusBy: String?
    public var statusAt: Double?
    /// For derogatory rules: the kind of remark and whom it is aimed at, as in scan output.
    public var kind: String?
    public var target: String?

    /// The record for JSON output: numbers as numbers, times as ISO 8601 (as in scan output).
    public var jsonObject: [String: Any] {
        func time(_ seconds: Double?) -> Any { seconds.map { ISO8601.format(Date(timeIntervalSince1970: $0)) } ?? NSNull() }
        return [
            "fingerprint": fingerprint, "rule": rule, "category": category, "severity": severity, "source": source, "offset": offset,
            "message_id": messageId as Any? ?? NSNull(), "author": author as Any? ?? NSNull(), "org": org as Any? ?? NSNull(),
            "channel": channel, "location": location, "excerpt": excerpt, "timestamp": time(timestamp), "rules_version": rulesVersion,
            "first_seen": time(firstSeen), "last_seen": time(lastSeen), "first_run": firstRun, "last_run": lastRun, "status": status,
            "status_by": statusBy as Any? ?? NSNull(), "status_at": time(statusAt), "kind": kind as Any? ?? NSNull(),
            "target": target as Any? ?? NSNull(),
        ]
    }

    /// The record as one tab-separated line for a terminal: the fields a responder triages by.
    public var tableRow: String {
        [fingerprint, status, severity, rule, source, location, excerpt].joined(separator: "\t")
    }
}
