import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanImages
import LeakScanPipeline
import LeakScanReport
import LeakScanRules
import LeakScanState
import LeakScanStats
import Logging

/// One scan, configured and run as a library: rules, inputs, the fingerprint key, optional
/// incremental state (with its lock and run record), incident outputs, statistics and
/// metrics. The command line only fills in a ``ScanSession/Configuration`` and maps the
/// ``ScanResult`` to an exit status; `scan`, `rescan` and `bench` all run through here.
public final class ScanSession {
    /// What to scan, with what, and where the results go.
    public struct Configuration {
        public var ruleSet: RuleSet
        /// Files and folders (walked recursively).
        public var inputs: [String]
        /// The secret that keys incident fingerprints (``FingerprintKey``).
        public var fingerprintKey: [UInt8]
        public var options: ScanOptions
        /// Off only to check or measure the prefilter: the incidents are the same.
        public var prefilter = true
        /// Nightly state: read only what is new, report only new incidents.
        public var state: StateConfiguration?
        /// Where incidents are written, in which formats (several at once allowed).
        public var outputs: [IncidentDestination] = [IncidentDestination(format: .jsonLines, path: nil)]
        /// Accumulate statistics (``ScanResult/statistics``); implied by ``statisticsFiles``.
        public var statistics = false
        /// Statistics files written at the end, with the rule set's organisations.
        public var statisticsFiles = StatsFiles()
        /// Prometheus text-format metrics, written atomically at the end.
        public var metricsFile: String?
        /// More incident writers: like the outputs, they sit behind the state (only new
        /// incidents, written inside the transaction that stores them).
        public var writers: [ScanSink] = []
        /// More sinks that see every event and every incident (a bench collector, a problem log).
        public var sinks: [ScanSink] = []
        /// Pictures: folders of reference emblems (nil: each organisation's `logos` folder; empty:
        /// no emblem matching), and whether their text is recognised.
        public var logoFolders: [String]?
        public var ocr = true

        public init(ruleSet: RuleSet, inputs: [String], fingerprintKey: [UInt8], options: ScanOptions) {
            self.ruleSet = ruleSet
            self.inputs = inputs
            self.fingerprintKey = fingerprintKey
            self.options = options
        }
    }

    /// The state database a scan uses.
    public struct StateConfiguration {
        public var path: String
        /// Read every input whole, even unchanged ones.
        public var full = false
        /// Write every incident found (except false positives), not only new ones.
        public var reportAll = false

        public init(path: String, full: Bool = false, reportAll: Bool = false) {
            self.path = path
            self.full = full
            self.reportAll = reportAll
        }
    }

    /// The formats incidents can be written in.
    public enum OutputFormat: String, CaseIterable, Sendable {
        case jsonLines = "jsonl"
        case csv
        case sarif
    }

    /// One incident output: a format and a file (nil: stdout).
    public struct IncidentDestination: Sendable, Equatable {
        public var format: OutputFormat
        public var path: String?

        public init(format: OutputFormat, path: String?) {
            self.format = format
            self.path = path
        }
    }

    /// Why a session could not run, or could not record its run.
    public enum Failure: Error, CustomStringConvertible {
        /// Another scan holds the state database's lock.
        case locked(path: String)
        case state(path: String, reason: String)
        case output(path: String, reason: String)
        case record(reason: String)
        case statistics(reason: String)
        case logos(reason: String)

        public var description: String {
            switch self {
            case .locked(let path): "another scan is using the state database \(path) (lock \(path).lock)"
            case .state(let path, let reason): "cannot open the state database \(path): \(reason)"
            case .output(let path, let reason): "cannot open output \(path): \(reason)"
            case .record(let reason): "cannot record the run: \(reason)"
            case .statistics(let reason): "cannot write statistics: \(reason)"
            case .logos(let reason): "cannot load reference emblems: \(reason)"
            }
        }
    }

    public let configuration: Configuration
    public let detector: Detector
    let logger: Logger

    public init(_ configuration: Configuration, logger: Logger) {
        var configuration = configuration
        self.logger = logger
        do {
            configuration.options.mimeLimits.images = try Self.imageAnalyzer(configuration)
            imageFailure = nil
        } catch {
            imageFailure = error
        }
        self.configuration = configuration
        detector = Detector(
            ruleSet: configuration.ruleSet, fingerprinter: Fingerprinter(key: configuration.fingerprintKey),
            prefilter: configuration.prefilter)
    }

    /// Why the reference emblems could not be loaded; the run then fails before reading anything.
    let imageFailure: Failure?

    /// The picture reader: the reference emblems of every organisation (or of the folders given,
    /// attributed to the first organisation), and OCR unless it is off. Nil when neither is wanted.
    static func imageAnalyzer(_ configuration: Configuration) throws(Failure) -> ImageAnalyzer? {
        let organisations = configuration.ruleSet.organisations
        let folders: [(folder: String, organisation: String)] =
            configuration.logoFolders.map { $0.map { ($0, organisations.first?.name ?? "organisation") } }
            ?? organisations.compactMap { organisation in organisation.logos.map { ($0, organisation.name) } }
        var emblems = [Emblem]()
        for (folder, organisation) in folders {
            do {
                emblems += try EmblemLibrary.load(directory: URL(fileURLWithPath: folder), organisation: organisation)
            } catch {
                throw .logos(reason: "\(folder): \(error)")
            }
        }
        guard !emblems.isEmpty || configuration.ocr else { return nil }
        return ImageAnalyzer(emblems: emblems, ocr: configuration.ocr)
    }

    /// The rules as SARIF reporting descriptors, their examples masked as incidents are (plus
    /// the emblem rule when pictures are matched).
    public func sarifRules() -> [SARIFRule] {
        let scratch = detector.makeScratch()
        return configuration.ruleSet.rules.enumerated().map { index, rule in
            let definition = rule.definition
            let examples = definition.examples.match.flatMap { example in
                detector.maskedExcerpts(in: example, rule: index, scratch: scratch).map(\.excerpt)
            }
            return SARIFRule(
                id: definition.id, title: definition.title, description: nil, category: definition.category, severity: definition.severity,
                maskedExamples: examples)
        } + emblemRule
    }

    var emblemRule: [SARIFRule] {
        guard let images = configuration.options.mimeLimits.images, !images.search.emblems.isEmpty else { return [] }
        return [
            SARIFRule(
                id: EmblemMatch.rule, title: "Organisation emblem in a picture (perceptual match)",
                description: "A picture (attachment, inline image, image in a document) resembles a reference emblem: "
                    + images.search.emblems.map { "\($0.organisation) (\($0.name))" }.joined(separator: ", ") + ".",
                category: .logo, severity: EmblemMatch.severity, maskedExamples: [])
        ]
    }

    func writer(for destination: IncidentDestination) throws(Failure) -> ScanSink {
        let output: IncidentOutput
        do {
            output = try IncidentOutput(path: destination.path)
        } catch {
            throw .output(path: destination.path ?? "stdout", reason: "\(error)")
        }
        switch destination.format {
        case .jsonLines: return JSONLinesSink(output: output)
        case .csv: return CSVSink(output: output)
        case .sarif: return SARIFSink(output: output, rules: sarifRules(), version: configuration.ruleSet.version)
        }
    }

    /// The files this scan writes, resolved (``ScanOptions/ownFiles``): incident outputs,
    /// statistics, metrics, and the state database with its lock and SQLite's files beside it.
    var ownFiles: Set<String> {
        var paths = configuration.outputs.compactMap(\.path)
        paths += [configuration.statisticsFiles.json, configuration.statisticsFiles.html, configuration.statisticsFiles.markdown]
            .compactMap { $0 }
        if let metricsFile = configuration.metricsFile { paths.append(metricsFile) }
        if let state = configuration.state { paths += ["", ".lock", "-wal", "-shm", "-journal"].map { state.path + $0 } }
        // A URI's folder resolves to nothing here: it is not on this disk.
        return Set(paths.filter { $0 != "-" }.compactMap(FileSystemPath.resolved))
    }

    /// Runs the scan. Problems with single inputs or messages are in the result's summary (the
    /// scan goes on); only what stops the whole scan before it starts, or keeps its run from
    /// being recorded, throws.
    public func run(progress: (@Sendable (ScanSummary) -> Void)? = nil) throws(Failure) -> ScanResult {
        let started = Date()
        if let imageFailure { throw imageFailure }
        let writers = try configuration.outputs.map { (destination) throws(Failure) in try writer(for: destination) }
        var incidentSink: ScanSink = SinkFanOut(writers + configuration.writers)
        let statistics = configuration.statistics || configuration.statisticsFiles.wanted ? StatsSink() : nil

        // Nightly state: the lock first, then the database and this run's record.
        var lock: StateLock?
        var stateSink: StateSink?
        var store: StateStore?
        var run: Int64 = 0
        if let state = configuration.state {
            do {
                lock = try StateLock(databasePath: state.path)
            } catch {
                throw .state(path: state.path, reason: "\(error)")
            }
            guard lock != nil else { throw .locked(path: state.path) }
            do {
                let opened = try StateStore(path: state.path)
                run = try opened.beginRun(rulesVersion: configuration.ruleSet.version)
                store = opened
            } catch {
                throw .state(path: state.path, reason: "\(error)")
            }
            let gate = StateSink(
                store: store!, run: run, rulesVersion: configuration.ruleSet.version, full: state.full, reportAll: state.reportAll,
                downstream: incidentSink, logger: logger)
            stateSink = gate
            incidentSink = gate
        }
        logger.debug("loaded \(configuration.ruleSet.rules.count) rules, version \(configuration.ruleSet.version)")
        let sink = SinkFanOut([statistics as ScanSink?, incidentSink].compactMap { $0 } + configuration.sinks)
        var options = configuration.options
        options.ownFiles = ownFiles
        let pipeline = ScanPipeline(detector: detector, options: options, logger: logger)
        let summary = pipeline.run(paths: configuration.inputs, into: sink, planner: stateSink, progress: progress)
        let result = ScanResult(
            summary: summary, statistics: statistics?.state, newIncidents: stateSink?.newIncidents,
            writtenIncidents: stateSink?.writtenIncidents, seconds: Date().timeIntervalSince(started))
        do {
            if let store {
                try store.finishRun(
                    run, messages: summary.messages, bytesRead: summary.bytesRead, incidents: summary.incidents,
                    newIncidents: stateSink?.newIncidents ?? 0, errors: summary.corruptMessages + summary.unreadableInputs,
                    exitStatus: result.status.rawValue)
            }
            if let metricsFile = configuration.metricsFile {
                try MetricsFile.write(
                    to: metricsFile, summary: summary, newIncidents: stateSink?.newIncidents, seconds: result.seconds,
                    success: result.status != .error)
            }
        } catch {
            throw .record(reason: "\(error)")
        }
        withExtendedLifetime(lock) {}
        if let state = result.statistics, configuration.statisticsFiles.wanted {
            do {
                try configuration.statisticsFiles.write(state: state, directory: configuration.ruleSet.directory)
            } catch {
                throw .statistics(reason: "\(error)")
            }
        }
        return result
    }
}
