import ArgumentParser
import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanPipeline
import LeakScanReport
import LeakScanRules
import LeakScanSources
import LeakScanState
import Logging

/// `leakscan scan`: the main job.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Scan mail archives and write one JSON incident record per line.",
        discussion: """
            Each record has: rule, category, severity, source, offset (byte offset of the message
            in the file), message_id, author, timestamp (ISO 8601, UTC), location (subject, body or
            an attachment name), excerpt (masked) and fingerprint (keyed hash; never the value).
            Output order is input order and does not depend on --jobs.
            With --state, only what is new since the last run is read and only new incidents are
            written (--all writes every incident found); incidents and checkpoints are stored
            together, so a scan killed at any point resumes without losing or repeating one.
            Exit status: 0 no incident, 1 incidents found, 2 error, 3 another scan holds the
            state database.
            """
    )

    @OptionGroup var rules: RuleOptions
    @OptionGroup var logging: LoggingOptions

    @Option(name: [.short, .long], help: ArgumentHelp("Write incidents to this file instead of stdout.", valueName: "file"))
    var output: String?

    @Option(name: [.short, .long], help: "Worker queues (default: all cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @Option(
        help: ArgumentHelp("Longest message scanned, in bytes; the rest of a longer one is skipped with a warning.", valueName: "bytes"))
    var maxMessageBytes: Int = 64 << 20

    @Option(
        help: ArgumentHelp(
            "File holding the secret key for incident fingerprints. Default: $LEAKSCAN_FINGERPRINT_KEY, else a key created on first use under $XDG_STATE_HOME/leakscan/ (~/.local/state/leakscan/).",
            valueName: "file"))
    var fingerprintKeyFile: String?

    @OptionGroup(title: "Social exports") var posts: PostFieldOptions
    @OptionGroup(title: "Statistics") var statistics: StatsOutputOptions
    @OptionGroup(title: "Nightly scans") var stateOptions: StateOptions

    @Flag(
        help:
            "Run every rule's regex over every text, without the literal and digit-run prefilter (for checking and measuring it; the incidents are the same)."
    )
    var noPrefilter = false

    @Flag(name: [.short, .long], help: "Do not print the summary on stderr.")
    var quiet = false

    @Argument(
        help: ArgumentHelp(
            "Archives: mbox (plain or gzip), .eml, Maildir folders, JSON / JSON Lines / CSV post exports, X/Twitter tweets.js, Facebook JSON; directories are walked. Formats are detected from content.",
            valueName: "path"))
    var paths: [String]

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard maxMessageBytes >= 1024 else { throw ValidationError("--max-message-bytes must be at least 1024") }
        guard !paths.isEmpty else { throw ValidationError("give at least one path to scan") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)
        let logger = logging.bootstrap()
        let ruleSet = try rules.load()
        let key: [UInt8]
        do {
            key = try FingerprintKey.load(file: fingerprintKeyFile)
        } catch {
            logger.error("cannot load the fingerprint key: \(error)")
            throw ExitStatus.error
        }
        let sink: IncidentSink
        do {
            sink = try IncidentSink(path: output)
        } catch {
            logger.error("cannot open output \(output ?? "-"): \(error)")
            throw ExitStatus.error
        }
        logger.debug("loaded \(ruleSet.rules.count) rules, version \(ruleSet.version)")
        let detector = Detector(ruleSet: ruleSet, fingerprinter: Fingerprinter(key: key), prefilter: !noPrefilter)
        let pipeline = ScanPipeline(
            detector: detector,
            options: ScanOptions(
                jobs: jobs, maxMessageBytes: maxMessageBytes, postFields: posts.fields, directory: ruleSet.directory),
            logger: logger)
        let started = Date()
        let nightly = try NightlyState(options: stateOptions, rulesVersion: ruleSet.version, logger: logger)
        var (summary, stats) = pipeline.run(
            paths: paths, write: sink.write,
            report: { problem in
                let place = problem.offset.map { "\(problem.source) at byte \($0)" } ?? problem.source
                switch problem.kind {
                case .corrupt: logger.warning("\(place): corrupt record skipped: \(problem.reason)")
                case .truncated: logger.warning("\(place): \(problem.reason)")
                case .unreadable: logger.error("\(place): cannot read: \(problem.reason)")
                case .unrecognised: logger.info("\(place): \(problem.reason)")
                case .unscanned: logger.warning("\(place): \(problem.reason)")
                }
            },
            plan: nightly?.plan ?? { _ in .scan(from: .start) }, commit: nightly?.commit,
            progress: !quiet && isatty(STDERR_FILENO) == 1 ? ProgressLine(started: started).update : nil)
        if !quiet && isatty(STDERR_FILENO) == 1 { printError("") }
        do {
            try sink.close()
        } catch {
            summary.outputError = summary.outputError ?? "\(error)"
        }
        // A reader of stdout that went away (`| head`) stops the scan quietly; any other failure
        // to write incidents is an error: they were not stored either, so the next run has them.
        let lostOutput = summary.outputError.map { !IncidentSink.isClosedPipe($0) } ?? false
        if lostOutput, let reason = summary.outputError {
            logger.error(
                "cannot write incidents to \(output ?? "stdout"): \(reason); the scan stopped and stored nothing it could not write")
        }
        if summary.failedNamedInputs > 0 {
            logger.error("\(summary.failedNamedInputs) input(s) named on the command line could not be scanned at all")
        }
        let exitStatus: ExitCode =
            summary.unreadableInputs > 0 || summary.failedNamedInputs > 0 || lostOutput
            ? ExitStatus.error : summary.incidents > 0 ? ExitStatus.incidentsFound : ExitStatus.clean
        do {
            try nightly?.finish(summary: summary, exitStatus: exitStatus.rawValue)
            if let metricsFile = stateOptions.metricsFile {
                try MetricsFile.write(
                    to: metricsFile, summary: summary, newIncidents: nightly?.newIncidents, seconds: Date().timeIntervalSince(started),
                    success: exitStatus != ExitStatus.error)
            }
        } catch {
            logger.error("cannot record the run: \(error)")
            throw ExitStatus.error
        }
        do {
            try statistics.write(state: stats, directory: ruleSet.directory)
        } catch {
            logger.error("cannot write statistics: \(error.localizedDescription)")
            throw ExitStatus.error
        }
        if !quiet {
            let seconds = Date().timeIntervalSince(started)
            let mebibytes = Double(summary.bytes) / 1_048_576
            printError(summary.text)
            printError(
                String(
                    format: "  %.2f s, %.1f MiB/s, peak RSS %.0f MiB", seconds, mebibytes / max(seconds, 0.001),
                    Self.peakResidentMebibytes()))
        }
        throw exitStatus
    }
}

/// A scan's use of the state database: the plan (what to read), the commit (incidents and
/// checkpoints in one transaction, new incidents reported), the lock and the run record.
final class NightlyState: Sendable {
    let store: StateStore
    let lock: StateLock
    let run: Int64
    let rulesVersion: String
    let full: Bool
    let reportAll: Bool
    let observed = ObservedInputs()
    let counter = NewIncidentCounter()
    let logger: Logger

    /// Nil without `--state`; throws `ExitStatus.locked` when another scan holds the database.
    init?(options: StateOptions, rulesVersion: String, logger: Logger) throws {
        guard let path = options.statePath else { return nil }
        let held: StateLock?
        do {
            held = try StateLock(databasePath: path)
        } catch {
            logger.error("cannot open the state database \(path): \(error)")
            throw ExitStatus.error
        }
        guard let lock = held else {
            printError(
                "leakscan: another scan is using the state database \(path) (lock \(path).lock); exiting with status \(ExitStatus.locked.rawValue)"
            )
            throw ExitStatus.locked
        }
        do {
            store = try StateStore(path: path)
            run = try store.beginRun(rulesVersion: rulesVersion)
        } catch {
            logger.error("cannot open the state database \(path): \(error)")
            throw ExitStatus.error
        }
        self.lock = lock
        self.logger = logger
        self.rulesVersion = rulesVersion
        full = options.full
        reportAll = options.all
    }

    var newIncidents: Int { counter.value }

    func plan(_ path: String) -> InputPlan {
        guard let now = StateStore.observe(path) else { return .scan(from: .start) }
        observed.set(path, now)
        if full { return .scan(from: .start) }
        let decision = (try? store.decide(path, current: now)) ?? .whole(reason: "unknown")
        logger.debug("\(path): \(decision)")
        switch decision {
        case .unchanged: return .skip
        case .appended(let checkpoint): return .scan(from: checkpoint)
        case .whole: return .scan(from: .start)
        }
    }

    @Sendable func commit(_ batch: BatchCommit, emit: ([Incident]) throws -> Void) throws {
        guard let now = observed.get(batch.source) ?? StateStore.observe(batch.source) else {
            throw CheckpointError(path: batch.source)
        }
        // Even when every incident is written, those marked false positive are not.
        let suppressed = reportAll ? try store.falsePositives() : []
        try store.commit(
            incidents: batch.incidents, source: batch.source, checkpoint: batch.checkpoint, endsInput: batch.endsInput,
            observed: now, rulesVersion: rulesVersion, run: run
        ) { fresh in
            try emit(reportAll ? batch.incidents.filter { !suppressed.contains($0.fingerprint) } : fresh)
            counter.add(fresh.count)
        }
    }

    func finish(summary: ScanSummary, exitStatus: Int32) throws {
        try store.finishRun(
            run, messages: summary.messages, bytesRead: summary.bytesRead, incidents: summary.incidents, newIncidents: newIncidents,
            errors: summary.corruptMessages + summary.unreadableInputs, exitStatus: exitStatus)
    }
}

/// An input that vanished or became unreadable during the scan: its checkpoint cannot be
/// recorded, so the scan stops (status 2) and the next one reads it again.
struct CheckpointError: Error, CustomStringConvertible {
    var path: String
    var description: String { "\(path) can no longer be read to record its checkpoint" }
}

final class NewIncidentCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0
    var value: Int { lock.withLock { count } }
    func add(_ n: Int) { lock.withLock { count += n } }
}

extension Scan {
    /// Peak resident set size of this process (Linux reports `ru_maxrss` in KiB).
    static func peakResidentMebibytes() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_maxrss) / 1024
    }
}

/// Where incident lines go: stdout or a file (created readable by its owner only: it holds
/// masked excerpts, authors and file names).
final class IncidentSink: Sendable {
    let descriptor: Int32
    let handle: FileHandle?

    init(path: String?) throws {
        if let path {
            try PrivateFiles.createDirectory(forFile: path)
            let handle = try PrivateFiles.openForWriting(path)
            self.handle = handle
            descriptor = handle.fileDescriptor
        } else {
            handle = nil
            descriptor = STDOUT_FILENO
        }
    }

    /// Writes every byte or throws with the system's reason (`write(2)` straight, so that a
    /// full disk is an error with its errno, never a short write taken for success).
    @Sendable func write(_ bytes: [UInt8]) throws {
        try bytes.withUnsafeBytes { buffer in
            var written = 0
            while written < buffer.count {
                let count = Glibc.write(descriptor, buffer.baseAddress! + written, buffer.count - written)
                if count < 0 {
                    if errno == EINTR { continue }
                    throw POSIXFailure(path: "the incident output", operation: "write to", code: errno)
                }
                written += count
            }
        }
    }

    /// Closes a file output, flushing it to disk first: a write error that only shows at the
    /// flush (NFS, a full disk) is still an error.
    func close() throws {
        guard let handle else { return }
        defer { try? handle.close() }
        if fsync(descriptor) != 0 && errno != EINVAL && errno != EROFS {
            throw POSIXFailure(path: "the incident output", operation: "flush", code: errno)
        }
    }

    /// Whether an output error means the reader of stdout went away (`leakscan scan | head`).
    static func isClosedPipe(_ reason: String) -> Bool { reason.hasSuffix(String(cString: strerror(EPIPE))) }
}

/// The secret that keys incident fingerprints. It must stay the same between runs (or
/// fingerprints change) and must not be in the repository (or fingerprints could be reversed).
enum FingerprintKey {
    static func load(file: String?) throws -> [UInt8] {
        if let file {
            return try readKey(file)
        }
        if let text = ProcessInfo.processInfo.environment["LEAKSCAN_FINGERPRINT_KEY"], !text.isEmpty {
            return Array(text.utf8)
        }
        let environment = ProcessInfo.processInfo.environment
        let stateHome =
            environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.local/state")
        let directory = stateHome + "/leakscan"
        let path = directory + "/fingerprint.key"
        if FileManager.default.fileExists(atPath: path) { return try readKey(path) }
        try FileManager.default.createDirectory(
            atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var generator = SystemRandomNumberGenerator()
        let key = (0..<32).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let hex = key.map { String(format: "%02x", $0) }.joined()
        guard FileManager.default.createFile(atPath: path, contents: Data(hex.utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        return Array(hex.utf8)
    }

    static func readKey(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let key = Array(data).filter { $0 != 0x0A && $0 != 0x0D }
        guard key.count >= 16 else {
            throw ValidationError("fingerprint key in \(path) is shorter than 16 bytes")
        }
        return key
    }
}

/// Field names for social exports; each option replaces the default list for that field.
struct PostFieldOptions: ParsableArguments {
    @Option(
        name: .customLong("post-text-field"),
        help: ArgumentHelp("Field holding a post's text (repeat to try several in order).", valueName: "name"))
    var text: [String] = []
    @Option(name: .customLong("post-id-field"), help: ArgumentHelp("Field holding a post's id.", valueName: "name"))
    var id: [String] = []
    @Option(name: .customLong("post-author-field"), help: ArgumentHelp("Field holding a post's author.", valueName: "name"))
    var author: [String] = []
    @Option(
        name: .customLong("post-time-field"),
        help: ArgumentHelp("Field holding a post's time (ISO 8601, Unix seconds, Twitter or RFC 5322 dates).", valueName: "name"))
    var time: [String] = []
    @Option(help: ArgumentHelp("Platform recorded for posts whose file and fields do not name one.", valueName: "name"))
    var platform = "social"

    var fields: PostFields {
        var fields = PostFields(defaultPlatform: platform)
        if !text.isEmpty { fields.text = text }
        if !id.isEmpty { fields.id = id }
        if !author.isEmpty { fields.author = author }
        if !time.isEmpty { fields.time = time }
        return fields
    }
}

/// One self-overwriting line on a terminal's stderr, at most twice a second; nothing when
/// stderr is a file or pipe (cron, systemd), where it would only fill logs.
final class ProgressLine: @unchecked Sendable {
    let started: Date
    private let lock = NSLock()
    private var lastShown = Date.distantPast

    init(started: Date) {
        self.started = started
    }

    @Sendable func update(_ summary: ScanSummary) {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(lastShown) >= 0.5 else { return }
        lastShown = now
        let mebibytes = Double(summary.bytes) / 1_048_576
        let seconds = max(0.001, now.timeIntervalSince(started))
        let line = String(
            format: "\r%d messages, %.0f MiB, %d incidents, %.1f MiB/s ", summary.messages, mebibytes, summary.incidents,
            mebibytes / seconds)
        FileHandle.standardError.write(Data(line.utf8))
    }
}
