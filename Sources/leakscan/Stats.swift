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
        let starts = tiers.split(separator: ",").compactMap { Int($0) }
        guard starts.count == 4, starts == starts.sorted(), starts.first! >= 1 else {
            throw ValidationError("--tiers takes four ascending counts, e.g. 1,2,4,7")
        }
    }

    var policy: StatsPolicy {
        var policy = StatsPolicy()
        policy.disciplinarySeverity = disciplinarySeverity
        policy.disciplinaryCount = disciplinaryCount
        let starts = tiers.split(separator: ",").compactMap { Int($0) }
        policy.tiers = zip(["words of advice", "written warning", "formal misconduct", "dismissal"], starts).map { ($0, $1) }
        return policy
    }
}

extension Severity: ExpressibleByArgument {}

/// Where `scan` and `stats` write statistics.
struct StatsOutputOptions: ParsableArguments {
    @Option(
        name: .customLong("stats"),
        help: ArgumentHelp("Write statistics (schema leakscan-stats, version 1) to this JSON file.", valueName: "file"))
    var json: String?

    @Option(name: .customLong("stats-html"), help: ArgumentHelp("Write the single-file HTML report with charts.", valueName: "file"))
    var html: String?

    @Option(name: .customLong("stats-markdown"), help: ArgumentHelp("Write the Markdown summary.", valueName: "file"))
    var markdown: String?

    @OptionGroup var policy: StatsPolicyOptions

    var wanted: Bool { json != nil || html != nil || markdown != nil }

    /// The report under this policy, beside the shipped baselines.
    func report(state: StatsState, directory: OrganisationDirectory) throws -> StatsReport {
        StatsReport(state: state, policy: policy.policy, directory: directory, baselines: try BaselineData.shipped())
    }

    func write(state: StatsState, directory: OrganisationDirectory) throws {
        guard wanted else { return }
        // The run's organisations travel with its statistics, so a merge of shards has them.
        var state = state
        state.know(directory)
        try write(try report(state: state, directory: directory), state: state)
    }

    func write(_ report: StatsReport, state: StatsState) throws {
        // Counts per person and organisation: readable by the owner only.
        if let json { try PrivateFiles.write(try StatsJSON.encode(report, state: state), to: json) }
        if let html { try PrivateFiles.write(Data(StatsHTML.render(report).utf8), to: html) }
        if let markdown { try PrivateFiles.write(Data(StatsMarkdown.render(report).utf8), to: markdown) }
    }
}

/// `leakscan stats`: statistics from incident files or merged statistics files.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Statistics in the survey's units from incident files (.jsonl) or stats.json files.",
        discussion: """
            Inputs may be `leakscan scan` incident files or stats.json files (from `scan --stats` \
            or an earlier `stats`); their counts are added up exactly, so shards merge into the \
            same result as one run over all inputs. Rates are shares of organisations with at \
            least one incident in the last 12 months of the archive, with 95% Wilson intervals, \
            set beside Proofpoint's 2009 survey; per-head rates use the headcounts stats.json files carry, or --orgs. \
            Incident files carry no messages without incidents: with them the organisations \
            counted are those in --orgs plus those with incidents. The Markdown summary goes to \
            stdout.
            """
    )

    @Flag(help: "Every input must be a stats.json file (merge shards).")
    var merge = false

    @Option(help: ArgumentHelp("Organisations file (ids, domains, handles, headcounts).", valueName: "file"))
    var orgs: String?

    @OptionGroup var output: StatsOutputOptions

    @Argument(help: ArgumentHelp("Incident .jsonl files or stats.json files.", valueName: "file"))
    var inputs: [String]

    func run() throws {
        var state: StatsState
        do {
            state = try StatsInputs.combine(inputs, merge: merge)
        } catch {
            printError("leakscan: \(error)")
            throw ExitStatus.error
        }
        var directory = OrganisationDirectory()
        if let orgs {
            do {
                directory = OrganisationDirectory(entries: try RuleSet.organisations(in: URL(fileURLWithPath: orgs)).map(\.directoryEntry))
            } catch {
                printError("leakscan: cannot load organisations: \(error)")
                throw ExitStatus.error
            }
        }
        state.know(directory)
        let report: StatsReport
        do {
            report = try output.report(state: state, directory: directory)
            try output.write(report, state: state)
        } catch {
            printError("leakscan: cannot write statistics: \(error)")
            throw ExitStatus.error
        }
        print(StatsMarkdown.render(report), terminator: "")
    }
}
