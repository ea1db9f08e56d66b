import ArgumentParser
import Foundation
import LeakScanState

/// `leakscan incidents …`: the lifecycle of stored incidents.
struct Incidents: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List, show and change the status of incidents stored by `scan --state`.",
        discussion:
            "Statuses: new, acknowledged, resolved, false_positive (suppressed in every later scan's output). Fingerprints may be shortened to a unique prefix of 8 or more characters.",
        subcommands: [List.self, Show.self, Ack.self, Resolve.self, MarkFP.self]
    )

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List stored incidents, newest first.")
        @OptionGroup var database: StatePathOption
        @Option(help: "Only incidents with this status.") var status: StateStore.Status?
        @Option(help: "Only incidents of this rule.") var rule: String?
        @Flag(help: "One JSON object per line instead of a table.") var json = false

        func run() throws {
            for row in try database.open().listIncidents(status: status, rule: rule) {
                try json ? printJSONLine(row.jsonObject) : print(row.tableRow)
            }
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show every stored field of one incident.")
        @OptionGroup var database: StatePathOption
        @Argument(help: "Fingerprint (or a unique prefix).") var fingerprint: String

        func run() throws {
            let incident = try ExitStatus.orError { try database.open().incident(matching: fingerprint) }
            for (key, value) in incident.jsonObject.sorted(by: { $0.key < $1.key }) { print("\(key): \(value is NSNull ? "" : value)") }
        }
    }

    /// Shared by ack, resolve and mark-fp.
    struct StatusChange: ParsableArguments {
        @OptionGroup var database: StatePathOption
        @Option(help: "Who is changing the status (default: $USER).") var by: String?
        @Argument(help: "Fingerprints (or unique prefixes).") var fingerprints: [String]

        func apply(_ status: StateStore.Status) throws {
            let person = by ?? ProcessInfo.processInfo.environment["USER"] ?? "unknown"
            let changed = try ExitStatus.orError { try database.open().setStatus(status, fingerprints: fingerprints, by: person) }
            for fingerprint in changed {
                print("\(fingerprint)\t\(status.rawValue)\t\(person)")
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

extension StateStore.Status: ExpressibleByArgument {}

/// One JSON object on one line of stdout, keys sorted.
func printJSONLine(_ object: [String: Any]) throws {
    let data = try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}
