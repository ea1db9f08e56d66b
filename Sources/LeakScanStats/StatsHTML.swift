import Foundation
import LeakScanCore

/// A single-file HTML report with inline SVG charts: no scripts, fonts or images from
/// elsewhere, so it opens offline and can be mailed as it is.
public enum StatsHTML {
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func f(_ value: Double) -> String { String(format: "%.1f", value) }

    public static func render(_ report: StatsReport) -> String {
        var body = "<h1>LeakScan statistics</h1>"
        let window = report.window.map { "\($0.first) to \($0.last)" } ?? "no dated messages"
        body +=
            "<p>\(report.totalIncidents) incidents across \(report.organisations) organisations. Rates cover the last 12 months of the archive (\(escape(window))), the survey's window; per-head rates are annualised from the archive's span of \(f(report.spanMonths)) months. Intervals are 95% Wilson score intervals.</p>"
        body += "<h2>Measured rates beside Proofpoint 2009</h2>" + ratesChart(report.comparisons)
        body += "<h2>Incidents per month</h2>" + monthChart(report.byMonth)
        body += "<h2>Top rules</h2>" + barList(Array(report.byRule.prefix(12)))
        body += "<h2>Discipline tiers beside the Met</h2>" + tierChart(report.tiers, met: report.baselines.metOutcomes)
        body += "<h2>Figures</h2><pre>" + escape(StatsMarkdown.render(report)) + "</pre>"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>LeakScan statistics</title>
            <style>
            body { font: 14px/1.45 system-ui, sans-serif; max-width: 960px; margin: 2em auto; color: #1d2330; padding: 0 1em; }
            h1 { font-size: 1.6em; } h2 { font-size: 1.2em; margin-top: 2em; border-bottom: 1px solid #d0d4dc; }
            svg text { font: 12px system-ui, sans-serif; fill: #1d2330; }
            pre { background: #f4f5f8; padding: 1em; white-space: pre-wrap; font-size: 12px; }
            .legend span { display: inline-block; margin-right: 1.5em; }
            .swatch { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: -1px; }
            </style></head><body>
            \(body)
            </body></html>

            """
    }

    /// One row per baseline: the measured share as a bar with its interval, the baseline as a tick.
    static func ratesChart(_ comparisons: [BaselineComparison]) -> String {
        let rowHeight = 26.0
        let left = 250.0
        let width = 640.0
        let height = Double(comparisons.count) * rowHeight + 40
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(left + width + 60))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"measured rates and baselines\">"
        for tick in stride(from: 0.0, through: 1.0, by: 0.25) {
            let x = left + tick * width
            svg +=
                "<line x1=\"\(f(x))\" y1=\"10\" x2=\"\(f(x))\" y2=\"\(f(height - 24))\" stroke=\"#e2e5ea\"/><text x=\"\(f(x))\" y=\"\(f(height - 8))\" text-anchor=\"middle\">\(Int(tick * 100))%</text>"
        }
        for (index, comparison) in comparisons.enumerated() {
            let y = 12 + Double(index) * rowHeight
            let measured = comparison.measured
            svg += "<text x=\"\(f(left - 8))\" y=\"\(f(y + 14))\" text-anchor=\"end\">\(escape(comparison.baseline.label))</text>"
            svg +=
                "<rect x=\"\(f(left))\" y=\"\(f(y + 4))\" width=\"\(f(max(1, measured.value * width)))\" height=\"14\" fill=\"#4a78c2\"><title>measured \(f(measured.value * 100))% [\(f(measured.low * 100))–\(f(measured.high * 100))%]</title></rect>"
            svg +=
                "<line x1=\"\(f(left + measured.low * width))\" y1=\"\(f(y + 11))\" x2=\"\(f(left + measured.high * width))\" y2=\"\(f(y + 11))\" stroke=\"#1d2330\" stroke-width=\"1.5\"/>"
            for end in [measured.low, measured.high] {
                svg +=
                    "<line x1=\"\(f(left + end * width))\" y1=\"\(f(y + 6))\" x2=\"\(f(left + end * width))\" y2=\"\(f(y + 16))\" stroke=\"#1d2330\" stroke-width=\"1.5\"/>"
            }
            let bx = left + comparison.baseline.value * width
            svg +=
                "<path d=\"M \(f(bx)) \(f(y + 1)) l 5 -5 l -10 0 z\" fill=\"#d2462f\"/><line x1=\"\(f(bx))\" y1=\"\(f(y + 1))\" x2=\"\(f(bx))\" y2=\"\(f(y + 20))\" stroke=\"#d2462f\" stroke-width=\"2\"><title>baseline \(f(comparison.baseline.value * 100))%</title></line>"
        }
        svg += "</svg>"
        return svg
            + "<p class=\"legend\"><span><i class=\"swatch\" style=\"background:#4a78c2\"></i>measured share of organisations, with 95% interval</span><span><i class=\"swatch\" style=\"background:#d2462f\"></i>Proofpoint 2009 baseline</span></p>"
    }

    static func monthChart(_ months: [(String, Int)]) -> String {
        guard let peak = months.map(\.1).max(), peak > 0 else { return "<p>No dated incidents.</p>" }
        let barWidth = max(8.0, min(40.0, 860.0 / Double(months.count)))
        let height = 220.0
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(Double(months.count) * barWidth + 110))\" height=\"\(Int(height + 70))\" role=\"img\" aria-label=\"incidents per month\">"
        svg += "<text x=\"4\" y=\"14\">\(peak)</text><line x1=\"40\" y1=\"10\" x2=\"40\" y2=\"\(f(height + 10))\" stroke=\"#9aa1ad\"/>"
        for (index, (month, count)) in months.enumerated() {
            let h = Double(count) / Double(peak) * height
            let x = 44 + Double(index) * barWidth
            svg +=
                "<rect x=\"\(f(x))\" y=\"\(f(height + 10 - h))\" width=\"\(f(barWidth - 2))\" height=\"\(f(h))\" fill=\"#4a78c2\"><title>\(escape(month)): \(count)</title></rect>"
            if months.count <= 24 || index % 3 == 0 {
                svg +=
                    "<text x=\"\(f(x + barWidth / 2))\" y=\"\(f(height + 24))\" transform=\"rotate(45 \(f(x + barWidth / 2)) \(f(height + 24)))\">\(escape(month))</text>"
            }
        }
        return svg + "</svg>"
    }

    static func barList(_ rows: [(String, Int)]) -> String {
        guard let peak = rows.map(\.1).max(), peak > 0 else { return "<p>No incidents.</p>" }
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"\(rows.count * 24 + 10)\" role=\"img\" aria-label=\"top rules\">"
        for (index, (name, count)) in rows.enumerated() {
            let y = 4 + Double(index) * 24
            svg += "<text x=\"242\" y=\"\(f(y + 14))\" text-anchor=\"end\">\(escape(name))</text>"
            svg +=
                "<rect x=\"250\" y=\"\(f(y + 3))\" width=\"\(f(Double(count) / Double(peak) * 560))\" height=\"15\" fill=\"#6a9a55\"/><text x=\"\(f(256 + Double(count) / Double(peak) * 560))\" y=\"\(f(y + 14))\">\(count)</text>"
        }
        return svg + "</svg>"
    }

    /// Share of people per outcome, measured beside the Met's 5 / 18 / 4 of 27.
    static func tierChart(_ tiers: [(outcome: String, people: Int)], met metOutcomes: [(outcome: String, people: Int)]) -> String {
        let measuredTotal = max(1, tiers.map(\.people).reduce(0, +))
        let metTotal = metOutcomes.map(\.people).reduce(0, +)
        var svg =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"900\" height=\"\(tiers.count * 44 + 10)\" role=\"img\" aria-label=\"discipline tiers\">"
        for (index, tier) in tiers.enumerated() {
            let y = 4 + Double(index) * 44
            let met = metOutcomes.first { $0.outcome == tier.outcome }?.people ?? 0
            let ours = Double(tier.people) / Double(measuredTotal)
            let theirs = Double(met) / Double(metTotal)
            svg += "<text x=\"192\" y=\"\(f(y + 24))\" text-anchor=\"end\">\(escape(tier.outcome))</text>"
            svg +=
                "<rect x=\"200\" y=\"\(f(y + 4))\" width=\"\(f(max(1, ours * 600)))\" height=\"16\" fill=\"#4a78c2\"/><text x=\"\(f(206 + ours * 600))\" y=\"\(f(y + 17))\">\(tier.people) (\(f(ours * 100))%)</text>"
            svg +=
                "<rect x=\"200\" y=\"\(f(y + 22))\" width=\"\(f(max(1, theirs * 600)))\" height=\"16\" fill=\"#d2462f\"/><text x=\"\(f(206 + theirs * 600))\" y=\"\(f(y + 35))\">Met \(met) (\(f(theirs * 100))%)</text>"
        }
        return svg
            + "</svg><p class=\"legend\"><span><i class=\"swatch\" style=\"background:#4a78c2\"></i>people in this archive, by incidents per person</span><span><i class=\"swatch\" style=\"background:#d2462f\"></i>Metropolitan Police, 27 officers, 18 months to Nov 2009</span></p>"
    }
}
