import ArgumentParser
import Foundation
import LeakScanCore
import LeakScanPipeline
import LeakScanReport
import LeakScanSession
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

    /// The session's state configuration, with `--state`.
    var session: ScanSession.StateConfiguration? { statePath.map { .init(path: $0, full: full, reportAll: all) } }

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
