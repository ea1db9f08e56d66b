import Foundation
import LeakScanCore

/// Reads records from one input of any supported format, and says where a later scan can pick
/// up (``checkpoint``).
public final class ArchiveReader: IteratorProtocol, Sequence {
    public let path: String
    public let format: InputFormat
    let lines: LineReader
    let kind: ByteSourceKind
    let makeNext: (ArchiveReader) -> RawItem?
    /// Kept for its error (a JSON array that ends early) and the bytes after its end.
    private var jsonArray: JSONArrayReader?
    /// The last record returned: where it starts and where the next one may start.
    private var lastRecord: (offset: UInt64, end: UInt64)?
    private let startOffset: UInt64
    /// Records returned so far.
    public private(set) var records = 0

    /// Opens `path` (inflating gzip, transcoding UTF-16) and detects its format from its first
    /// bytes; with `checkpoint`, continues where an earlier scan stopped.
    public init(path: String, maxMessageBytes: Int = 64 << 20, from checkpoint: Checkpoint = .start) throws(InputError) {
        self.path = path
        let (source, kind) = try openByteSource(path: path)
        self.kind = kind
        let head = LineReader(source: source)
        let limit = Swift.max(4096, maxMessageBytes)
        format = InputFormat.detect(head.peekPrefix(4096), path: path) { head.peekPrefix(Swift.min($0, limit)) }
        // A UTF-8 byte-order mark is not part of the first record.
        if head.peekPrefix(3).starts(with: [0xEF, 0xBB, 0xBF]) { head.skip(to: 3) }
        // A CSV header and a tweets.js prefix are read from the start even when resuming.
        let csvHeader = format == .csv ? CSVReader(lines: head).readHeader() : nil
        let platform = format == .jsonArray ? JSONArrayReader.platform(of: head.peekPrefix(64)) : nil
        startOffset = Swift.max(checkpoint.offset, head.consumedOffset)
        if checkpoint.offset <= head.consumedOffset {
            lines = head
        } else if let fileOffset = checkpoint.fileOffset, kind != .utf16 {
            lines = LineReader(source: try openByteSource(path: path, fileOffset: fileOffset).source, startOffset: checkpoint.offset)
        } else {
            lines = head
            lines.skip(to: checkpoint.offset)
        }
        switch format {
        case .mail:
            let reader = MboxReader(path: path, lines: lines, maxMessageBytes: maxMessageBytes)
            makeNext = { _ in reader.next().map(RawItem.email) }
        case .jsonArray:
            let reader = JSONArrayReader(
                lines: lines, maxElementBytes: maxMessageBytes, platform: platform, insideArray: checkpoint.offset > 0)
            jsonArray = reader
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .jsonLines:
            makeNext = { archive in archive.nextJSONLine().map(RawItem.post) }
        case .csv:
            let reader = CSVReader(lines: lines, header: csvHeader)
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .unrecognised:
            makeNext = { _ in nil }
        }
    }

    public func next() -> RawItem? {
        guard let item = makeNext(self) else { return nil }
        records += 1
        lastRecord = (item.offset, item.endOffset)
        return item
    }

    /// A read or decompression error that ended the input early, if any.
    public var error: InputError? { lines.error ?? jsonArray?.error }

    func nextJSONLine() -> RawPost? {
        while let (line, offset, _) = lines.nextLine() {
            let trimmed = line.drop { $0 == 0x20 || $0 == 0x09 }
            if trimmed.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }) { continue }
            var post = RawPost(offset: offset, body: .json(Array(trimmed)))
            post.endOffset = lines.consumedOffset
            return post
        }
        return nil
    }

    /// Where a later scan can pick up: just past the last record returned, or, once the input
    /// has been read to its end, past everything read. A last record that does not end with a
    /// line feed is read again next time (text appended to it continues its last line, and must
    /// be framed as a full scan would frame it).
    public var checkpoint: Checkpoint {
        let atEnd = lines.atEOF && lines.consumedOffset == lines.bufferOffset + UInt64(lines.buffer.count)
        var offset = atEnd ? lines.consumedOffset : lastRecord?.end ?? startOffset
        if format == .jsonArray {
            // Appending to an array rewrites its closing bracket: resume after the last element.
            offset = lastRecord?.end ?? startOffset
        } else if atEnd, !lines.endsWithNewline, let last = lastRecord, last.end == offset {
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

    /// Bytes read from the input so far (after decompression).
    public var bytesRead: UInt64 { lines.bytesRead }

    /// Non-blank bytes after the end of a JSON array (or of an input that holds none): text
    /// that no record covers.
    public var trailingBytes: Int { jsonArray?.trailingBytes ?? 0 }
}
