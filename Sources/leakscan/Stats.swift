import ArgumentParser
import Foundation
import LeakScanCore
import LeakScanRules
import LeakScanStats

/// How incidents are judged in statistics.
struct StatsPolicyOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Incidents at or above this severity are disciplinary-level.", valueName: "severity"))
    var disciplinarySeverity: Severity = .high
    @Option(help: ArgumentHelp("Also disciplinary-level: every incident of a person with at least this many.", valueName: "n"))
    var disciplinaryCount: Int?
    @Option(
        help: ArgumentHelp(
            "Incidents per person at which each Met outcome starts: advice,warning,misconduct,dismissal.", valueName: "a,b,c,d"))
    var tiers = "1,2,4,7"

    func validate() throws {
        guard StatsPolicy().withTiers(tiers) != nil else { throw ValidationError("--tiers takes four ascending counts, e.g. 1,2,4,7") }
    }

    var policy: StatsPolicy {
        var policy = StatsPolicy().withTiers(tiers)!
        policy.disciplinarySeverity = disciplinarySeverity
        policy.disciplinaryCount = disciplinaryCount
        return policy
    }
}

extension Severity: ExpressibleByArgument {}

/// Where `scan` and `stats` write statistics.
struct StatsOutputOptions: ParsableArguments {
    @Option(
        name: .customLong("stats"), help: ArgumentHelp("Write statistics (schema leakscan-stats, version 1) as JSON.", valueName: "file"))
    var json: String?
    @Option(name: .customLong("stats-html"), help: ArgumentHelp("Write the single-file HTML report with charts.", valueName: "file"))
    var html: String?
    @Option(name: .customLong("stats-markdown"), help: ArgumentHelp("Write the Markdown summary.", valueName: "file")) var markdown: String?
    @OptionGroup var policy: StatsPolicyOptions

    var files: StatsFiles { StatsFiles(json: json, html: html, markdown: markdown, policy: policy.policy) }
}

/// `leakscan stats`: statistics from incident files or merged statistics files.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Statistics in the survey's units from incident files (.jsonl) or stats.json files.",
        discussion: """
            Counts from incident files and stats.json files (`scan --stats`, `stats`) add up exactly: shards merge into \
            the result of one run. Rates are shares of organisations with an incident in the archive's last 12 months, \
            with 95% Wilson intervals, beside Proofpoint's 2009 survey; per-head rates use stats.json headcounts or \
            --orgs. Incident files hold no clean messages, so with them the organisations counted are those in --orgs \
            plus those with incidents. The Markdown summary goes to stdout.
            """
    )

    @Flag(help: "Every input must be a stats.json file (merge shards).") var merge = false
    @Option(help: ArgumentHelp("Organisations file (ids, domains, handles, headcounts).", valueName: "file")) var orgs: String?
    @OptionGroup var output: StatsOutputOptions
    @Argument(help: ArgumentHelp("Incident .jsonl files or stats.json files.", valueName: "file")) var inputs: [String]

    func run() throws {
        let state = try ExitStatus.orError { try StatsInputs.combine(inputs, merge: merge) }
        let directory = try Self.directory(orgs: orgs)
        let report = try ExitStatus.orError("cannot write statistics") { try output.files.write(state: state, directory: directory) }
        print(StatsMarkdown.render(report), terminator: "")
    }

    /// The organisations of an `--orgs` file (none without one), for attributing statistics.
    static func directory(orgs: String?) throws -> OrganisationDirectory {
        try ExitStatus.orError("cannot load organisations") {
            OrganisationDirectory(
                entries: try orgs.map { try RuleSet.organisations(in: URL(fileURLWithPath: $0)) }?.map(\.directoryEntry) ?? [])
        }
    }
}
