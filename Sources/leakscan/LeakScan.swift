import ArgumentParser
import Foundation
import LeakScanDetection
import LeakScanImport
import LeakScanRules
import Logging

/// The `leakscan` command line.
@main
struct LeakScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leakscan",
        abstract: "Find confidential identifiers, logo use and derogatory language in email and social-media archives.",
        discussion: """
            EXIT STATUS
              0  the scan finished and found no incident
              1  the scan finished and found at least one incident
              2  error: bad arguments, bad rules, an input that could not be read, a file named on
                 the command line that holds no record, or incidents that could not be written
                 (the other inputs are still scanned)
              3  another scan is using the same --state database (nothing was scanned)

            A corrupt message is reported on stderr with its file and byte offset and skipped; \
            it does not change the exit status.
            """,
        subcommands: [Scan.self, Patterns.self, Synth.self, Stats.self, Incidents.self, Rescan.self, Diff.self, Bench.self],
        defaultSubcommand: Scan.self
    )

    /// Runs the command with LeakScan's exit-status contract: argument-parser reports usage
    /// errors as 64 (EX_USAGE), but scripts and cron jobs here are promised 2 for any error.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success { exit(withError: error) }  // --help, --version
            printError(fullMessage(for: error))
            Foundation.exit(ExitStatus.error.rawValue)
        }
    }
}

/// Exit statuses, a contract with cron jobs and scripts.
enum ExitStatus {
    static let clean = ExitCode(0)
    static let incidentsFound = ExitCode(1)
    static let error = ExitCode(2)
    /// Another scan holds the state database's lock.
    static let locked = ExitCode(3)
}

/// Options shared by every command that loads rules.
struct RuleOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Directory of rule files (*.yaml). Default: the rules shipped with LeakScan.", valueName: "dir"))
    var patterns: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "YAML file with an 'organisations' list (names, aliases, file-name tokens) for {{org}} placeholders. Default: the list in the patterns directory, else the Metropolitan Police.",
            valueName: "file"))
    var orgs: String?

    func load() throws -> RuleSet { try Self.load(patterns: patterns, orgs: orgs) }

    /// Rules from a directory of YAML files, or straight from a third-party rule file: a
    /// gitleaks `.toml` or Presidio recognizers `.json` (rules it cannot translate are listed
    /// on stderr with the reason).
    static func load(patterns: String?, orgs: String?) throws -> RuleSet {
        do {
            let (ruleSet, skipped) = try RuleSource.load(patterns: patterns, organisationsFile: orgs)
            for (rule, reason) in skipped { printError("leakscan: \(patterns ?? ""): rule \(rule) not imported: \(reason)") }
            return ruleSet
        } catch {
            printError("leakscan: cannot load rules: \(error)")
            throw ExitStatus.error
        }
    }
}

/// Logging options; only the executable bootstraps swift-log, and only to stderr.
struct LoggingOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("Log level for stderr: trace, debug, info, notice, warning, error, critical.", valueName: "level"))
    var logLevel: Logger.Level = .info

    func bootstrap() -> Logger {
        let level = logLevel
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "leakscan")
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
