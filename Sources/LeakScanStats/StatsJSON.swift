import Foundation
import LeakScanCore

/// `stats.json`: schema `leakscan-stats`, version 1. It holds the derived figures for people
/// and tools to read, and the full-resolution `state` that `leakscan stats --merge` adds up.
/// Keys are sorted, so the same statistics always serialise to the same bytes.
public enum StatsJSON {
    public static let schema = "leakscan-stats"
    public static let version = 1

    public struct FormatError: Error, CustomStringConvertible {
        public var description: String

        public init(description: String) {
            self.description = description
        }
    }

    public static func encode(_ report: StatsReport, state: StatsState) throws -> Data {
        func rate(_ rate: Rate) -> [String: Any] {
            ["count": rate.count, "total": rate.total, "value": rate.value, "low": rate.low, "high": rate.high]
        }
        func counts(_ pairs: [(String, Int)]) -> [String: Int] { Dictionary(uniqueKeysWithValues: pairs) }
        func perHead(_ row: StatsReport.PerHead) -> [String: Any] {
            [
                "org": row.org, "headcount": row.headcount, "incidents": row.incidents, "people": row.people,
                "incidents_per_1000_staff_per_year": [
                    "value": row.incidentsPerThousand.value, "low": row.incidentsPerThousand.low, "high": row.incidentsPerThousand.high,
                ],
                "people_per_1000_staff_per_year": [
                    "value": row.peoplePerThousand.value, "low": row.peoplePerThousand.low, "high": row.peoplePerThousand.high,
                ],
            ]
        }
        let met = Dictionary(uniqueKeysWithValues: report.baselines.metOutcomes.map { ($0.outcome, $0.people) })
        var object: [String: Any] = [
            "schema": schema, "version": version,
            "policy": [
                "disciplinary_severity": report.policy.disciplinarySeverity.rawValue,
                "disciplinary_count": report.policy.disciplinaryCount as Any? ?? NSNull(),
                "tiers": report.policy.tiers.map { ["outcome": $0.outcome, "from": $0.from] },
            ],
            "incidents": report.totalIncidents,
            "bytes_scanned": state.inputBytes.values.reduce(0, +),
            "attachments_not_read": state.unreadAttachments,
            "organisations": report.organisations,
            "span_months": report.spanMonths,
            "window": report.window.map { ["first": $0.first, "last": $0.last] } ?? NSNull(),
            "counts": [
                "category": counts(report.byCategory), "rule": counts(report.byRule), "severity": counts(report.bySeverity),
                "channel": counts(report.byChannel), "org": counts(report.byOrg), "person": counts(report.byPerson),
                "month": counts(report.byMonth),
            ],
            "rates": report.channels.map { row in
                ["channel": row.channel?.rawValue ?? "all", "leak": rate(row.leak), "disciplinary": rate(row.disciplinary)]
            },
            "per_head": report.perHead.map(perHead),
            "tiers": report.tiers.map { ["outcome": $0.outcome, "people": $0.people, "met_people": met[$0.outcome] ?? 0] },
            "baselines": report.comparisons.map { comparison in
                [
                    "label": comparison.baseline.label, "channel": comparison.baseline.channel.rawValue,
                    "measure": comparison.baseline.measure.rawValue, "baseline": comparison.baseline.value,
                    "measured": comparison.measured.value, "low": comparison.measured.low, "high": comparison.measured.high,
                    "difference": comparison.difference, "baseline_inside_interval": comparison.baselineInsideInterval,
                    "source": comparison.baseline.source,
                ] as [String: Any]
            },
            "state": encodeState(state),
        ]
        if let overall = report.overallPerHead { object["per_head_overall"] = perHead(overall) }
        return try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted])
    }

    static func encodeState(_ state: StatsState) -> [String: Any] {
        [
            "incidents": state.incidents.keys.sorted().map { key in
                [
                    "org": key.org, "person": key.person, "channel": key.channel.rawValue, "category": key.category.rawValue,
                    "severity": key.severity.rawValue, "rule": key.rule, "month": key.month, "count": state.incidents[key]!,
                ] as [String: Any]
            },
            "messages": state.messages.keys.sorted().map { key in
                ["org": key.org, "channel": key.channel.rawValue, "month": key.month, "count": state.messages[key]!] as [String: Any]
            },
            "inputs": state.inputBytes.keys.sorted().map { ["path": $0, "bytes": state.inputBytes[$0]!] as [String: Any] },
            "attachments_not_read": state.unreadAttachments,
            "organisations": state.organisations.keys.sorted().map { id in
                ["id": id, "headcount": (state.organisations[id] ?? nil) as Any? ?? NSNull()] as [String: Any]
            },
            "first": state.first.map { $0.timeIntervalSince1970 } as Any? ?? NSNull(),
            "last": state.last.map { $0.timeIntervalSince1970 } as Any? ?? NSNull(),
        ]
    }

    /// The mergeable state of a `stats.json` file.
    public static func decodeState(_ data: Data) throws -> StatsState {
        guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            object["schema"] as? String == schema, let state = object["state"] as? [String: Any]
        else { throw FormatError(description: "not a \(schema) file") }
        guard object["version"] as? Int == version else {
            throw FormatError(description: "\(schema) version \(object["version"] ?? "?") is not supported (expected \(version))")
        }
        var result = StatsState()
        for row in state["incidents"] as? [[String: Any]] ?? [] {
            guard let org = row["org"] as? String, let person = row["person"] as? String,
                let channel = (row["channel"] as? String).flatMap(Channel.init(rawValue:)),
                let category = (row["category"] as? String).flatMap(Category.init(rawValue:)),
                let severity = (row["severity"] as? String).flatMap(Severity.init(rawValue:)),
                let rule = row["rule"] as? String, let month = row["month"] as? String, let count = row["count"] as? Int
            else { throw FormatError(description: "malformed incident row \(row)") }
            result.incidents[
                StatsState.IncidentKey(
                    org: org, person: person, channel: channel, category: category, severity: severity, rule: rule, month: month),
                default: 0] += count
        }
        for row in state["messages"] as? [[String: Any]] ?? [] {
            guard let org = row["org"] as? String, let channel = (row["channel"] as? String).flatMap(Channel.init(rawValue:)),
                let month = row["month"] as? String, let count = row["count"] as? Int
            else { throw FormatError(description: "malformed message row \(row)") }
            result.messages[StatsState.MessageKey(org: org, channel: channel, month: month), default: 0] += count
        }
        for row in state["inputs"] as? [[String: Any]] ?? [] {
            guard let path = row["path"] as? String, let bytes = (row["bytes"] as? NSNumber)?.uint64Value else {
                throw FormatError(description: "malformed input row \(row)")
            }
            result.inputBytes[path, default: 0] += bytes
        }
        for (reason, count) in state["attachments_not_read"] as? [String: Int] ?? [:] {
            result.unreadAttachments[reason, default: 0] += count
        }
        for row in state["organisations"] as? [[String: Any]] ?? [] {
            guard let id = row["id"] as? String else { throw FormatError(description: "malformed organisation row \(row)") }
            result.organisations.updateValue(row["headcount"] as? Int, forKey: id)
        }
        result.first = (state["first"] as? Double).map(Date.init(timeIntervalSince1970:))
        result.last = (state["last"] as? Double).map(Date.init(timeIntervalSince1970:))
        return result
    }

    /// A state rebuilt from an incident JSON Lines file (`leakscan scan` output). Incident files
    /// know nothing of messages without incidents: the organisations that count are those in the
    /// directory plus those with incidents, and the span runs from the first to the last incident.
    public static func state(fromIncidentLines data: Data) throws -> StatsState {
        var state = StatsState()
        // One formatter for the whole file: a formatter is costly to create, and there is one line per incident.
        let timestamps = ISO8601DateFormatter()
        for (number, line) in data.split(separator: 0x0A).enumerated() where !line.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line)) as? [String: Any],
                let rule = object["rule"] as? String,
                let category = (object["category"] as? String).flatMap(Category.init(rawValue:)),
                let severity = (object["severity"] as? String).flatMap(Severity.init(rawValue:))
            else { throw FormatError(description: "line \(number + 1) is not an incident record") }
            let timestamp = (object["timestamp"] as? String).flatMap(timestamps.date(from:))
            var incident = Incident(
                rule: rule, category: category, severity: severity, source: object["source"] as? String ?? "",
                offset: 0, messageID: object["message_id"] as? String, author: object["person"] as? String ?? object["author"] as? String,
                timestamp: timestamp, platform: object["platform"] as? String ?? "email", location: "", excerpt: "",
                fingerprint: (object["fingerprint"] as? String).flatMap(Fingerprint.init(hex:)) ?? Fingerprint(high: 0, low: 0))
            incident.org = object["org"] as? String
            state.record(incident: incident)
            if let org = incident.org {
                // The organisation is known to exist; its message count stays unknown (0).
                state.messages[
                    StatsState.MessageKey(org: org, channel: incident.channel, month: StatsState.month(timestamp)), default: 0] += 0
            }
            if let time = timestamp {
                state.first = min(state.first ?? time, time)
                state.last = max(state.last ?? time, time)
            }
        }
        return state
    }

}
