import Foundation
import LeakScanCore

/// One rule's figures in a bench run.
public struct RuleRow: Sendable {
    public var id: String
    public var category: Category
    /// Share of rule time spent in this rule's regex, validator and checks (the prefilter is
    /// one shared pass and is reported per set).
    public var cpuShare: Double
    public var candidates: Int
    public var confirmed: Int
    public var matches: Int
    public var limitHits: Int
    public var quality: Confusion?

    public init(
        id: String, category: Category, cpuShare: Double, candidates: Int, confirmed: Int, matches: Int, limitHits: Int, quality: Confusion?
    ) {
        self.id = id
        self.category = category
        self.cpuShare = cpuShare
        self.candidates = candidates
        self.confirmed = confirmed
        self.matches = matches
        self.limitHits = limitHits
        self.quality = quality
    }
}

/// A trained scorer used by a set's rules, explained by its strongest features.
public struct ScorerSummary: Sendable {
    public var model: String
    public var rules: [String]
    public var featureCount: Int
    /// The features weighing most towards a positive score, strongest first.
    public var topFeatures: [(feature: String, weight: Double)]

    public init(model: String, rules: [String], featureCount: Int, topFeatures: [(feature: String, weight: Double)]) {
        self.model = model
        self.rules = rules
        self.featureCount = featureCount
        self.topFeatures = topFeatures
    }
}

/// One rule set's figures.
public struct SetResult: Sendable {
    public var name: String
    public var directory: String
    public var rules: [RuleRow]
    public var prefilterShare: Double
    /// Worker seconds in the prefilter, and the bytes of decoded text it read.
    public var prefilterSeconds: Double
    public var prefilterBytes: UInt64
    public var seconds: Double
    public var spread: (Double, Double)
    public var cpuSeconds: Double
    public var messages: Int
    public var bytes: UInt64
    public var peakResidentMebibytes: Double
    public var categories: [Category: Confusion]
    /// Worker seconds spent reading attachments, per content kind (`pdf`, `zip`, `docx`…).
    public var extractionSeconds: [String: Double]
    public var scorers: [ScorerSummary] = []

    public init(
        name: String, directory: String, rules: [RuleRow], prefilterShare: Double, prefilterSeconds: Double = 0,
        prefilterBytes: UInt64 = 0, seconds: Double, spread: (Double, Double),
        cpuSeconds: Double, messages: Int, bytes: UInt64, peakResidentMebibytes: Double, categories: [Category: Confusion],
        extractionSeconds: [String: Double] = [:]
    ) {
        self.name = name
        self.directory = directory
        self.rules = rules
        self.prefilterShare = prefilterShare
        self.prefilterSeconds = prefilterSeconds
        self.prefilterBytes = prefilterBytes
        self.seconds = seconds
        self.spread = spread
        self.cpuSeconds = cpuSeconds
        self.messages = messages
        self.bytes = bytes
        self.peakResidentMebibytes = peakResidentMebibytes
        self.categories = categories
        self.extractionSeconds = extractionSeconds
    }

    public var mebibytesPerSecond: Double { Double(bytes) / 1_048_576 / max(seconds, 1e-9) }
}

/// The bench report as Markdown (for the terminal) and JSON.
public enum BenchReport {
    static func ratio(_ value: Double?) -> String { value.map { String(format: "%.3f", $0) } ?? "–" }

    public static func markdown(_ results: [SetResult]) -> String {
        var lines = [String]()
        for result in results {
            lines += [
                "## Set \(result.name): \(result.directory)", "",
                String(
                    format:
                        "%d messages, %.1f MiB in %.2f s median (%.2f–%.2f): %.1f MiB/s, %.0f messages/s, %.2f CPU s, peak RSS %.0f MiB; prefilter %.1f%% of rule time (%.2f s for %.1f MiB of decoded text)",
                    result.messages, Double(result.bytes) / 1_048_576, result.seconds, result.spread.0, result.spread.1,
                    result.mebibytesPerSecond, Double(result.messages) / max(result.seconds, 1e-9), result.cpuSeconds,
                    result.peakResidentMebibytes, result.prefilterShare * 100, result.prefilterSeconds,
                    Double(result.prefilterBytes) / 1_048_576),
                "",
                extractionLine(result.extractionSeconds), "",
                "PCRE2 % is the rule's share of rule time (its regex, validator and checks). The prefilter is one shared pass for all rules (its share is above); candidates are the texts it passed to the rule, confirmed those where the rule then matched.",
                "",
            ]
            if !result.categories.isEmpty {
                lines += ["| category | TP | FP | FN | precision | recall | F1 |", "|---|---:|---:|---:|---:|---:|---:|"]
                for (category, confusion) in result.categories.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
                    lines.append(
                        "| \(category.rawValue) | \(confusion.truePositives) | \(confusion.falsePositives) | \(confusion.falseNegatives) | \(ratio(confusion.precision)) | \(ratio(confusion.recall)) | \(ratio(confusion.f1)) |"
                    )
                }
                lines.append("")
            }
            lines += [
                "| rule | category | PCRE2 % | candidates | confirmed | matches | limit hits | TP | FP | FN | precision | recall | F1 |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
            ]
            for row in result.rules.sorted(by: { $0.cpuShare > $1.cpuShare }) {
                let q = row.quality
                lines.append(
                    "| \(row.id) | \(row.category.rawValue) | \(String(format: "%.1f", row.cpuShare * 100)) | \(row.candidates) | \(row.confirmed) | \(row.matches) | \(row.limitHits) | "
                        + "\(q.map { "\($0.truePositives)" } ?? "–") | \(q.map { "\($0.falsePositives)" } ?? "–") | \(q.flatMap { $0.countsMisses ? "\($0.falseNegatives)" : nil } ?? "–") | \(ratio(q?.precision)) | \(ratio(q?.recall)) | \(ratio(q?.f1)) |"
                )
            }
            lines.append("")
            for scorer in result.scorers {
                lines += [
                    "Scorer \(scorer.model) (rules \(scorer.rules.joined(separator: ", ")); \(scorer.featureCount) features), strongest towards a positive score: "
                        + scorer.topFeatures.map { "`\($0.feature)` \(String(format: "%.2f", $0.weight))" }.joined(separator: ", "),
                    "",
                ]
            }
        }
        if results.count == 2 {
            let (a, b) = (results[0], results[1])
            lines += [
                "## A beside B", "",
                String(
                    format: "MiB/s: %.1f → %.1f (%+.1f%%)", a.mebibytesPerSecond, b.mebibytesPerSecond,
                    (b.mebibytesPerSecond / max(a.mebibytesPerSecond, 1e-9) - 1) * 100), "",
            ]
            lines += [
                "| rule | in | matches A | matches B | precision A | precision B | F1 A | F1 B | ΔF1 |",
                "|---|---|---:|---:|---:|---:|---:|---:|---:|",
            ]
            let ids = (a.rules.map(\.id) + b.rules.map(\.id)).reduce(into: [String]()) { if !$0.contains($1) { $0.append($1) } }
            for id in ids {
                let left = a.rules.first { $0.id == id }
                let right = b.rules.first { $0.id == id }
                let side = left == nil ? "B only" : right == nil ? "A only" : "both"
                let delta = (left?.quality?.f1).flatMap { l in (right?.quality?.f1).map { String(format: "%+.3f", $0 - l) } } ?? "–"
                lines.append(
                    "| \(id) | \(side) | \(left.map { "\($0.matches)" } ?? "–") | \(right.map { "\($0.matches)" } ?? "–") | \(ratio(left?.quality?.precision)) | \(ratio(right?.quality?.precision)) | \(ratio(left?.quality?.f1)) | \(ratio(right?.quality?.f1)) | \(delta) |"
                )
            }
            for category in Set(a.categories.keys).union(b.categories.keys).sorted(by: { $0.rawValue < $1.rawValue }) {
                lines.append("")
                lines.append(
                    "\(category.rawValue): precision \(ratio(a.categories[category]?.precision)) → \(ratio(b.categories[category]?.precision)), recall \(ratio(a.categories[category]?.recall)) → \(ratio(b.categories[category]?.recall)), F1 \(ratio(a.categories[category]?.f1)) → \(ratio(b.categories[category]?.f1))"
                )
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }

    /// Attachment reading time per content kind, slowest first.
    static func extractionLine(_ seconds: [String: Double]) -> String {
        guard !seconds.isEmpty else { return "Attachments: none read." }
        let kinds = seconds.sorted { $0.value > $1.value }.map { String(format: "%@ %.3f s", $0.key, $0.value) }
        return "Attachment reading (worker seconds; containers include what they hold, image includes ocr): "
            + kinds.joined(separator: ", ")
    }

    public static func json(_ results: [SetResult]) throws -> Data {
        func confusion(_ c: Confusion?) -> Any {
            guard let c else { return NSNull() }
            return [
                "tp": c.truePositives, "fp": c.falsePositives, "fn": c.falseNegatives,
                "precision": c.precision as Any? ?? NSNull(), "recall": c.recall as Any? ?? NSNull(), "f1": c.f1 as Any? ?? NSNull(),
            ]
        }
        let object = results.map { result -> [String: Any] in
            [
                "name": result.name, "rules_from": result.directory, "seconds_median": result.seconds,
                "seconds_min": result.spread.0, "seconds_max": result.spread.1, "cpu_seconds": result.cpuSeconds,
                "messages": result.messages, "bytes": result.bytes, "mib_per_second": result.mebibytesPerSecond,
                "peak_rss_mib": result.peakResidentMebibytes, "prefilter_share": result.prefilterShare,
                "prefilter_seconds": result.prefilterSeconds, "prefilter_bytes": result.prefilterBytes,
                "extraction_seconds": result.extractionSeconds,
                "categories": Dictionary(uniqueKeysWithValues: result.categories.map { ($0.key.rawValue, confusion($0.value)) }),
                "scorers": result.scorers.map { scorer in
                    [
                        "model": scorer.model, "rules": scorer.rules, "features": scorer.featureCount,
                        "top_features": scorer.topFeatures.map { ["feature": $0.feature, "weight": $0.weight] },
                    ] as [String: Any]
                },
                "rules": result.rules.map { row in
                    [
                        "id": row.id, "category": row.category.rawValue, "cpu_share": row.cpuShare, "candidates": row.candidates,
                        "confirmed": row.confirmed, "matches": row.matches, "limit_hits": row.limitHits, "quality": confusion(row.quality),
                    ] as [String: Any]
                },
            ]
        }
        return try JSONSerialization.data(
            withJSONObject: ["schema": "leakscan-bench", "version": 1, "sets": object], options: [.sortedKeys, .prettyPrinted])
    }
}
