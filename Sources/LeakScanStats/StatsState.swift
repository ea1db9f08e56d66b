import Foundation
import LeakScanCore

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
    /// Earliest and latest message time seen.
    public var first: Date?
    public var last: Date?

    public init() {}

    static let unattributed = "unattributed"

    public static func month(_ date: Date?) -> String {
        guard let date else { return "unknown" }
        var seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var moment = tm()
        gmtime_r(&seconds, &moment)
        return (Int(moment.tm_year) + 1900).zeroPadded(4) + "-" + (Int(moment.tm_mon) + 1).zeroPadded(2)
    }

    /// Counts a scanned document (incidents or not): it makes its organisation part of the
    /// denominator and stretches the time span.
    public mutating func record(document: Document, org: String?) {
        let key = MessageKey(
            org: org ?? Self.unattributed, channel: Channel(platform: document.platform), month: Self.month(document.timestamp))
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

    public static func + (lhs: StatsState, rhs: StatsState) -> StatsState {
        var sum = lhs
        sum.incidents.merge(rhs.incidents, uniquingKeysWith: +)
        sum.messages.merge(rhs.messages, uniquingKeysWith: +)
        sum.first = [lhs.first, rhs.first].compactMap { $0 }.min()
        sum.last = [lhs.last, rhs.last].compactMap { $0 }.max()
        return sum
    }
}
