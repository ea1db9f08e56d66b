import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanPipeline
import LeakScanReport
import LeakScanRules
import LeakScanState
import LeakScanStats
import Logging

/// What a scan came to.
public struct ScanResult {
    public var summary: ScanSummary
    /// With ``ScanSession/Configuration/statistics``.
    public var statistics: StatsState?
    /// With state: incidents stored for the first time.
    public var newIncidents: Int?
    /// With state: incidents written (the new ones; with `--all`, every one but those marked
    /// false positive).
    public var writtenIncidents: Int?
    public var seconds: Double

    /// What went wrong for the run as a whole, one sentence each (for the error log).
    public var failures: [String] {
        var lines = [String]()
        if lostOutput, let reason = summary.outputError {
            lines.append("the scan stopped: \(reason); nothing it could not write or store was recorded, so the next run reports it")
        }
        if summary.failedNamedInputs > 0 {
            lines.append("\(summary.failedNamedInputs) input(s) named on the command line could not be scanned at all")
        }
        return lines
    }

    /// The summary for stderr, with speed and peak memory.
    public var text: String {
        let mebibytes = Double(summary.bytes) / 1_048_576
        var state = ""
        if let newIncidents, let writtenIncidents {
            state = "\n  with --state: \(newIncidents) new incidents, \(writtenIncidents) written"
        }
        return summary.text + state + "\n"
            + String(
                format: "  %.2f s, %.1f MiB/s, peak RSS %.0f MiB", seconds, mebibytes / max(seconds, 0.001),
                ProcessUsage.peakResidentMebibytes())
    }

    /// The outcome in the exit-status contract's terms.
    public enum Status: Int32 {
        case clean = 0
        case incidentsFound = 1
        case error = 2
    }

    /// A write that failed for any reason but a reader of stdout going away.
    public var lostOutput: Bool { summary.outputError.map { !IncidentOutput.isClosedPipe($0) } ?? false }

    public var status: Status {
        if summary.unreadableInputs > 0 || summary.failedNamedInputs > 0 || lostOutput { return .error }
        // With state, what a nightly job alerts on: incidents written, not those an earlier
        // run reported (a file read again whole finds them again).
        return (writtenIncidents ?? summary.incidents) > 0 ? .incidentsFound : .clean
    }
}
