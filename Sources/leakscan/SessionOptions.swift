import ArgumentParser
import Foundation
import LeakScanPipeline
import LeakScanReport
import LeakScanRules
import LeakScanSession
import Logging

/// What every command that runs a ``ScanSession`` (`scan`, `rescan`) shares: rules, the
/// fingerprint key, logging and the summary; and how a session's result becomes an exit status.
struct SessionOptions: ParsableArguments {
    @OptionGroup var rules: RuleOptions
    @OptionGroup var logging: LoggingOptions
    @Option(
        help: ArgumentHelp(
            "Secret key file for incident fingerprints. Default: $LEAKSCAN_FINGERPRINT_KEY, else a key made on first use in $XDG_STATE_HOME/leakscan/.",
            valueName: "file"))
    var fingerprintKeyFile: String?
    @Flag(name: [.short, .long], help: "Do not print the summary on stderr.") var quiet = false
    @Option(help: ArgumentHelp("Folder of reference emblem pictures (default: each organisation's logos folder).", valueName: "dir"))
    var logos: [String] = []
    @Flag(help: "Do not recognise text in pictures (OCR).") var noOCR = false

    /// Loads the rules and the key, lets `configure` fill in the rest, runs the session, prints
    /// the summary and throws the exit status (``ExitStatus``).
    func run(inputs: [String], configure: (inout ScanSession.Configuration, RuleSet) -> Void) throws {
        signal(SIGPIPE, SIG_IGN)
        let logger = logging.bootstrap()
        let key = try ExitStatus.orError("cannot load the fingerprint key") { try FingerprintKey.load(file: fingerprintKeyFile) }
        let ruleSet = try rules.load()
        var configuration = ScanSession.Configuration(
            ruleSet: ruleSet, inputs: inputs, fingerprintKey: key, options: ScanOptions(directory: ruleSet.directory))
        configuration.sinks = [ProblemLog(logger: logger)]
        (configuration.logoFolders, configuration.ocr) = (logos.isEmpty ? nil : logos, !noOCR)
        configure(&configuration, ruleSet)
        let stop = ScanStop()
        configuration.options.stop = stop
        let handlers = Self.stopOnSignals(stop)
        defer { handlers.forEach { $0.cancel() } }
        let showProgress = !quiet && isatty(STDERR_FILENO) == 1
        let progress = showProgress ? ProgressLine(started: Date()).update : nil
        let result = try ExitStatus.orError { try ScanSession(configuration, logger: logger).run(progress: progress) }
        if showProgress { printError("") }
        for failure in result.failures { logger.error("\(failure)") }
        if !quiet { printError(result.text) }
        if let signal = result.summary.stoppedBySignal { throw ExitStatus.stopped(by: signal) }
        throw ExitCode(result.status.rawValue)
    }

    /// SIGINT and SIGTERM (Ctrl-C, `systemctl stop`, `timeout`) ask the scan to stop once what
    /// it has read is written and stored, so a stopped nightly scan leaves a summary and its
    /// state where the next run goes on; a second signal ends it at once, as by default. Killed
    /// at once, a scan wrote no summary and lost up to a second of stored work.
    static func stopOnSignals(_ stop: ScanStop) -> [DispatchSourceSignal] {
        [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stop.request(signal: number)
                signal(number, SIG_DFL)
            }
            source.resume()
            return source
        }
    }
}
