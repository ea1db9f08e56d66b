import ArgumentParser
import Foundation
import Logging

/// The `leakscan` command line.
@main
struct LeakScan: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "leakscan",
        abstract: "Find confidential identifiers, logo use and derogatory language in email and social-media archives.",
        discussion: ExitStatus.help,
        subcommands: [
            Scan.self, Patterns.self, Synth.self, Stats.self, Incidents.self, Rescan.self, Diff.self, Bench.self, Plan.self, Merge.self,
        ],
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

extension Logger.Level: @retroactive ExpressibleByArgument {}

func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
}
