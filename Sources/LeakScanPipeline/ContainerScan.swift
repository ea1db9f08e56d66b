import LeakScanCore
import LeakScanExtract
import LeakScanFraming
import LeakScanMIME
import LeakScanOutlook

extension ScanPipeline {
    /// The kind of container an input is, from its first bytes after gzip: a zip, tar, 7z or
    /// rar (a tar inside gzip, bzip2 or xz included), or a bare bzip2 or xz stream (an
    /// `.mbox.xz`); nil for anything else. Gzip is not a container here: the framing inflates it
    /// and reads what it holds, unless that is a tar.
    static func containerKind(of reader: ArchiveReader) -> ContentKind? {
        guard let kind = ContentKind.magic(reader.leadingBytes), kind.isContainer, kind != .gzip else { return nil }
        return kind
    }

    /// Reads a container input — a social export as downloaded, a tar of a Maildir, a
    /// compressed mbox — member by member, each member read as the same file outside it would
    /// be (mail, posts, a chat, an Outlook `.msg`, a picture) and streamed, never held whole.
    /// Records' locations start with the member's path; problems name `container/member`.
    ///
    /// A container is read whole each time, as an Outlook store is: it has no resume point, and
    /// with `--state` the stored fingerprints keep a changed container's known incidents from
    /// being reported again.
    ///
    /// - Returns: false when the scan stopped.
    func scanContainer(_ file: String, kind: ContentKind, size: UInt64, named: Bool, feed: BatchFeed) -> Bool {
        let container: ContainerInput
        do {
            container = try ContainerInput(path: file, kind: kind, expansion: options.expansion)
        } catch {
            feed.summary.unreadableInputs += 1
            if named { feed.summary.failedNamedInputs += 1 }
            feed.report(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: "\(kind.rawValue) archive: \(error.reason)"))
            return true
        }
        var scan = ContainerTally(batch: Batch(sequence: 0, source: file, items: [], checkpoint: .start, begins: .start))
        scanMembers(of: container, kind: kind, in: file, within: nil, depth: 1, into: &scan, feed: feed)
        if feed.isStopped { return false }
        if scan.records == 0, named { feed.summary.failedNamedInputs += 1 }
        feed.finishWhole(
            &scan.batch, format: kind.rawValue, records: scan.records, bytesRead: scan.bytesRead, uncoveredBytes: scan.uncoveredBytes,
            size: size, complete: scan.complete)
        return true
    }

    /// Reads a named input that is a pipe, a socket or a terminal (`leakscan scan <(zcat
    /// mail.gz)`, `… | leakscan scan -`) once, front to back, as a container's member is read:
    /// its first bytes say what it is, and text is streamed (inflated on the way when it is
    /// gzip), a document, picture or container held in memory up to the message limit. Opened
    /// as a file, its first bytes were read to tell what it is and then looked for again where
    /// they no longer were: a gzip stream gave no record and no error, a document was "larger
    /// than 67108864 bytes".
    ///
    /// - Returns: false when the scan stopped.
    func scanStream(_ file: String, feed: BatchFeed) -> Bool {
        var scan = ContainerTally(batch: Batch(sequence: 0, source: file, items: [], checkpoint: .start, begins: .start, isStream: true))
        let skipped = feed.summary.skippedInputs
        var held: String?
        do {
            let bytes = LookaheadSource(try openStream(path: file))
            held = try scanMember(declaredSize: nil, at: nil, in: file, source: file, bytes: bytes, depth: 0, into: &scan, feed: feed)
        } catch {
            scan.complete = false
            feed.summary.unreadableInputs += 1
            scan.batch.readerProblems.append(ScanProblem(kind: .unreadable, source: file, offset: nil, reason: error.reason))
        }
        if feed.isStopped { return false }
        // What it held was in no format LeakScan reads: a named input that could not be scanned.
        if feed.summary.skippedInputs > skipped { feed.summary.failedNamedInputs += 1 }
        feed.summary.files += 1
        feed.finishWhole(
            &scan.batch, format: held.map { "\($0) (stream)" } ?? "stream", records: scan.records, bytesRead: scan.bytesRead,
            uncoveredBytes: scan.uncoveredBytes,
            size: scan.bytesRead, complete: scan.complete)
        return true
    }

    /// The most containers read one inside another, as for attachments.
    static let maxContainerDepth = 6

    /// Reads every member of `container`, which is the input `file` itself or, `within` it, the
    /// member at that path (a container inside a container, `depth` deep).
    private func scanMembers(
        of container: ContainerInput, kind: ContentKind, in file: String, within: String?, depth: Int, into scan: inout ContainerTally,
        feed: BatchFeed
    ) {
        let containerSource = within.map { file + "/" + $0 } ?? file
        while true {
            let member: ContainerInput.Member
            do {
                guard let next = try container.nextMember() else { return }
                member = next
            } catch {
                scan.complete = false
                feed.summary.unreadableInputs += 1
                // The expansion limit says so itself.
                let reason =
                    error.kind == .limit
                    ? "\(kind.rawValue) archive: \(error.reason)"
                    : "\(kind.rawValue) archive damaged: \(error.reason); no member after this point was read"
                scan.batch.readerProblems.append(ScanProblem(kind: .unreadable, source: containerSource, offset: nil, reason: reason))
                return
            }
            // A bare compressed stream's one member is the stream itself.
            let place = member.isBareStream ? within : within.map { $0 + "/" + member.name } ?? member.name
            let source = place.map { file + "/" + $0 } ?? file
            if member.isEncrypted {
                scan.notRead(source, .encrypted, "password-protected member", feed: feed)
                continue
            }
            let bytes = LookaheadSource(ContainerMemberBytes(container, path: source))
            do {
                try scanMember(
                    declaredSize: member.declaredSize, at: place, in: file, source: source, bytes: bytes, depth: depth, into: &scan,
                    feed: feed)
            } catch {
                scan.complete = false
                feed.summary.unreadableInputs += 1
                scan.batch.readerProblems.append(ScanProblem(kind: .unreadable, source: source, offset: nil, reason: error.reason))
            }
            if feed.isStopped { return }
        }
    }

    /// Reads one member, at `place` inside the input `file` (`source` names both, for
    /// problems), into the container's batches; `declaredSize` is its size as its container
    /// states it. Throws when its bytes cannot be read.
    /// - Returns: what the member was read as (a stream's summary line says it), or nil when it
    ///   was not read.
    @discardableResult
    private func scanMember(
        declaredSize: Int?, at place: String?, in file: String, source: String, bytes: LookaheadSource, depth: Int,
        into scan: inout ContainerTally, feed: BatchFeed
    ) throws(InputError) -> String? {
        let head = try bytes.peek(512)
        // An empty file holds nothing to scan, and nothing is lost by passing over it.
        if head.isEmpty { return nil }
        func readWhole(_ what: String) throws(InputError) -> [UInt8]? {
            guard let whole = try bytes.readAll(limit: options.maxMessageBytes) else {
                scan.notRead(source, .limit, "\(what) larger than \(options.maxMessageBytes) bytes; not read", feed: feed)
                return nil
            }
            return whole
        }
        if let outlook = OutlookFile.kind(ofLeadingBytes: head) {
            guard outlook == .compoundFile else {
                // A store is read by seeking to its pages. A pipe is the whole input, so it is
                // one that could not be scanned at all; in a container it is a member not read.
                guard depth > 0 else {
                    throw InputError(path: source, reason: "an Outlook store cannot be read from a pipe: save it to a file, then scan that")
                }
                scan.notRead(source, .unsupported, "an Outlook store inside a container is not read: extract it, then scan it", feed: feed)
                return nil
            }
            guard let whole = try readWhole("OLE2 compound file") else { return nil }
            scan.bytesRead += UInt64(whole.count)
            switch Self.compoundFile(whole) {
            case .message(let message):
                scan.records += 1
                scan.add(RawItem.email(message), in: place, feed: feed)
                return "outlook-msg"
            case .document:
                scan.records += 1
                scan.add(.file(bytes: whole, name: place ?? file), in: place, feed: feed)
                return "document"
            case .failure(let failure):
                scan.notRead(source, .unsupported, failure.reason, feed: feed)
                return nil
            }
        }
        if let whole = wholeFileKind(head) {
            let format = Self.wholeFileFormat(whole)
            guard let contents = try readWhole(format) else { return nil }
            scan.bytesRead += UInt64(contents.count)
            scan.records += 1
            scan.add(.file(bytes: contents, name: place ?? file), in: place, feed: feed)
            return format
        }
        let kind = ContentKind.magic(head)
        // A container inside: held in memory (up to the message limit) and read the same way.
        // A gzip stream too large to hold is read below as the text it inflates to.
        if let inner = kind, inner.isContainer, inner != .gzip || (declaredSize ?? .max) <= options.maxMessageBytes {
            guard depth < Self.maxContainerDepth else {
                scan.notRead(source, .limit, "containers nested deeper than \(Self.maxContainerDepth) are not read", feed: feed)
                return nil
            }
            guard let whole = try readWhole("a \(inner.rawValue) archive inside a container") else { return nil }
            do {
                let nested = try ContainerInput(bytes: whole, name: place ?? file, kind: inner, expansion: options.expansion)
                scanMembers(of: nested, kind: inner, in: file, within: place, depth: depth + 1, into: &scan, feed: feed)
            } catch {
                scan.notRead(source, error.kind, "\(inner.rawValue) archive: \(error.reason)", feed: feed)
                return nil
            }
            return inner.rawValue
        }
        let reader = try ArchiveReader(
            path: source, member: bytes, maxMessageBytes: options.maxMessageBytes, expansion: options.expansion)
        if let inner = Self.containerKind(of: reader) {
            scan.notRead(
                source, .limit,
                "a \(inner.rawValue) archive inside a container, compressed, of more than \(options.maxMessageBytes) bytes or of a size not stated: extract it",
                feed: feed)
            return nil
        }
        guard reader.format != .unrecognised else {
            feed.summary.skippedInputs += 1
            scan.batch.readerProblems.append(
                ScanProblem(kind: .unrecognised, source: source, offset: nil, reason: Self.unrecognised + "; skipped"))
            return nil
        }
        for item in reader {
            if feed.isStopped { return nil }
            scan.add(item, in: place, feed: feed)
        }
        scan.records += reader.records
        scan.bytesRead += reader.bytesRead
        scan.uncoveredBytes += UInt64(reader.trailingBytes)
        if reader.error != nil { scan.complete = false }
        scan.batch.readerProblems += feed.endProblems(of: reader, source: source)
        return reader.format.rawValue
    }
}

/// What reading a container input has come to so far.
struct ContainerTally {
    /// The batch being filled (members share batches: an export holds many small files).
    var batch: Batch
    var records = 0
    var bytesRead: UInt64 = 0
    var uncoveredBytes: UInt64 = 0
    /// Whether every member was read to its end; else the next scan reads it all again.
    var complete = true

    /// Adds a record read from the member at `place` (nil: a bare compressed stream).
    mutating func add(_ item: consuming RawItem, in place: String?, feed: BatchFeed) {
        // A batch begins with its member named; a new member starts a new span.
        if batch.members.isEmpty || batch.members.last?.path != place {
            batch.members.append(MemberSpan(firstItem: batch.items.count, path: place))
        }
        feed.add(item, to: &batch)
    }

    /// Reports a member that is not read, counted with the attachments not read (by reason).
    mutating func notRead(_ source: String, _ kind: ExtractionProblem.Kind, _ reason: String, feed: BatchFeed) {
        batch.readerProblems.append(feed.notRead(source, kind, reason))
    }
}

/// A container member's or a stream's bytes as the framing reads them, its first bytes read
/// ahead to tell what it is.
final class LookaheadSource: ByteSource {
    private let source: ByteSource
    private var ahead = [UInt8]()

    init(_ source: ByteSource) {
        self.source = source
    }

    /// At least the first `count` bytes (fewer when the member is shorter), kept to be read.
    func peek(_ count: Int) throws(InputError) -> [UInt8] {
        while ahead.count < count {
            let chunk = try next(64 << 10)
            if chunk.isEmpty { break }
            ahead += chunk
        }
        return ahead
    }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        guard ahead.isEmpty else {
            let chunk = ahead
            ahead = []
            return chunk
        }
        return try next(maxCount)
    }

    /// The rest of the member, or nil when it is longer than `limit` bytes.
    func readAll(limit: Int) throws(InputError) -> [UInt8]? {
        var bytes = try read(maxCount: 64 << 10)
        while bytes.count <= limit {
            let chunk = try next(64 << 10)
            if chunk.isEmpty { return bytes }
            bytes += chunk
        }
        return nil
    }

    private func next(_ count: Int) throws(InputError) -> [UInt8] { try source.read(maxCount: count) }
}

/// The current member's bytes of a container.
final class ContainerMemberBytes: ByteSource {
    private let container: ContainerInput
    private let path: String

    init(_ container: ContainerInput, path: String) {
        self.container = container
        self.path = path
    }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        do {
            return try container.read(maxCount: maxCount)
        } catch {
            throw InputError(path: path, reason: error.reason)
        }
    }
}
