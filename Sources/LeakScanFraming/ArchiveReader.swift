import Foundation
import LeakScanCore

/// Reads records from one input of any supported format, and says where a later scan can pick
/// up (``checkpoint``).
public final class ArchiveReader: IteratorProtocol, Sequence {
    public let path: String
    public let format: InputFormat
    /// The input's first 512 bytes (fewer when it is shorter), after gzip is inflated; empty for
    /// UTF-16 text. What an Outlook file (when not ``isCompressed``) and a container (a zip, or a
    /// tar inside gzip) are told by.
    public let leadingBytes: [UInt8]
    /// Whether the input is gzip-compressed.
    public var isCompressed: Bool { kind == .gzip }
    /// What `fstat` said of the file when it was opened; nil for a URI.
    public let opened: FileStatus?
    let lines: LineReader
    let kind: ByteSourceKind
    let makeNext: (ArchiveReader) -> RawItem?
    /// Kept for its error (a JSON array that ends early) and the bytes after its end.
    private var jsonArray: JSONArrayReader?
    /// Kept to be given the arrays the workers hand back (``reuse(_:)``).
    private var jsonLines: JSONLinesReader?
    /// Kept for whether its last paragraph was closed by a blank line.
    private var plainText: PlainTextReader?
    /// The last record returned: where it starts and where the next one may start.
    private var lastRecord: (offset: UInt64, end: UInt64)?
    private let startOffset: UInt64
    /// A work unit's byte range: only records that begin inside it are returned.
    public let range: Range<UInt64>?
    private var pastRange = false
    /// The file's size, for a ranged read's share of it.
    private var fileSize: UInt64 = 0
    /// Records returned so far.
    public private(set) var records = 0

    /// Opens `path` (inflating gzip, transcoding UTF-16) and detects its format from its first
    /// bytes; with `checkpoint`, continues where an earlier scan stopped.
    ///
    /// With `range` (a work unit of a plain mbox or JSON Lines file, see ``isSplittable``), it
    /// returns exactly the records that begin inside the range, as Hadoop's line input format
    /// does with lines: reading starts at the first record that begins at or after the range's
    /// start (a separator decided as a whole-file read decides it, from the line before and
    /// the line itself) and ends with the record that crosses the range's end. Consecutive
    /// ranges covering a file therefore frame every record once, at the offsets a whole-file
    /// read gives it.
    ///
    /// A gzip input that inflates past `expansion` ends there with an error (``error``).
    public convenience init(
        path: String, maxMessageBytes: Int = 64 << 20, from checkpoint: Checkpoint = .start, range: Range<UInt64>? = nil,
        expansion: ExpansionLimit = .inputs
    ) throws(InputError) {
        let (source, kind, opened) = try openByteSource(path: path, expansion: expansion)
        try self.init(
            path: path, source: source, kind: kind, opened: opened, maxMessageBytes: maxMessageBytes, from: checkpoint, range: range,
            expansion: expansion)
    }

    /// Reads the records of one member of a container input, named `path` (the container's
    /// path and the member's, for errors), from `member`'s bytes: gzip inside is inflated and
    /// UTF-16 transcoded as for a file. Read whole, from its start.
    public convenience init(
        path: String, member: ByteSource, maxMessageBytes: Int = 64 << 20, expansion: ExpansionLimit = .inputs
    ) throws(InputError) {
        let (source, kind) = try decodedStream(member, path: path, expansion: expansion)
        try self.init(
            path: path, source: source, kind: kind, opened: nil, maxMessageBytes: maxMessageBytes, from: .start, range: nil,
            expansion: expansion)
    }

    private init(
        path: String, source: ByteSource, kind: ByteSourceKind, opened: FileStatus?, maxMessageBytes: Int, from checkpoint: Checkpoint,
        range: Range<UInt64>?, expansion: ExpansionLimit
    ) throws(InputError) {
        self.path = path
        self.range = range
        if range != nil {
            fileSize = FileByteSource.size(of: path) ?? 0
        }
        self.kind = kind
        self.opened = opened
        let head = LineReader(source: source)
        leadingBytes = kind == .utf16 ? [] : Array(head.peekPrefix(512))
        let limit = Swift.max(4096, maxMessageBytes)
        format = InputFormat.detect(head.peekPrefix(4096), path: path) { head.peekPrefix(Swift.min($0, limit)) }
        // A page or an Apple Mail file is one record: a changed one is read whole again (its
        // known incidents keep their fingerprints, so none is reported twice).
        let checkpoint = format == .html || format == .appleMail ? .start : checkpoint
        // A UTF-8 byte-order mark is not part of the first record.
        if head.peekPrefix(3).starts(with: [0xEF, 0xBB, 0xBF]) { head.skip(to: 3) }
        // A CSV header and a tweets.js prefix are read from the start even when resuming.
        let csvHeader = format == .csv ? CSVReader(lines: head).readHeader() : nil
        let platform = format == .jsonArray ? JSONArrayReader.platform(of: head.peekPrefix(64)) : nil
        let isWrapper = format == .jsonArray && JSONArrayReader.isWrapper(head.peekPrefix(4096))
        // A chat's date order, and whether text is read by line, are read from the start even when resuming.
        let dayFirst = format == .whatsAppChat ? WhatsAppChatReader.dayFirst(in: head.peekPrefix(64 << 10)) : true
        let byLine = format == .text && PlainTextReader.isLineOriented(head.peekPrefix(64 << 10))
        var afterBlankLine = true
        if let range, range.lowerBound > 0 {
            guard Self.splittable(kind: kind, format: format, head: head) else {
                throw InputError(path: path, reason: "a byte range needs a plain (uncompressed) mbox or JSON Lines file")
            }
            let context = try Self.lineStart(path: path, atOrAfter: range.lowerBound)
            afterBlankLine = context.afterBlankLine
            startOffset = context.offset
            lines = LineReader(
                source: try openByteSource(path: path, fileOffset: context.offset, expansion: expansion).source, startOffset: context.offset
            )
        } else if checkpoint.offset <= head.consumedOffset {
            startOffset = head.consumedOffset
            lines = head
        } else if let fileOffset = checkpoint.fileOffset, kind != .utf16 {
            startOffset = checkpoint.offset
            // A plain file is opened a byte early, to tell whether the checkpoint starts a line.
            let back: UInt64 = kind == .plain && fileOffset > 0 ? 1 : 0
            lines = LineReader(
                source: try openByteSource(path: path, fileOffset: fileOffset - back, expansion: expansion).source,
                startOffset: checkpoint.offset - back)
            lines.resume(at: checkpoint.offset, lookedBack: back)
        } else {
            startOffset = checkpoint.offset
            lines = head
            lines.resume(at: checkpoint.offset)
        }
        switch format {
        case .mail:
            let reader = MboxReader(path: path, lines: lines, maxMessageBytes: maxMessageBytes)
            if let range, range.lowerBound > 0 {
                // Mid-file: lines before the first separator belong to the previous range.
                reader.started = true
                reader.previousLineBlank = afterBlankLine
            }
            makeNext = { _ in reader.next().map(RawItem.email) }
        case .appleMail:
            let reader = AppleMailReader(lines: lines, maxMessageBytes: maxMessageBytes)
            makeNext = { _ in reader.next().map(RawItem.email) }
        case .jsonArray:
            let reader = JSONArrayReader(
                lines: lines, maxElementBytes: maxMessageBytes, platform: platform, isWrapper: isWrapper, insideArray: checkpoint.offset > 0
            )
            jsonArray = reader
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .jsonLines:
            let reader = JSONLinesReader(lines: lines, maxRecordBytes: maxMessageBytes)
            jsonLines = reader
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .csv:
            let reader = CSVReader(lines: lines, header: csvHeader, maxRecordBytes: maxMessageBytes)
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .whatsAppChat:
            let reader = WhatsAppChatReader(lines: lines, maxMessageBytes: maxMessageBytes, dayFirst: dayFirst)
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .text:
            let reader = PlainTextReader(lines: lines, byLine: byLine, maxBytes: maxMessageBytes)
            plainText = reader
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .html:
            // A page never starts with `From `: the mbox reader frames it as it frames an
            // `.eml`, one record of the whole file, cut at the message limit.
            let reader = MboxReader(path: path, lines: lines, maxMessageBytes: maxMessageBytes)
            makeNext = { _ in reader.next().map(RawItem.page) }
        case .unrecognised:
            makeNext = { _ in nil }
        }
    }

    /// Reads JSON Lines posts into the arrays `recycled` holds (``RecycledBytes``); other
    /// formats allocate their records as before.
    public func reuse(_ recycled: RecycledBytes) {
        jsonLines?.recycled = recycled
    }

    public func next() -> RawItem? {
        guard !pastRange, let item = makeNext(self) else { return nil }
        if let range, item.offset >= range.upperBound {
            pastRange = true
            return nil
        }
        records += 1
        lastRecord = (item.offset, item.endOffset)
        return item
    }

    /// A read or decompression error that ended the input early, if any.
    public var error: InputError? {
        // The array reader does not know the file's path; the error names it, as the others do.
        lines.error ?? jsonArray?.error.map { InputError(path: path, reason: $0.reason) }
    }

    /// Where a later scan can pick up: just past the last record returned, or, once the input
    /// has been read to its end, past everything read. A last record that does not end with a
    /// line feed is read again next time (text appended to it continues its last line, and must
    /// be framed as a full scan would frame it).
    public var checkpoint: Checkpoint {
        let atEnd = lines.isExhausted
        var offset = atEnd ? lines.consumedOffset : lastRecord?.end ?? startOffset
        if jsonArray?.readNestedRecords == true {
            // Resuming would need the path down to the array as well as the offset.
            return .start
        } else if format == .jsonArray {
            // Appending to an array rewrites its closing bracket: resume after the last element.
            offset = lastRecord?.end ?? startOffset
        } else if atEnd, !lines.endsWithNewline || plainText?.lastRecordIsClosed == false, let last = lastRecord, last.end == offset {
            // Text appended would continue the last line, or the last paragraph.
            offset = last.offset
        }
        return Checkpoint(offset: offset, fileOffset: fileOffset(for: offset, atEnd: atEnd))
    }

    private func fileOffset(for offset: UInt64, atEnd: Bool) -> UInt64? {
        switch kind {
        case .plain: return offset
        case .utf16: return nil
        case .gzip:
            // Only the end of the last member read maps to a place in the file.
            guard atEnd, offset == lines.consumedOffset, let gzip = lines.source as? GzipByteSource, gzip.atMemberEnd else {
                return nil
            }
            return gzip.compressedConsumed
        }
    }

    /// Whether the file can be split into byte ranges: a plain mbox (that starts with a `From `
    /// line) or JSON Lines file. Compressed, UTF-16 and other inputs are read whole.
    public static func isSplittable(path: String) -> Bool {
        guard let reader = try? ArchiveReader(path: path, maxMessageBytes: 1 << 20) else { return false }
        return splittable(kind: reader.kind, format: reader.format, head: reader.lines)
    }

    /// A mail input that does not start with `From ` is one message (an .eml), not an mbox.
    static func splittable(kind: ByteSourceKind, format: InputFormat, head: LineReader) -> Bool {
        kind == .plain && (format == .jsonLines || (format == .mail && head.peekPrefix(5).elementsEqual(MboxReader.fromPrefix)))
    }

    /// The first line start at or after `offset`, and whether the line before it is blank (what
    /// an mbox separator there depends on). Reads back only as far as that line's start.
    static func lineStart(path: String, atOrAfter offset: UInt64) throws(InputError) -> (offset: UInt64, afterBlankLine: Bool) {
        let file = try FileByteSource(path: path)
        func bytes(_ range: Range<UInt64>) throws(InputError) -> [UInt8] {
            file.seek(to: range.lowerBound)
            return try file.read(maxCount: Int(range.count))
        }
        // Forward from offset - 1 to just past the next line feed.
        var start = offset - 1
        while true {
            let chunk = try bytes(start..<(start + 4096))
            if let newline = chunk.firstIndex(of: 0x0A) {
                start += UInt64(newline) + 1
                break
            }
            if chunk.count < 4096 { return (start + UInt64(chunk.count), false) }
            start += 4096
        }
        // Back from the line feed that ends the previous line to the one before it.
        var end = start - 1
        var blank = true
        while end > 0 {
            let from = end >= 256 ? end - 256 : 0
            let chunk = try bytes(from..<end)
            for byte in chunk.reversed() {
                if byte == 0x0A { return (start, blank) }
                if byte != 0x0D { blank = false }
            }
            if !blank { return (start, false) }
            end = from
        }
        return (start, blank)
    }

    /// The size of a local file or of a file on a Hadoop filesystem (a URI); nil when it
    /// cannot be found.
    public static func fileSize(of path: String) -> UInt64? { FileByteSource.size(of: path) }

    /// Bytes read from the input so far (after decompression). A ranged read counts its range
    /// (within the file), not what it read past the range's end to finish the last record, so
    /// the ranges of a file add up to the file.
    public var bytesRead: UInt64 {
        guard let range else { return lines.bytesRead }
        return Swift.min(range.upperBound, fileSize) - Swift.min(range.lowerBound, fileSize)
    }

    /// Non-blank bytes after the end of a JSON array (or of an input that holds none): text
    /// that no record covers.
    public var trailingBytes: Int { jsonArray?.trailingBytes ?? 0 }
}
