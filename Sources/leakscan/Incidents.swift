import ArgumentParser
import Foundation
import LeakScanPipeline
import LeakScanSession
import LeakScanState

/// `--state` for the commands that only read or change the database.
struct StatePathOption: ParsableArguments {
    @Option(help: ArgumentHelp("State database ('default': $XDG_STATE_HOME/leakscan/state.sqlite).", valueName: "path"))
    var state: String = "default"

    func open() throws -> StateStore { try Self.open(state) }

    /// Opens the database `state` names (a path, or `default`).
    static func open(_ state: String) throws -> StateStore {
        let path = StateOptions.resolve(state)
        guard FileManager.default.fileExists(atPath: path) else {
            printError("leakscan: no state database at \(path) (run `leakscan scan --state \(state)` first)")
            throw ExitStatus.error
        }
        do {
            return try StateStore(path: path)
        } catch {
            printError("leakscan: cannot open \(path): \(error)")
            throw ExitStatus.error
        }
    }
}

/// `leakscan incidents …`: the lifecycle of stored incidents.
struct Incidents: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show and change the status of incidents stored by `scan --state`.",
        discussion:
            "Statuses: new, acknowledged, resolved, false_positive (suppressed in every later scan's output). Fingerprints may be shortened to a unique prefix of 8 or more characters.",
        subcommands: [List.self, Show.self, Ack.self, Resolve.self, MarkFP.self]
    )

    static func printRows(_ rows: [StoredIncident], json: Bool) throws {
        for row in rows {
            if json {
                try printJSONLine(row.jsonObject)
            } else {
                print([row.fingerprint, row.status, row.severity, row.rule, row.source, row.location, row.excerpt].joined(separator: "\t"))
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored incidents, newest first.")
        @OptionGroup var database: StatePathOption
        @Option(help: "Only incidents with this status.") var status: String?
        @Option(help: "Only incidents of this rule.") var rule: String?
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() throws {
            let store = try database.open()
            let wanted = try status.map { raw throws -> StateStore.Status in
                guard let status = StateStore.Status(rawValue: raw) else {
                    throw ValidationError("unknown status '\(raw)' (new, acknowledged, resolved, false_positive)")
                }
                return status
            }
            try Incidents.printRows(try store.listIncidents(status: wanted, rule: rule), json: json)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every stored field of one incident.")
        @OptionGroup var database: StatePathOption
        @Argument(help: "Fingerprint (or a unique prefix).") var fingerprint: String

        func run() throws {
            let rows = try database.open().listIncidents().filter { $0.fingerprint.hasPrefix(fingerprint) }
            guard rows.count == 1 else {
                printError("leakscan: \(rows.isEmpty ? "no incident" : "\(rows.count) incidents") with fingerprint \(fingerprint)")
                throw ExitStatus.error
            }
            for (key, value) in rows[0].jsonObject.sorted(by: { $0.key < $1.key }) { print("\(key): \(value is NSNull ? "" : value)") }
        }
    }

    /// Shared by ack, resolve and mark-fp.
    struct StatusChange: ParsableArguments {
        @OptionGroup var database: StatePathOption
        @Option(help: "Who is changing the status (default: $USER).") var by: String?
        @Argument(help: "Fingerprints (or unique prefixes).") var fingerprints: [String]

        func apply(_ status: StateStore.Status) throws {
            let person = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            do {
                for fingerprint in try database.open().setStatus(status, fingerprints: fingerprints, by: person) {
                    print("\(fingerprint)\t\(status.rawValue)\t\(person)")
                }
            } catch let error as StateStore.LifecycleError {
                printError("leakscan: \(error)")
                throw ExitStatus.error
            }
        }
    }

    struct Ack: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark incidents acknowledged.")
        @OptionGroup var change: StatusChange
        func run() throws { try change.apply(.acknowledged) }
    }

    struct Resolve: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Mark incidents resolved.")
        @OptionGroup var change: StatusChange
        func run() throws { try change.apply(.resolved) }
    }

    struct MarkFP: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "mark-fp", abstract: "Mark incidents false positives: later scans never report them.")
        @OptionGroup var change: StatusChange
        func run() throws { try change.apply(.falsePositive) }
    }
}

/// `leakscan diff`: what a new rule set finds that the old one did not, and the reverse.
struct Diff: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Incidents gained and lost between two rule-set versions (default: the last two that ran).",
        discussion:
            "Versions are the hashes `leakscan scan` and `rescan` record for each run. Output: one JSON object per line with \"change\": \"gained\" or \"lost\"."
    )
    @OptionGroup var database: StatePathOption
    @Option(help: "Older rule-set version.") var from: String?
    @Option(help: "Newer rule-set version.") var to: String?

    func run() throws {
        let store = try database.open()
        let versions = try store.rulesVersions()
        guard let to = to ?? versions.last, let from = from ?? versions.dropLast().last else {
            printError("leakscan: the database has runs of fewer than two rule-set versions; pass --from and --to")
            throw ExitStatus.error
        }
        let (gained, lost) = try store.diff(from: from, to: to)
        for (change, rows) in [("gained", gained), ("lost", lost)] {
            for row in rows {
                var object = row.jsonObject
                object["change"] = change
                try printJSONLine(object)
            }
        }
        printError("diff \(from) → \(to): \(gained.count) gained, \(lost.count) lost")
    }
}

/// `leakscan rescan`: every input the database knows, read again whole with (new) rules.
struct Rescan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan every input recorded in the state database again, whole, with the given rules.",
        discussion:
            "Same as `scan --state DB --full` over the inputs the database has seen; writes the incidents the database did not have yet. Follow with `leakscan diff` to see what the new rules gained and lost."
    )
    @Option(help: ArgumentHelp("State database ('default': $XDG_STATE_HOME/leakscan/state.sqlite).", valueName: "path"))
    var state: String = "default"
    @Option(help: ArgumentHelp("Directory of rule files.", valueName: "dir")) var patterns: String?
    @Option(help: ArgumentHelp("Organisations file.", valueName: "file")) var orgs: String?
    @Option(help: ArgumentHelp("Fingerprint key file (as for scan).", valueName: "file")) var fingerprintKeyFile: String?
    @Flag(name: [.short, .long], help: "Do not print the summary on stderr.") var quiet = false
    @OptionGroup var logging: LoggingOptions

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let path = StateOptions.resolve(state)
        let paths = try StatePathOption.open(state).inputPaths()
        guard !paths.isEmpty else {
            printError("leakscan: the state database has no inputs yet")
            throw ExitStatus.error
        }
        let logger = logging.bootstrap()
        let key = try Scan.fingerprintKey(file: fingerprintKeyFile, logger: logger)
        let ruleSet = try RuleOptions.load(patterns: patterns, orgs: orgs)
        var configuration = ScanSession.Configuration(
            ruleSet: ruleSet, inputs: paths, fingerprintKey: key, options: ScanOptions(directory: ruleSet.directory))
        configuration.state = ScanSession.StateConfiguration(path: path, full: true)
        configuration.sinks = [ProblemLog(logger: logger)]
        try Scan.run(configuration, statistics: nil, quiet: quiet, logger: logger)
    }
}

/// One JSON object on one line of stdout, keys sorted.
func printJSONLine(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
