import ArgumentParser
import LeakScanState

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
            for row in rows { try printJSONLine(row.jsonObject.merging(["change": change]) { $1 }) }
        }
        printError("diff \(from) → \(to): \(gained.count) gained, \(lost.count) lost")
    }
}
