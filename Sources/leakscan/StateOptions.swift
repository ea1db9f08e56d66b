import ArgumentParser
import Foundation
import LeakScanCore
import LeakScanPipeline
import LeakScanReport
import LeakScanState

#if canImport(Glibc)
    import Glibc
#endif

/// Options for nightly, incremental scans.
struct StateOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "SQLite state database: scan only what is new since the last run, store incidents with their status, report new ones only. 'default' means $XDG_STATE_HOME/leakscan/state.sqlite (~/.local/state/leakscan/).",
            valueName: "path"))
    var state: String?

    @Flag(help: "With --state: scan every input whole, even unchanged ones.")
    var full = false

    @Flag(help: "With --state: write every incident found, not only new ones.")
    var all = false

    @Option(
        help: ArgumentHelp(
            "Write Prometheus text-format metrics here (atomically, for node_exporter's textfile collector).", valueName: "file"))
    var metricsFile: String?

    var statePath: String? { state.map(Self.resolve) }

    /// A `--state` value as a path: `default` is $XDG_STATE_HOME/leakscan/state.sqlite.
    static func resolve(_ state: String) -> String {
        guard state == "default" else { return state }
        let environment = ProcessInfo.processInfo.environment
        let home =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        return home + "/leakscan/state.sqlite"
    }
}

/// An exclusive lock beside the state database, held for the whole scan, so that two scans
/// never run on one database at once (a second one exits with ``ExitStatus/locked``).
/// SAFETY: immutable after init; the descriptor is only closed in deinit.
final class StateLock: @unchecked Sendable {
    let descriptor: Int32

    /// Nil when another process holds the lock; throws when the lock file cannot be made
    /// (a folder that cannot be created or written), which is an error, not a busy database.
    init?(databasePath: String) throws {
        let path = databasePath + ".lock"
        try PrivateFiles.createDirectory(forFile: databasePath)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw POSIXFailure(path: path, operation: "create the lock file", code: errno) }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
    }

    deinit {
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}

/// Keeps, during one scan, what each input looked like when it was planned.
final class ObservedInputs: @unchecked Sendable {
    private let lock = NSLock()
    private var inputs = [String: InputState]()

    func set(_ path: String, _ state: InputState) { lock.withLock { inputs[path] = state } }
    func get(_ path: String) -> InputState? { lock.withLock { inputs[path] } }
}

/// Prometheus text exposition, written to a temporary file and renamed into place so the
/// collector never reads half a file.
enum MetricsFile {
    static func write(to path: String, summary: ScanSummary, newIncidents: Int?, seconds: Double, success: Bool) throws {
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
        metric("leakscan_messages_scanned", "gauge", "Messages and posts scanned in the last scan.", [("", Double(summary.messages))])
        var incidents = [(String, Double)]()
        for category in Category.allCases {
            for severity in Severity.allCases {
                incidents.append(
                    (
                        "{category=\"\(category.rawValue)\",severity=\"\(severity.rawValue)\"}",
                        Double(summary.bySeverityAndCategory[category]?[severity] ?? 0)
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
