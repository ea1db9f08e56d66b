import Foundation
import LeakScanCore
import LeakScanPipeline

#if canImport(Glibc)
    import Glibc
#endif

/// Prometheus text exposition, written to a temporary file and renamed into place so the
/// collector never reads half a file.
public enum MetricsFile {
    public static func write(to path: String, summary: ScanSummary, newIncidents: Int?, seconds: Double, success: Bool) throws {
        var lines = [String]()
        func metric(_ name: String, _ type: String, _ help: String, _ samples: [(String, Double)]) {
            lines.append("# HELP \(name) \(help)")
            lines.append("# TYPE \(name) \(type)")
            for (labels, value) in samples { lines.append("\(name)\(labels) \(format(value))") }
        }
        metric("leakscan_bytes_read", "gauge", "Bytes read from inputs in the last scan.", [("", Double(summary.bytesRead))])
        let unscanned = summary.inputs.map(\.uncoveredBytes).reduce(0, +)
        metric(
            "leakscan_bytes_unscanned", "gauge",
            "Bytes read in the last scan that no record covers (not scanned; see the scan's warnings).",
            [("", Double(unscanned))])
        // Per input: in stats.json and the summary, not here (one series per file would not scale).
        metric(
            "leakscan_inputs", "gauge", "Inputs in the last scan, by outcome.",
            [
                ("{outcome=\"scanned\"}", Double(summary.files)), ("{outcome=\"unchanged\"}", Double(summary.skippedUnchanged)),
                ("{outcome=\"unrecognised\"}", Double(summary.skippedInputs)),
                ("{outcome=\"unreadable\"}", Double(summary.unreadableInputs)),
            ])
        metric(
            "leakscan_maildir_folders_unlisted", "gauge",
            "Maildir folders not listed in the last scan: unchanged since every message in them was read.",
            [("", Double(summary.unlistedFolders))])
        metric("leakscan_messages_scanned", "gauge", "Messages and posts scanned in the last scan.", [("", Double(summary.messages))])
        var incidents = [(String, Double)]()
        for category in Category.allCases {
            for severity in Severity.allCases {
                incidents.append(
                    (
                        "{category=\"\(category.rawValue)\",severity=\"\(severity.rawValue)\"}",
                        Double(summary.count(category, severity))
                    ))
            }
        }
        metric("leakscan_incidents", "gauge", "Incidents found in the last scan, by category and severity.", incidents)
        if let newIncidents {
            metric("leakscan_new_incidents", "gauge", "Incidents not seen in earlier scans.", [("", Double(newIncidents))])
        }
        metric(
            "leakscan_errors", "gauge", "Corrupt records, unreadable inputs and limits hit in the last scan.",
            [
                ("{kind=\"corrupt\"}", Double(summary.corruptMessages)), ("{kind=\"unreadable\"}", Double(summary.unreadableInputs)),
                ("{kind=\"limit\"}", Double(summary.truncatedMessages)), ("{kind=\"match_limit\"}", Double(summary.matchLimitHits)),
            ])
        metric(
            "leakscan_posts_without_text", "gauge",
            "Posts with no text to scan in the last scan: none of the text fields present, or only empty ones.",
            [("", Double(summary.postsWithoutText))])
        metric(
            "leakscan_attachments_unextracted", "gauge",
            "Attachment contents (or members) not read in the last scan, by reason; the rest of each message was scanned.",
            ["encrypted", "unsupported", "damaged", "extraction_limit"].map { ("{reason=\"\($0)\"}", Double(summary.unextracted[$0] ?? 0)) }
        )
        metric("leakscan_scan_duration_seconds", "gauge", "Wall-clock time of the last scan.", [("", seconds)])
        if success {
            metric(
                "leakscan_last_success_timestamp_seconds", "gauge", "When a scan last finished without error (Unix time).",
                [("", Date().timeIntervalSince1970.rounded())])
        }
        let text = lines.joined(separator: "\n") + "\n"
        let temporary = path + ".tmp.\(getpid())"
        try text.write(toFile: temporary, atomically: false, encoding: .utf8)
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int64(value)) : String(value)
    }
}
