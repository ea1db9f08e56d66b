import Dispatch
import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanPCRE2
import LeakScanReport
import LeakScanSources
import LeakScanStats
import Logging

/// Knobs for one scan.
public struct ScanOptions: Sendable {
    /// Worker queues; each owns one match scratch.
    public var jobs: Int
    /// A batch (one Dispatch work item) closes at this many messages…
    public var batchMessages: Int
    /// …or this many bytes, whichever comes first.
    public var batchBytes: Int
    /// Messages longer than this are cut; the part that fits is still scanned.
    public var maxMessageBytes: Int
    public var matchLimits: MatchLimits
    /// MIME nesting and part-count limits per message.
    public var mimeLimits: MIMELimits
    /// Where posts in social exports keep their text, id, author, time and platform.
    public var postFields: PostFields
    /// Maps authors to organisations for the `org` field and the statistics.
    public var directory: OrganisationDirectory
    /// When set, every worker profiles each rule and adds its profile here at the end.
    public var ruleProfiles: RuleProfileCollector?

    public init(
        jobs: Int = ProcessInfo.processInfo.activeProcessorCount, batchMessages: Int = 256,
        batchBytes: Int = 4 << 20, maxMessageBytes: Int = 64 << 20, matchLimits: MatchLimits = MatchLimits(),
        mimeLimits: MIMELimits = MIMELimits(), postFields: PostFields = PostFields(),
        directory: OrganisationDirectory = OrganisationDirectory()
    ) {
        self.directory = directory
        self.mimeLimits = mimeLimits
        self.postFields = postFields
        self.jobs = max(1, jobs)
        self.batchMessages = max(1, batchMessages)
        self.batchBytes = max(1, batchBytes)
        self.maxMessageBytes = max(1024, maxMessageBytes)
        self.matchLimits = matchLimits
    }
}

/// Something that went wrong with one message or input; reported, never fatal to the scan.
public struct ScanProblem: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A message or post that could not be parsed; skipped.
        case corrupt
        /// A message over a size, depth or part limit; scanned up to the limit.
        case truncated
        /// An input that could not be opened or read to the end.
        case unreadable
        /// An input in no format LeakScan reads; skipped.
        case unrecognised
        /// Bytes of an input that no record covers (a file without a single record, text
        /// after the end of a JSON array): read but not scanned.
        case unscanned
    }
    public var kind: Kind
    public var source: String
    public var offset: UInt64?
    public var reason: String
}

/// Records of one input file handed to a worker as one work item.
struct Batch: Sendable {
    var sequence: Int
    var source: String
    var items: [RawItem]
    /// Where a later scan picks up once this batch is stored.
    var checkpoint: Checkpoint
    /// The last batch of its input (possibly empty, to mark a file read to the end).
    var endsInput = false
}

/// Where to start reading an input, decided by whoever keeps state between runs.
public enum InputPlan: Sendable, Equatable {
    /// Unchanged since the last scan: not read at all.
    case skip
    /// Read from this checkpoint (``Checkpoint/start``: the whole input).
    case scan(from: Checkpoint)
}

/// One batch, in input order, as handed to the commit hook: the place to store incidents and
/// the checkpoint that covers them in one transaction.
public struct BatchCommit: Sendable {
    public var source: String
    public var incidents: [Incident]
    /// Where a later scan picks up: everything before it has now been scanned.
    public var checkpoint: Checkpoint
    /// Whether the input has been read to its end.
    public var endsInput: Bool
}

/// What a worker made of a batch: encoded incident lines plus counts and problems.
struct BatchResult: Sendable {
    var sequence: Int
    var source: String
    var checkpoint: Checkpoint
    var endsInput: Bool
    var incidents: [Incident]
    var output: [UInt8]
    var summary: ScanSummary
    var stats: StatsState
    var problems: [ScanProblem]
}

/// read → parse → match → ordered write, on Dispatch worker queues.
///
/// The calling thread reads inputs and cuts them into batches; `jobs` serial worker queues,
/// each with its own match scratch created once, take batches from a bounded queue; the
/// results are written strictly in input order, so output is byte-identical for any `jobs`.
/// At most `4 × jobs` batches are in flight, which bounds memory (backpressure).
public final class ScanPipeline: Sendable {
    let detector: Detector
    let options: ScanOptions
    let logger: Logger

    public init(detector: Detector, options: ScanOptions, logger: Logger) {
        self.detector = detector
        self.options = options
        self.logger = logger
    }

    /// Scans `paths` (files, or directories walked recursively in name order), handing
    /// encoded incident lines to `write` in input order. `write` throws to stop the scan (the
    /// reader of stdout went away, the disk is full); the error is in the summary's
    /// `outputError`. Problems go to `report` in input order too.
    ///
    /// - Parameters:
    ///   - plan: where to start each input (state between runs); default: every input whole.
    ///   - commit: called for every batch in input order; it stores the batch and calls `emit`
    ///     with the incidents to write (e.g. only new ones) before it makes the store final, so
    ///     a failed write stores nothing. Throwing stops the scan.
    public func run(
        paths: [String], write: @escaping @Sendable ([UInt8]) throws -> Void,
        report: @escaping @Sendable (ScanProblem) -> Void,
        plan: (String) -> InputPlan = { _ in .scan(from: .start) },
        commit: (@Sendable (BatchCommit, _ emit: ([Incident]) throws -> Void) throws -> Void)? = nil,
        progress: (@Sendable (ScanSummary) -> Void)? = nil
    ) -> (summary: ScanSummary, stats: StatsState) {
        let work = BoundedQueue<Batch>(capacity: options.jobs * 2)
        let writer = OrderedWriter(write: write, report: report, commit: commit, progress: progress, window: options.jobs * 4)
        let group = DispatchGroup()
        for index in 0..<options.jobs {
            let queue = DispatchQueue(label: "leakscan.worker.\(index)")
            queue.async(group: group) { [self] in
                let scratch = detector.makeScratch(limits: options.matchLimits)
                let builder = EmailDocumentBuilder(limits: options.mimeLimits)
                let profile = options.ruleProfiles.map { _ in RuleProfile(rules: detector.ruleSet.rules.count) }
                while let batch = work.take() {
                    writer.deliver(process(batch, scratch: scratch, builder: builder, profile: profile))
                }
                if let profile { options.ruleProfiles?.add(profile) }
            }
        }

        var sequence = 0
        var inputSummary = ScanSummary()
        func submit(_ batch: Batch) {
            writer.waitForRoom()
            work.put(batch)
        }
        let (files, walkProblems) = InputWalker.files(in: paths)
        for problem in walkProblems {
            inputSummary.unreadableInputs += 1
            writer.reportNow(problem)
        }
        var inputBytes = [String: UInt64]()
        reading: for input in files {
            let file = input.path
            let start: Checkpoint
            switch plan(file) {
            case .skip:
                inputSummary.skippedUnchanged += 1
                continue
            case .scan(let from):
                start = from
            }
            let reader: ArchiveReader
            do {
                reader = try ArchiveReader(path: file, maxMessageBytes: options.maxMessageBytes, from: start)
            } catch {
                inputSummary.unreadableInputs += 1
                writer.reportNow(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: error.reason))
                continue
            }
            if reader.format == .unrecognised {
                inputSummary.skippedInputs += 1
                if input.named { inputSummary.failedNamedInputs += 1 }
                writer.reportNow(
                    ScanProblem(
                        kind: .unrecognised, source: file, offset: nil,
                        reason: "not mail (mbox, .eml, Maildir), JSON, JSON Lines, tweets.js or CSV; skipped"))
                continue
            }
            logger.debug("reading \(file) as \(reader.format.rawValue)")
            inputSummary.files += 1
            var batch = Batch(sequence: sequence, source: file, items: [], checkpoint: start)
            var batchBytes = 0
            for item in reader {
                if writer.isStopped { break reading }
                batchBytes += item.byteCount
                batch.items.append(item)
                if batch.items.count >= options.batchMessages || batchBytes >= options.batchBytes {
                    batch.checkpoint = reader.checkpoint
                    submit(batch)
                    sequence += 1
                    batch = Batch(sequence: sequence, source: file, items: [], checkpoint: batch.checkpoint)
                    batchBytes = 0
                }
            }
            inputSummary.bytesRead += reader.bytesRead
            inputBytes[file, default: 0] += reader.bytesRead
            let uncovered = UInt64(reader.trailingBytes)
            inputSummary.inputs.append(
                InputReport(
                    path: file, format: reader.format.rawValue, bytesRead: reader.bytesRead, records: reader.records,
                    uncoveredBytes: uncovered))
            if reader.records == 0 && uncovered > 0 {
                if input.named { inputSummary.failedNamedInputs += 1 }
                writer.reportNow(
                    ScanProblem(
                        kind: .unscanned, source: file, offset: 0,
                        reason: "read as \(reader.format.rawValue) but not one record found; nothing in it was scanned"))
            } else if uncovered > 0 {
                writer.reportNow(
                    ScanProblem(
                        kind: .unscanned, source: file, offset: nil,
                        reason: "\(uncovered) bytes after the end of the JSON array belong to no record and were not scanned"))
            }
            // The last batch says the input was read to its end, even when it holds nothing.
            batch.endsInput = reader.error == nil
            if reader.error == nil { batch.checkpoint = reader.checkpoint }
            submit(batch)
            sequence += 1
            if let error = reader.error {
                inputSummary.unreadableInputs += 1
                writer.reportNow(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: error.reason))
            }
        }
        work.close()
        group.wait()
        var summary = writer.summary + inputSummary
        summary.outputError = writer.outputError.map { "\($0)" }
        if let error = writer.commitError {
            summary.unreadableInputs += 1
            report(ScanProblem(kind: .unreadable, source: "state", offset: nil, reason: "could not store results: \(error)"))
        }
        var stats = writer.stats
        stats.inputBytes.merge(inputBytes, uniquingKeysWith: +)
        return (summary, stats)
    }

    /// Parses and scans one batch with this worker's scratch.
    func process(_ batch: Batch, scratch: DetectionScratch, builder: EmailDocumentBuilder, profile: RuleProfile? = nil) -> BatchResult {
        var summary = ScanSummary()
        var problems = [ScanProblem]()
        var output = [UInt8]()
        var stats = StatsState()
        var incidents = [Incident]()
        let limitHitsBefore = scratch.limitHits
        let posts = PostDocumentBuilder(fields: options.postFields)
        for item in batch.items {
            summary.messages += 1
            summary.bytes += UInt64(item.byteCount)
            let document: Document
            switch item {
            case .email(let raw):
                if let limit = raw.truncatedAt {
                    summary.truncatedMessages += 1
                    problems.append(
                        ScanProblem(
                            kind: .truncated, source: batch.source, offset: raw.offset,
                            reason: "message longer than \(limit) bytes; only the first \(limit) bytes were scanned"))
                }
                do {
                    let warnings: [String]
                    (document, warnings) = try builder.document(from: raw, source: batch.source)
                    for warning in warnings {
                        summary.truncatedMessages += 1
                        problems.append(ScanProblem(kind: .truncated, source: batch.source, offset: raw.offset, reason: warning))
                    }
                } catch {
                    summary.corruptMessages += 1
                    problems.append(ScanProblem(kind: .corrupt, source: batch.source, offset: raw.offset, reason: error.reason))
                    continue
                }
            case .post(let raw):
                do {
                    document = try posts.document(from: raw, source: batch.source)
                } catch {
                    summary.corruptMessages += 1
                    problems.append(ScanProblem(kind: .corrupt, source: batch.source, offset: raw.offset, reason: error.description))
                    continue
                }
            }
            let org = options.directory.organisation(of: document.author)
            stats.record(document: document, org: org)
            for var incident in detector.incidents(in: document, scratch: scratch, profile: profile) {
                incident.org = org
                summary.record(incident)
                stats.record(incident: incident)
                incidents.append(incident)
                IncidentJSONLines.encode(incident, into: &output)
            }
        }
        summary.matchLimitHits = scratch.limitHits - limitHitsBefore
        return BatchResult(
            sequence: batch.sequence, source: batch.source, checkpoint: batch.checkpoint, endsInput: batch.endsInput,
            incidents: incidents, output: output, summary: summary, stats: stats, problems: problems)
    }
}

/// Emits batch results in sequence order, whatever order workers finish in.
///
/// SAFETY: all state is guarded by `condition`; `write` and `report` are called with it held,
/// which serialises output.
final class OrderedWriter: @unchecked Sendable {
    private let condition = NSCondition()
    private var waiting = [Int: BatchResult]()
    private var next = 0
    private var submitted = 0
    private let window: Int
    private let write: @Sendable ([UInt8]) throws -> Void
    private let report: @Sendable (ScanProblem) -> Void
    private let commit: (@Sendable (BatchCommit, _ emit: ([Incident]) throws -> Void) throws -> Void)?
    private let progress: (@Sendable (ScanSummary) -> Void)?
    private(set) var summary = ScanSummary()
    /// Why the commit hook stopped the scan, if it did.
    private(set) var commitError: Error?
    /// Why writing incidents failed, if it did (the scan stops there).
    private(set) var outputError: Error?
    private(set) var stats = StatsState()
    private var stopped = false

    init(
        write: @escaping @Sendable ([UInt8]) throws -> Void, report: @escaping @Sendable (ScanProblem) -> Void,
        commit: (@Sendable (BatchCommit, _ emit: ([Incident]) throws -> Void) throws -> Void)?,
        progress: (@Sendable (ScanSummary) -> Void)?, window: Int
    ) {
        self.write = write
        self.report = report
        self.commit = commit
        self.progress = progress
        self.window = max(1, window)
    }

    var isStopped: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopped
    }

    /// Blocks the reader while `window` batches are read but not yet written.
    func waitForRoom() {
        condition.lock()
        while submitted - next >= window && !stopped { condition.wait() }
        submitted += 1
        condition.unlock()
    }

    /// A problem found by the reader itself (not inside a batch).
    ///
    /// Emitted right away: reader problems concern whole inputs, whose order is fixed anyway.
    func reportNow(_ problem: ScanProblem) {
        condition.lock()
        report(problem)
        condition.unlock()
    }

    func deliver(_ result: BatchResult) {
        condition.lock()
        defer { condition.unlock() }
        waiting[result.sequence] = result
        while let ready = waiting.removeValue(forKey: next) {
            next += 1
            if stopped { continue }
            ready.problems.forEach(report)
            summary = summary + ready.summary
            stats = stats + ready.stats
            // Output written inside the commit, so that a failed write stores nothing.
            var writeFailure: Error?
            let emit = { [write] (shown: [Incident]) throws in
                var output = ready.output
                if shown.count != ready.incidents.count {
                    output = []
                    for incident in shown { IncidentJSONLines.encode(incident, into: &output) }
                }
                guard !output.isEmpty else { return }
                do {
                    try write(output)
                } catch {
                    writeFailure = error
                    throw error
                }
            }
            do {
                if let commit {
                    try commit(
                        BatchCommit(
                            source: ready.source, incidents: ready.incidents, checkpoint: ready.checkpoint, endsInput: ready.endsInput),
                        emit)
                } else {
                    try emit(ready.incidents)
                }
            } catch {
                if let writeFailure { outputError = writeFailure } else { commitError = error }
                stopped = true
                continue
            }
            progress?(summary)
        }
        condition.broadcast()
    }
}

extension InputError {
    var reason: String { self.description }
}
