import Dispatch
import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanExtract
import LeakScanFraming
import LeakScanHadoop
import LeakScanMIME
import LeakScanOutlook
import Logging

/// One work item in input order: records of one input for a worker, and the events that
/// belong at its place in the order (an input beginning, problems the reader met, the input's
/// end).
struct Batch: Sendable {
    var sequence: Int
    var source: String
    var items: [RawItem]
    /// Where a later scan picks up once this batch is stored; nil for an item that records
    /// nothing (an input that could not be opened).
    var checkpoint: Checkpoint?
    /// Set on an input's first item: where it is read from.
    var begins: Checkpoint?
    /// Problems found by the reader, delivered before the batch's own.
    var readerProblems: [ScanProblem] = []
    /// Set on an input's last item: what reading it came to.
    var ends: InputReport?
    /// The last batch of its input (possibly empty, to mark a file read to its end).
    var endsInput = false
    /// What `fstat` said of the input when the reader opened it.
    var opened: FileStatus?
}

/// What a worker made of a batch.
struct BatchResult: Sendable {
    var batch: Batch
    var incidents: [Incident]
    var documents: [DocumentTally]
    var summary: ScanSummary
    var problems: [ScanProblem]
}

/// read → parse → match → ordered events, on Dispatch worker queues.
///
/// The calling thread reads inputs and cuts them into batches; `jobs` serial worker queues,
/// each with its own match scratch created once, take batches from a bounded queue; the
/// results go to the sink strictly in input order, so output is byte-identical for any `jobs`.
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

    /// Scans `paths` (files, or directories walked recursively in name order) into `sink`.
    ///
    /// - Parameters:
    ///   - planner: where to start each input (state between runs); default: every input whole.
    ///   - progress: called after each batch with the running summary.
    /// - Returns: the summary, also handed to `sink.finish`; when a sink threw, its error is in
    ///   `outputError` and the scan stopped at that batch.
    @discardableResult
    public func run(
        paths: [String], into sink: ScanSink, planner: ScanPlanner? = nil,
        progress: (@Sendable (ScanSummary) -> Void)? = nil
    ) -> ScanSummary {
        let work = BoundedQueue<Batch>(capacity: options.jobs * 2)
        let delivery = OrderedDelivery(sink: sink, progress: progress, window: options.jobs * 4)
        let group = DispatchGroup()
        for index in 0..<options.jobs {
            let queue = DispatchQueue(label: "leakscan.worker.\(index)")
            queue.async(group: group) { [self] in
                let detector = index == 0 ? self.detector : self.detector.replica()
                let scratch = detector.makeScratch(limits: options.matchLimits)
                let builder = EmailDocumentBuilder(limits: options.mimeLimits)
                // Made once per worker: making it per batch split its field names each time.
                let posts = PostDocumentBuilder(fields: options.postFields)
                let profile = options.ruleProfiles.map { _ in RuleProfile(rules: detector.ruleSet.rules.count) }
                while let batch = work.take() {
                    delivery.deliver(process(batch, detector: detector, scratch: scratch, builder: builder, posts: posts, profile: profile))
                }
                if let profile { options.ruleProfiles?.add(profile) }
            }
        }

        var sequence = 0
        var inputSummary = ScanSummary()
        func submit(_ batch: inout Batch) {
            batch.sequence = sequence
            sequence += 1
            delivery.waitForRoom()
            work.put(batch)
        }
        /// An item that only carries a problem to its place in the order.
        func report(_ problem: ScanProblem) {
            var item = Batch(sequence: 0, source: problem.source, items: [], readerProblems: [problem])
            submit(&item)
        }
        /// A file that is one record, read whole (an Outlook .msg, a picture).
        func submitWhole(_ file: String, format: String, item: RawItem, size: UInt64) {
            let done = Checkpoint(offset: size, fileOffset: size)
            let ends = InputReport(
                path: file, format: format, bytesRead: size, records: 1, uncoveredBytes: 0, checkpoint: done, complete: true)
            inputSummary.files += 1
            inputSummary.bytesRead += size
            inputSummary.inputs.append(ends)
            var batch = Batch(sequence: 0, source: file, items: [item], checkpoint: done, begins: .start)
            batch.endsInput = true
            batch.ends = ends
            submit(&batch)
        }
        let walk = InputWalker.files(in: paths, planner: planner)
        var files = walk.files
        for index in files.indices where options.walked.contains(files[index].path) { files[index].named = false }
        inputSummary.skippedUnchanged += walk.unlistedMessages
        inputSummary.unlistedFolders += walk.unlistedFolders
        for problem in walk.problems {
            inputSummary.unreadableInputs += 1
            report(problem)
        }
        reading: for input in files {
            let file = input.path
            let start: Checkpoint
            switch planner?.plan(file) ?? .scan(from: .start) {
            case .skip:
                inputSummary.skippedUnchanged += 1
                continue
            case .scan(let from):
                start = from
            }
            let reader: ArchiveReader
            do {
                reader = try ArchiveReader(path: file, maxMessageBytes: options.maxMessageBytes, from: start, range: options.ranges[file])
            } catch {
                inputSummary.unreadableInputs += 1
                report(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: error.reason))
                continue
            }
            // Outlook files are told by the first bytes the reader read (stores and messages
            // are read from local disk only).
            let outlook = RemotePath.isURI(file) ? nil : OutlookFile.kind(ofLeadingBytes: reader.leadingBytes)
            if outlook == .store {
                // A store is read whole (its layout has no resume point); the state's
                // fingerprints keep a changed store's old incidents from being reported again.
                let store: OutlookStore
                do {
                    store = try OutlookStore(path: file)
                } catch {
                    inputSummary.unreadableInputs += 1
                    if input.named { inputSummary.failedNamedInputs += 1 }
                    report(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: "Outlook store: \(error)"))
                    continue
                }
                inputSummary.files += 1
                var batch = Batch(sequence: 0, source: file, items: [], checkpoint: .start, begins: .start)
                var batchBytes = 0
                var records = 0
                store.messages { message in
                    guard !delivery.isStopped else { return }
                    var raw = RawMessage(offset: UInt64(message.identifier), envelope: [], bytes: message.bytes)
                    raw.folder = message.folder
                    records += 1
                    batchBytes += message.bytes.count
                    batch.items.append(.email(raw))
                    if batch.items.count >= options.batchMessages || batchBytes >= options.batchBytes {
                        submit(&batch)
                        batch = Batch(sequence: 0, source: file, items: [], checkpoint: .start)
                        batchBytes = 0
                    }
                }
                if delivery.isStopped { break reading }
                let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? UInt64) ?? 0
                let done = Checkpoint(offset: size, fileOffset: size)
                let ends = InputReport(
                    path: file, format: "outlook-store", bytesRead: size, records: records, uncoveredBytes: 0, checkpoint: done,
                    complete: true)
                inputSummary.bytesRead += size
                inputSummary.inputs.append(ends)
                inputSummary.corruptMessages += store.problems.count
                batch.readerProblems += store.problems.map { ScanProblem(kind: .corrupt, source: file, offset: nil, reason: $0) }
                batch.endsInput = true
                batch.checkpoint = done
                batch.ends = ends
                submit(&batch)
                continue
            }
            if outlook == .compoundFile {
                // An Outlook .msg: one message, read whole.
                var raw: RawMessage?
                var reason = "not an Outlook message"
                let data = FileManager.default.contents(atPath: file)
                if let data {
                    switch OutlookMessageFile.read(Array(data)) {
                    case .message(let bytes): raw = RawMessage(offset: 0, envelope: [], bytes: bytes)
                    case .otherDocument: reason = "an OLE2 document (legacy Office), not an Outlook message; skipped"
                    case .damaged(let why): reason = "damaged Outlook message: \(why)"
                    }
                }
                guard let raw else {
                    inputSummary.unreadableInputs += 1
                    if input.named { inputSummary.failedNamedInputs += 1 }
                    report(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: reason))
                    continue
                }
                submitWhole(file, format: "outlook-msg", item: .email(raw), size: UInt64(data?.count ?? 0))
                continue
            }
            if reader.format == .unrecognised, options.mimeLimits.images != nil,
                let picture = Self.picture(at: file, limit: options.maxMessageBytes)
            {
                // Media beside a social export (or any picture given): read as a record of its own.
                let item = RawItem.picture(bytes: picture, name: (file as NSString).lastPathComponent)
                submitWhole(file, format: "picture", item: item, size: UInt64(picture.count))
                continue
            }
            if reader.format == .unrecognised {
                inputSummary.skippedInputs += 1
                if input.named { inputSummary.failedNamedInputs += 1 }
                // A social export as downloaded is usually a zip: say so, and what to do with it.
                let container = ContentKind.magic(reader.leadingBytes).flatMap { $0.isContainer ? $0 : nil }
                let what =
                    container.map {
                        "a \($0.rawValue) archive: containers are read inside messages, not as inputs (extract it, then scan the folder)"
                    } ?? "not mail (mbox, .eml, Maildir), JSON, JSON Lines, tweets.js, CSV or a WhatsApp chat"
                report(
                    ScanProblem(
                        kind: .unrecognised, source: file, offset: nil,
                        reason: what + "; skipped"
                            + (RemotePath.isURI(file) ? " (Outlook files and pictures are read from local disk only)" : "")))
                continue
            }
            logger.debug("reading \(file) as \(reader.format.rawValue)")
            inputSummary.files += 1
            var batch = Batch(sequence: 0, source: file, items: [], checkpoint: start, begins: start, opened: reader.opened)
            var batchBytes = 0
            for item in reader {
                if delivery.isStopped { break reading }
                batchBytes += item.byteCount
                batch.items.append(item)
                if batch.items.count >= options.batchMessages || batchBytes >= options.batchBytes {
                    batch.checkpoint = reader.checkpoint
                    submit(&batch)
                    batch = Batch(sequence: 0, source: file, items: [], checkpoint: batch.checkpoint, opened: reader.opened)
                    batchBytes = 0
                }
            }
            inputSummary.bytesRead += reader.bytesRead
            let uncovered = UInt64(reader.trailingBytes)
            let ends = InputReport(
                path: file, format: reader.format.rawValue, bytesRead: reader.bytesRead, records: reader.records, uncoveredBytes: uncovered,
                checkpoint: reader.error == nil ? reader.checkpoint : batch.checkpoint ?? start, complete: reader.error == nil)
            inputSummary.inputs.append(ends)
            if reader.records == 0 && uncovered > 0 {
                if input.named { inputSummary.failedNamedInputs += 1 }
                batch.readerProblems.append(
                    ScanProblem(
                        kind: .unscanned, source: file, offset: 0,
                        reason: "read as \(reader.format.rawValue) but not one record found; nothing in it was scanned"))
            } else if uncovered > 0 {
                batch.readerProblems.append(
                    ScanProblem(
                        kind: .unscanned, source: file, offset: nil,
                        reason: "\(uncovered) bytes after the end of the JSON array belong to no record and were not scanned"))
            }
            if let error = reader.error {
                inputSummary.unreadableInputs += 1
                batch.readerProblems.append(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: error.reason))
            }
            // The last batch says the input was read to its end, even when it holds nothing.
            batch.endsInput = reader.error == nil
            batch.checkpoint = ends.checkpoint
            batch.ends = ends
            submit(&batch)
        }
        work.close()
        group.wait()
        let summary = delivery.finish(adding: inputSummary)
        // After the sinks have stored every batch: the planner checks what is now read.
        planner?.walked(walk.maildirFolders)
        return summary
    }

    /// Parses and scans one batch with this worker's scratch.
    func process(
        _ batch: Batch, detector: Detector, scratch: DetectionScratch, builder: EmailDocumentBuilder, posts: PostDocumentBuilder,
        profile: RuleProfile? = nil
    ) -> BatchResult {
        var summary = ScanSummary()
        var problems = [ScanProblem]()
        var incidents = [Incident]()
        var documents = [DocumentTally]()
        let limitHitsBefore = scratch.limitHits
        // Lists and a text buffer for the batch's posts, each document's handed back once its
        // incidents are made: allocated once a batch, not once a post.
        var postScratch = PostScratch()
        // This worker's own copy of the path every document and incident of the batch holds.
        let source = String.distinctCopy(of: batch.source)
        for item in batch.items {
            summary.messages += 1
            summary.bytes += UInt64(item.byteCount)
            var document: Document
            var warnings = [MessageWarning]()
            switch item {
            case .email(let raw):
                if let limit = raw.truncatedAt {
                    summary.truncatedMessages += 1
                    problems.append(
                        ScanProblem(
                            kind: .truncated, source: source, offset: raw.offset,
                            reason: "message longer than \(limit) bytes; only the first \(limit) bytes were scanned"))
                }
                do {
                    (document, warnings) = try builder.document(from: raw, source: source)
                } catch {
                    summary.corruptMessages += 1
                    problems.append(ScanProblem(kind: .corrupt, source: source, offset: raw.offset, reason: error.reason))
                    continue
                }
            case .post(let raw):
                do {
                    document = try posts.document(from: raw, source: source, reusing: &postScratch)
                    if document.units.isEmpty { summary.postsWithoutText += 1 }
                } catch {
                    summary.corruptMessages += 1
                    problems.append(ScanProblem(kind: .corrupt, source: source, offset: raw.offset, reason: error.description))
                    continue
                }
            case .picture(let bytes, let name):
                (document, warnings) = builder.document(
                    picture: bytes, name: name, source: source, platform: options.postFields.defaultPlatform)
            }
            for warning in warnings {
                if warning.isUnextracted {
                    summary.unextracted[warning.kind.rawValue, default: 0] += 1
                } else {
                    summary.truncatedMessages += 1
                }
                problems.append(
                    ScanProblem(
                        kind: warning.isUnextracted ? .unextracted : .truncated, source: source, offset: item.offset,
                        reason: warning.description))
            }
            let org = options.directory.organisation(of: document.author)
            documents.append(DocumentTally(org: org, platform: document.platform, timestamp: document.timestamp))
            let first = incidents.count
            detector.appendIncidents(in: document, org: org, scratch: scratch, profile: profile, to: &incidents)
            for index in first..<incidents.count {
                summary.record(rule: incidents[index].rule, category: incidents[index].category, severity: incidents[index].severity)
            }
            if case .post = item { postScratch.recycle(&document) }
        }
        summary.matchLimitHits = scratch.limitHits - limitHitsBefore
        summary.extractionSeconds = builder.takeExtractionSeconds()
        return BatchResult(batch: batch, incidents: incidents, documents: documents, summary: summary, problems: problems)
    }
}

extension ScanPipeline {
    /// The file's bytes when it is a picture (PNG, JPEG, GIF, BMP, TIFF, WebP by content) of at
    /// most `limit` bytes.
    static func picture(at path: String, limit: Int) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 16), ContentKind.magic(Array(head))?.isImage == true,
            let size = try? handle.seekToEnd(), size <= UInt64(limit)
        else { return nil }
        try? handle.seek(toOffset: 0)
        return (try? handle.readToEnd()).map { Array($0) }
    }
}

extension InputError {
    var reason: String { self.description }
}
