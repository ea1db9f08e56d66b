import Foundation
import LeakScanCore
import LeakScanPipeline

/// The counts statistics are computed from, at full resolution, so that the states of separate
/// runs or shards add up exactly (`a + b` equals one run over both inputs) and any rate can be
/// derived later under any policy.
public struct StatsState: Sendable, Equatable {
    /// One cell of the incident table.
    public struct IncidentKey: Hashable, Sendable, Comparable {
        public var org: String
        public var person: String
        public var channel: Channel
        public var category: Category
        public var severity: Severity
        public var rule: String
        /// `YYYY-MM` (UTC), or `unknown` when the message had no date.
        public var month: String

        var sortKey: [String] { [month, org, person, channel.rawValue, category.rawValue, severity.rawValue, rule] }
        public static func < (lhs: IncidentKey, rhs: IncidentKey) -> Bool { lhs.sortKey.lexicographicallyPrecedes(rhs.sortKey) }
    }

    /// One cell of the message table (the denominators).
    public struct MessageKey: Hashable, Sendable, Comparable {
        public var org: String
        public var channel: Channel
        public var month: String

        public static func < (lhs: MessageKey, rhs: MessageKey) -> Bool {
            [lhs.month, lhs.org, lhs.channel.rawValue].lexicographicallyPrecedes([rhs.month, rhs.org, rhs.channel.rawValue])
        }
    }

    public var incidents: [IncidentKey: Int] = [:]
    public var messages: [MessageKey: Int] = [:]
    /// Bytes scanned per input (after decompression; with a state database, only what was new).
    public var inputBytes: [String: UInt64] = [:]
    /// Attachment contents (or members) not read, by reason (`encrypted`, `unsupported`,
    /// `damaged`, `extraction_limit`): what the counts above could not see.
    public var unreadAttachments: [String: Int] = [:]
    /// Organisations known to the run (from its organisations file), with their headcounts when
    /// given: they count in the denominators even without a message, and per-head rates need
    /// them, so a shard's statistics carry them for the merge.
    public var organisations: [String: Int?] = [:]
    /// Earliest and latest message time seen.
    public var first: Date?
    public var last: Date?

    public init() {}

    static let unattributed = "unattributed"

    public static func month(_ date: Date?) -> String {
        guard let date else { return "unknown" }
        let moment = ISO8601.fields(of: date)
        return moment.year.zeroPadded(4) + "-" + moment.month.zeroPadded(2)
    }

    /// Counts a scanned document (incidents or not): it makes its organisation part of the
    /// denominator and stretches the time span.
    public mutating func record(document: DocumentTally) {
        let key = MessageKey(
            org: document.org ?? Self.unattributed, channel: Channel(platform: document.platform), month: Self.month(document.timestamp))
        messages[key, default: 0] += 1
        if let time = document.timestamp {
            first = min(first ?? time, time)
            last = max(last ?? time, time)
        }
    }

    public mutating func record(incident: Incident) {
        let key = IncidentKey(
            org: incident.org ?? Self.unattributed, person: incident.person ?? "unknown", channel: incident.channel,
            category: incident.category, severity: incident.severity, rule: incident.rule, month: Self.month(incident.timestamp))
        incidents[key, default: 0] += 1
    }

    /// Records the organisations of a directory (ids and headcounts) as known to this run.
    public mutating func know(_ directory: OrganisationDirectory) {
        for entry in directory.entries {
            organisations.updateValue(entry.headcount ?? organisations[entry.id] ?? nil, forKey: entry.id)
        }
    }

    /// Organisations whose headcount differs between two states (shards of different runs).
    public func headcountConflicts(with other: StatsState) -> [String] {
        organisations.compactMap { id, count in
            guard let count, let theirs = other.organisations[id] ?? nil, theirs != count else { return nil }
            return id
        }.sorted()
    }

    public static func + (lhs: StatsState, rhs: StatsState) -> StatsState {
        var sum = lhs
        sum.incidents.merge(rhs.incidents, uniquingKeysWith: +)
        sum.messages.merge(rhs.messages, uniquingKeysWith: +)
        sum.inputBytes.merge(rhs.inputBytes, uniquingKeysWith: +)
        sum.unreadAttachments.merge(rhs.unreadAttachments, uniquingKeysWith: +)
        sum.organisations.merge(rhs.organisations) { $0 ?? $1 }
        sum.first = [lhs.first, rhs.first].compactMap { $0 }.min()
        sum.last = [lhs.last, rhs.last].compactMap { $0 }.max()
        return sum
    }
}
