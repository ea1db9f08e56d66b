import ArgumentParser
import Foundation
import LeakScanPipeline
import LeakScanSession
import LeakScanState

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
