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
    public var seconds: Double

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
        return summary.incidents > 0 ? .incidentsFound : .clean
    }
}
