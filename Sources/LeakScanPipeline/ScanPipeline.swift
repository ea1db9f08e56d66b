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
    /// The bytes of its items (what a batch is cut by).
    var byteCount = 0
    /// For a container input: the member each run of its items was read from (empty otherwise).
    var members: [MemberSpan] = []
    /// What `fstat` said of the input when the reader opened it.
    var opened: FileStatus?
    /// Of an input read once as it came (``ScanBatch/isStream``).
    var isStream = false
}

/// Items of a batch read from one member of a container input, from `firstItem` on.
struct MemberSpan: Sendable {
    var firstItem: Int
    /// The member's path: prefixed to the items' locations, part of their identity; nil for a
    /// bare compressed stream (an `.mbox.xz`), whose one member is the input itself.
    var path: String?
}

/// What a worker made of a batch.
struct BatchResult: Sendable {
    var batch: Batch
    var incidents: [Incident]
    var documents: [DocumentTally]
    var summary: ScanSummary
    var problems: [ScanProblem]
    /// The sink's ``ScanSink/prepare(_:)`` of the incidents.
    var prepared: (any Sendable)?
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
        let delivery = OrderedDelivery(sink: sink, progress: progress, window: options.jobs * 4, workers: options.jobs)
        let recycled = RecycledBytes()
        let group = DispatchGroup()
        for index in 0..<options.jobs {
            let queue = DispatchQueue(label: "leakscan.worker.\(index)")
            queue.async(group: group) { [self] in
                // A worker that gets no batch builds nothing: a nightly scan of a few new files,
                // with a worker per core on a large server, compiled every rule once per core
                // (`--jobs 1000` on one post took 6.6 s and 1 GB).
                guard var batch = work.take() else { return }
                let detector = index == 0 ? self.detector : self.detector.replica()
                let scratch = detector.makeScratch(limits: options.matchLimits)
                let builder = EmailDocumentBuilder(limits: options.mimeLimits)
                // Made once per worker: making it per batch split its field names each time.
                let posts = PostDocumentBuilder(fields: options.postFields)
                let profile = options.ruleProfiles.map { _ in RuleProfile(rules: detector.ruleSet.rules.count) }
                let directory = index == 0 ? options.directory : options.directory.replica()
                while true {
                    var result = process(
                        &batch, detector: detector, scratch: scratch, builder: builder, posts: posts, directory: directory,
                        profile: profile, recycled: recycled)
                    // Here, not by whichever worker's turn it is to hand results to the sink:
                    // with two workers that one read (and counted references to) incidents
                    // the other had just made in its own core's cache.
                    result.prepared = delivery.prepare(result.incidents)
                    delivery.deliver(result, worker: index)
                    guard let following = work.take() else { break }
                    batch = following
                }
                if let profile { options.ruleProfiles?.add(profile) }
            }
        }

        let feed = BatchFeed(work: work, delivery: delivery, options: options)
        let walk = InputWalker.files(in: paths, planner: planner, ownFiles: options.ownFiles)
        var files = walk.files
        for index in files.indices where options.walked.contains(files[index].path) { files[index].named = false }
        feed.summary.skippedUnchanged += walk.unlistedMessages
        feed.summary.unlistedFolders += walk.unlistedFolders
        for problem in walk.problems {
            if problem.kind == .unrecognised { feed.summary.skippedInputs += 1 } else { feed.summary.unreadableInputs += 1 }
            feed.report(problem)
        }
        reading: for input in files {
            let file = input.path
            // A pipe has no place to resume from, nor a state to compare: read whole every time.
            if input.named, InputWalker.isStream(file) {
                guard scanStream(file, feed: feed) else { break reading }
                continue
            }
            let start: Checkpoint
            switch planner?.plan(file) ?? .scan(from: .start) {
            case .skip:
                feed.summary.skippedUnchanged += 1
                continue
            case .scan(let from):
                start = from
            }
            let reader: ArchiveReader
            do {
                reader = try ArchiveReader(
                    path: file, maxMessageBytes: options.maxMessageBytes, from: start, range: options.ranges[file],
                    expansion: options.expansion)
                reader.reuse(recycled)
            } catch {
                feed.summary.unreadableInputs += 1
                feed.report(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: error.reason))
                continue
            }
            // Outlook files are told by the first bytes the reader read (stores and messages
            // are read from local disk only).
            let isLocal = !RemotePath.isURI(file)
            let outlook = isLocal && !reader.isCompressed ? OutlookFile.kind(ofLeadingBytes: reader.leadingBytes) : nil
            if outlook == .store {
                // A store is read whole (its layout has no resume point); the state's
                // fingerprints keep a changed store's old incidents from being reported again.
                let store: OutlookStore
                do {
                    store = try OutlookStore(path: file)
                } catch {
                    feed.summary.unreadableInputs += 1
                    if input.named { feed.summary.failedNamedInputs += 1 }
                    feed.report(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: "Outlook store: \(error)"))
                    continue
                }
                feed.summary.files += 1
                var batch = Batch(sequence: 0, source: file, items: [], checkpoint: .start, begins: .start)
                var records = 0
                store.messages { message in
                    guard !feed.isStopped else { return }
                    var raw = RawMessage(offset: UInt64(message.identifier), envelope: [], bytes: message.bytes)
                    raw.folder = message.folder
                    records += 1
                    feed.add(.email(raw), to: &batch)
                }
                if feed.isStopped { break reading }
                let size = reader.opened?.size ?? 0
                feed.summary.corruptMessages += store.problems.count
                batch.readerProblems += store.problems.map { ScanProblem(kind: .corrupt, source: file, offset: nil, reason: $0) }
                feed.finishWhole(&batch, format: "outlook-store", records: records, bytesRead: size, size: size, complete: true)
                continue
            }
            if outlook == .compoundFile {
                // An Outlook .msg (one message) or a legacy Office document, read whole.
                guard let data = Self.contents(of: file, limit: options.maxMessageBytes) else {
                    feed.report(feed.notRead(file, .limit, "OLE2 compound file larger than \(options.maxMessageBytes) bytes; not read"))
                    continue
                }
                switch Self.compoundFile(data) {
                case .message(let raw):
                    feed.submitWhole(file, format: "outlook-msg", item: .email(raw), size: UInt64(data.count))
                case .document:
                    let item = RawItem.file(bytes: data, name: (file as NSString).lastPathComponent)
                    feed.submitWhole(file, format: "document", item: item, size: UInt64(data.count))
                case .failure(let failure):
                    feed.summary.unreadableInputs += 1
                    if input.named { feed.summary.failedNamedInputs += 1 }
                    feed.report(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: failure.reason))
                }
                continue
            }
            if isLocal, !reader.isCompressed, let kind = wholeFileKind(reader.leadingBytes) {
                // Media and files beside a social export, or any picture or document given.
                guard let contents = Self.contents(of: file, limit: options.maxMessageBytes) else {
                    feed.report(
                        feed.notRead(file, .limit, "\(Self.wholeFileFormat(kind)) larger than \(options.maxMessageBytes) bytes; not read"))
                    continue
                }
                let item = RawItem.file(bytes: contents, name: (file as NSString).lastPathComponent)
                feed.submitWhole(file, format: Self.wholeFileFormat(kind), item: item, size: UInt64(contents.count))
                continue
            }
            if isLocal, let container = Self.containerKind(of: reader) {
                // A social export as downloaded, a tar of a Maildir, a compressed mbox.
                feed.summary.files += 1
                guard scanContainer(file, kind: container, size: reader.opened?.size ?? 0, named: input.named, feed: feed) else {
                    break reading
                }
                continue
            }
            if reader.format == .unrecognised {
                feed.summary.skippedInputs += 1
                if input.named { feed.summary.failedNamedInputs += 1 }
                feed.report(
                    ScanProblem(
                        kind: .unrecognised, source: file, offset: nil,
                        reason: Self.unrecognised + "; skipped"
                            + (isLocal ? "" : " (Outlook files, pictures and containers are read from local disk only)")))
                continue
            }
            logger.debug("reading \(file) as \(reader.format.rawValue)")
            feed.summary.files += 1
            var batch = Batch(sequence: 0, source: file, items: [], checkpoint: start, begins: start, opened: reader.opened)
            for item in reader {
                if feed.isStopped { break reading }
                feed.add(item, to: &batch) { reader.checkpoint }
            }
            feed.summary.bytesRead += reader.bytesRead
            let uncovered = UInt64(reader.trailingBytes)
            let ends = InputReport(
                path: file, format: reader.format.rawValue, bytesRead: reader.bytesRead, records: reader.records, uncoveredBytes: uncovered,
                checkpoint: reader.error == nil ? reader.checkpoint : batch.checkpoint ?? start, complete: reader.error == nil)
            feed.summary.inputs.append(ends)
            if reader.records == 0 && uncovered > 0, input.named { feed.summary.failedNamedInputs += 1 }
            batch.readerProblems += feed.endProblems(of: reader, source: file)
            // The last batch says the input was read to its end, even when it holds nothing.
            batch.endsInput = reader.error == nil
            batch.checkpoint = ends.checkpoint
            batch.ends = ends
            feed.submit(&batch)
        }
        work.close()
        group.wait()
        var summary = delivery.finish(adding: feed.summary)
        summary.stoppedBySignal = options.stop?.signal
        // After the sinks have stored every batch: the planner checks what is now read.
        planner?.walked(walk.maildirFolders)
        return summary
    }

    /// Parses and scans one batch with this worker's scratch. Its items are taken out of it
    /// one by one, each let go of once scanned, here: iterated, each item (and each post in
    /// it) was copied, four counted references a post, and the result carried them all to
    /// whichever worker handed it to the sink, which freed memory this worker had just read.
    func process(
        _ batch: inout Batch, detector: Detector, scratch: DetectionScratch, builder: EmailDocumentBuilder, posts: PostDocumentBuilder,
        directory: OrganisationDirectory, profile: RuleProfile? = nil, recycled: RecycledBytes? = nil
    ) -> BatchResult {
        var summary = ScanSummary()
        var problems = [ScanProblem]()
        // Room for what a batch of real posts makes: 1.7 incidents a post on average, yet more
        // than two a post in three batches of the OLID and Davidson posts in five, and more
        // than three in one in 250. Grown from empty by appends, the list was copied about
        // nine times a batch; from room for two a post, once in most batches.
        var incidents = [Incident]()
        var items = [RawItem]()
        swap(&items, &batch.items)
        incidents.reserveCapacity(3 * items.count)
        var documents = [DocumentTally]()
        documents.reserveCapacity(items.count)
        var tally = IncidentTally()
        let limitHitsBefore = scratch.limitHits
        // Lists and a text buffer for the batch's posts, each document's handed back once its
        // incidents are made: allocated once a batch, not once a post.
        var postScratch = PostScratch()
        // JSON posts' byte arrays, emptied and handed back to the reader with the batch's end.
        var returned = [[UInt8]]()
        // This worker's own copy of the path every document and incident of the batch holds.
        let source = String.distinctCopy(of: batch.source)
        // The member of a container the item is read from: its offsets count that member's bytes.
        var span = -1
        var member: String?
        for index in items.indices {
            // Moved out (`swap` moves; a copy retained the item's references), an empty
            // item left in its place.
            var item = RawItem.file(bytes: [], name: "")
            swap(&item, &items[index])
            if span + 1 < batch.members.count, batch.members[span + 1].firstItem == index {
                span += 1
                member = batch.members[span].path
            }
            /// What a problem with the item names.
            func place() -> String { member.map { source + "/" + $0 } ?? source }
            /// Reports a message or page cut at the size limit (scanned up to it).
            func reportCut(_ raw: RawMessage, _ what: String) {
                guard
                    let reason = raw.cutReason
                        ?? raw.truncatedAt.map({ "\(what) longer than \($0) bytes; only the first \($0) bytes were scanned" })
                else { return }
                summary.truncatedMessages += 1
                problems.append(ScanProblem(kind: .truncated, source: place(), offset: raw.offset, reason: reason))
            }
            summary.messages += 1
            summary.bytes += UInt64(item.byteCount)
            let offset = item.offset
            let (isPost, isFile) =
                switch item {
                case .post: (true, false)
                case .file: (false, true)
                case .email, .page: (false, false)
                }
            var document: Document
            var warnings = [MessageWarning]()
            switch consume item {
            case .email(let raw):
                reportCut(raw, "message")
                do {
                    (document, warnings) = try builder.document(from: raw, source: source)
                } catch {
                    summary.corruptMessages += 1
                    problems.append(ScanProblem(kind: .corrupt, source: place(), offset: raw.offset, reason: error.reason))
                    continue
                }
            case .post(var raw):
                if let reason = raw.cutReason {
                    summary.truncatedMessages += 1
                    problems.append(ScanProblem(kind: .truncated, source: place(), offset: raw.offset, reason: reason))
                }
                var isEncodedData = false
                if case .encoded(let encoding, let bytes) = raw.body {
                    let (decoded, name): ([UInt8], String) =
                        switch encoding {
                        case .base64: (TransferDecoding.base64(bytes), (place() as NSString).lastPathComponent)
                        case .uuencode(let name): (TransferDecoding.uudecode(bytes), name)
                        }
                    if !decoded.isEmpty, ContentKind.of(decoded) != .binary {
                        // A text that encodes a file: the file, read as an attachment is.
                        (document, warnings) = builder.document(
                            file: decoded, name: name, source: source, platform: options.postFields.defaultPlatform)
                        document.offset = raw.offset
                        break
                    }
                    // Base64 characters that decode to no file LeakScan knows (a list of keys,
                    // an encrypted blob) are matched as text, not judged as what a person wrote.
                    raw.body = .text(bytes)
                    isEncodedData = true
                }
                do {
                    document = try posts.document(from: raw, source: source, reusing: &postScratch)
                    if recycled != nil, case .json(let bytes) = raw.body {
                        raw.body = .text([])  // the array is then this worker's alone, and can be emptied in place
                        returned.append(bytes)
                    }
                    for file in postScratch.takeFiles() {
                        let read = builder.units(ofFile: file.bytes, name: file.name, location: file.location)
                        document.units += read.units
                        warnings += read.warnings
                    }
                    if isEncodedData { for index in document.units.indices { document.units[index].authorship = .encodedData } }
                    if document.units.isEmpty && !document.isListing { summary.postsWithoutText += 1 }
                } catch {
                    summary.corruptMessages += 1
                    problems.append(ScanProblem(kind: .corrupt, source: place(), offset: raw.offset, reason: error.description))
                    continue
                }
            case .page(let page):
                reportCut(page, "page")
                (document, warnings) = builder.document(page: page, source: source, platform: options.postFields.defaultPlatform)
            case .file(let bytes, let name):
                (document, warnings) = builder.document(file: bytes, name: name, source: source, platform: options.postFields.filePlatform)
            }
            for warning in warnings {
                if warning.isUnextracted {
                    summary.unextracted[warning.kind.rawValue, default: 0] += 1
                } else {
                    summary.truncatedMessages += 1
                }
                problems.append(
                    ScanProblem(
                        kind: warning.isUnextracted ? .unextracted : .truncated, source: place(), offset: offset,
                        reason: warning.description))
            }
            if let member {
                document.member = member
                // A file read whole is named by its member path already.
                if !isFile {
                    for unit in document.units.indices { document.units[unit].location = member + "/" + document.units[unit].location }
                }
            }
            let org = directory.organisation(of: document.author)
            documents.append(DocumentTally(org: org, platform: document.platform, timestamp: document.timestamp))
            let first = incidents.count
            detector.appendIncidents(in: document, org: org, scratch: scratch, profile: profile, to: &incidents)
            tally.count(incidents[first...])
            if isPost { postScratch.recycle(&document) }
        }
        for entry in tally.entries {
            summary.record(rule: entry.rule, category: entry.category, severity: entry.severity, count: entry.count)
        }
        summary.matchLimitHits = scratch.limitHits - limitHitsBefore
        summary.extractionSeconds = builder.takeExtractionSeconds()
        recycled?.giveBack(&returned)
        return BatchResult(batch: batch, incidents: incidents, documents: documents, summary: summary, problems: problems)
    }
}

extension ScanPipeline {
    /// The file's bytes when it holds at most `limit` bytes.
    static func contents(of path: String, limit: Int) -> [UInt8]? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let size = try? handle.seekToEnd(), size <= UInt64(limit) else { return nil }
        try? handle.seek(toOffset: 0)
        return (try? handle.readToEnd()).map { Array($0) }
    }

    /// The kind of a file read whole as a record of its own (``ContentKind/wholeFile(_:)``):
    /// pictures only while pictures are read (not with `--no-images`).
    func wholeFileKind(_ leadingBytes: [UInt8]) -> ContentKind? {
        guard let kind = ContentKind.wholeFile(leadingBytes), !kind.isImage || options.mimeLimits.images != nil else { return nil }
        return kind
    }

    /// How a file read whole is named in the input's summary line.
    static func wholeFileFormat(_ kind: ContentKind) -> String { kind.isImage ? "picture" : "document" }

    /// What an input in no format LeakScan reads is not.
    static let unrecognised =
        "not text (mail, JSON, CSV, a chat, a web page, notes, a log) and not a picture, a PDF or Office document or a container"

    /// Why a file or member could not be read as a record.
    struct ReadFailure: Error {
        var reason: String
    }

    /// What an OLE2 compound file's bytes hold. A document is only told, not read: a worker
    /// reads it, as it reads the same file attached.
    static func compoundFile(_ bytes: [UInt8]) -> CompoundFileContent {
        switch OutlookMessageFile.message(in: bytes) {
        case .success(let message?): .message(RawMessage(offset: 0, envelope: [], bytes: message))
        case .success(nil): .document
        case .failure(let damage):
            .failure(ReadFailure(reason: "damaged OLE2 compound file (Outlook message or legacy Office): \(damage.reason)"))
        }
    }

    /// What an OLE2 compound file holds: an Outlook message, read as mail; or a legacy Office
    /// document, read whole as the same file attached is (a Word document's or an Excel
    /// workbook's or a presentation's text; an older or encrypted one reported as not read).
    enum CompoundFileContent {
        case message(RawMessage)
        case document
        case failure(ReadFailure)
    }
}
