import Foundation
import LeakScanCore

/// The terminal summary: the figures a reader compares with the published ones.
public enum StatsMarkdown {
    static func percent(_ value: Double) -> String { String(format: "%.1f%%", value * 100) }

    public static func render(_ report: StatsReport) -> String {
        var lines = ["# LeakScan statistics", ""]
        let window = report.window.map { "\($0.first) to \($0.last)" } ?? "no dated messages"
        lines.append(
            "\(report.totalIncidents) incidents; \(report.organisations) organisations; rates over the last 12 months of the archive (\(window)); per-head rates annualised from a span of \(String(format: "%.1f", report.spanMonths)) months."
        )
        lines.append(
            "Disciplinary level: severity \(report.policy.disciplinarySeverity.rawValue) or above"
                + (report.policy.disciplinaryCount.map { ", or \($0)+ incidents by one person" } ?? "") + ".")
        lines += [
            "", "## Organisations with incidents, by channel (95% Wilson interval)", "",
            "| channel | leak (confidential) | disciplinary level |", "|---|---|---|",
        ]
        for row in report.channels {
            lines.append("| \(row.channel?.rawValue ?? "any") | \(cell(row.leak)) | \(cell(row.disciplinary)) |")
        }
        lines += [
            "", "## Beside Proofpoint 2009", "", "| measure | baseline | measured | difference | baseline in interval |",
            "|---|---:|---:|---:|---|",
        ]
        for comparison in report.comparisons {
            lines.append(
                "| \(comparison.baseline.label) | \(percent(comparison.baseline.value)) | \(cell(comparison.measured)) | \(String(format: "%+.1f", comparison.difference * 100)) pts | \(comparison.baselineInsideInterval ? "yes" : "no") |"
            )
        }
        if let overall = report.overallPerHead {
            lines += [
                "", "## Per 1,000 staff per year", "",
                "Met (FOI): \(String(format: "%.2f", report.baselines.metPeoplePerThousandPerYear)) officers disciplined per 1,000 officers per year (27 in 18 months; 33,000 officers assumed).",
                "",
                "incidents \(String(format: "%.1f", overall.incidentsPerThousand.value)) [\(String(format: "%.1f", overall.incidentsPerThousand.low))–\(String(format: "%.1f", overall.incidentsPerThousand.high))], people \(String(format: "%.1f", overall.peoplePerThousand.value)) [\(String(format: "%.1f", overall.peoplePerThousand.low))–\(String(format: "%.1f", overall.peoplePerThousand.high))] over \(overall.headcount) staff",
            ]
        }
        let peopleTotal = max(1, report.tiers.map(\.people).reduce(0, +))
        let metTotal = report.baselines.metOutcomes.map(\.people).reduce(0, +)
        lines += [
            "", "## Discipline tiers beside the Met (27 officers, 18 months to Nov 2009)", "",
            "| outcome | people | share | Met | Met share |", "|---|---:|---:|---:|---:|",
        ]
        for (tier, met) in zip(report.tiers, report.baselines.metOutcomes) {
            lines.append(
                "| \(tier.outcome) | \(tier.people) | \(percent(Double(tier.people) / Double(peopleTotal))) | \(met.people) | \(percent(Double(met.people) / Double(metTotal))) |"
            )
        }
        lines += ["", "Other FOI figures (no denominator given): " + report.baselines.otherFigures.joined(separator: "; ") + "."]
        lines += ["", "## Top rules", ""]
        lines += report.byRule.prefix(10).map { "- \($0.0): \($0.1)" }
        return lines.joined(separator: "\n") + "\n"
    }

    static func cell(_ rate: Rate) -> String {
        "\(rate.count)/\(rate.total) = \(percent(rate.value)) [\(percent(rate.low))–\(percent(rate.high))]"
    }
}
