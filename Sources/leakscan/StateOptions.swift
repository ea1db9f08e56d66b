import ArgumentParser
import LeakScanSession
import LeakScanState

/// Options for nightly, incremental scans.
struct StateOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "SQLite state database: scan only what is new since the last run, store incidents with their status, report new ones only. 'default' means $XDG_STATE_HOME/leakscan/state.sqlite (~/.local/state/leakscan/).",
            valueName: "path"))
    var state: String?
    @Flag(help: "With --state: scan every input whole, even unchanged ones.") var full = false
    @Flag(help: "With --state: write every incident found, not only new ones.") var all = false
    @Option(help: ArgumentHelp("Write Prometheus metrics here (atomically, for node_exporter's textfile collector).", valueName: "file"))
    var metricsFile: String?

    /// The session's state configuration, with `--state`.
    var session: ScanSession.StateConfiguration? {
        state.map { .init(path: StateLocation.resolve($0), full: full, reportAll: all) }
    }
}
