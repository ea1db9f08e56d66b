import Foundation

/// One record cut out of an input, still raw: parsing happens on the workers.
public enum RawItem: Sendable {
    case email(RawMessage)
    case post(RawPost)

    public var offset: UInt64 {
        switch self {
        case .email(let message): message.offset
        case .post(let post): post.offset
        }
    }

    /// Input offset just past the record.
    public var endOffset: UInt64 {
        switch self {
        case .email(let message): message.endOffset
        case .post(let post): post.endOffset
        }
    }

    public var byteCount: Int {
        switch self {
        case .email(let message): message.bytes.count
        case .post(let post): post.byteCount
        }
    }
}

/// A social-media post as read: a JSON object's bytes, or a CSV row's fields.
public struct RawPost: Sendable {
    public enum Body: Sendable {
        case json([UInt8])
        case fields([String: String])
    }

    /// Byte offset of the record in the (decompressed) input.
    public var offset: UInt64
    public var body: Body
    /// The platform the file format implies (`twitter` for tweets.js), if it implies one.
    public var platform: String?
    /// Input offset just past the record.
    public var endOffset: UInt64 = 0

    public init(offset: UInt64, body: Body, platform: String? = nil) {
        self.offset = offset
        self.body = body
        self.platform = platform
    }

    var byteCount: Int {
        switch body {
        case .json(let bytes): bytes.count
        case .fields(let fields): fields.values.reduce(0) { $0 + $1.utf8.count }
        }
    }
}

/// What kind of archive an input is, decided from its first bytes (after gzip), not its name.
public enum InputFormat: String, Sendable {
    /// mbox, or a single RFC 5322 message (`.eml`, a Maildir file).
    case mail
    /// A JSON array of posts, a JSON object holding one, or an X/Twitter `tweets.js`.
    case jsonArray = "json-array"
    case jsonLines = "json-lines"
    case csv
    case unrecognised

    static let csvTextColumns: Set<String> = ["text", "tweet", "body", "message", "content", "post", "full_text"]

    public static func detect(_ prefix: ArraySlice<UInt8>, path: String) -> InputFormat {
        var bytes = prefix
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        if bytes.starts(with: Array("From ".utf8)) { return .mail }
        if trimmed.starts(with: Array("window.YTD.".utf8)) || trimmed.first == UInt8(ascii: "[") { return .jsonArray }
        if trimmed.first == UInt8(ascii: "{") {
            let firstLine = trimmed.prefix { $0 != 0x0A }
            if (try? JSONSerialization.jsonObject(with: Data(firstLine))) is [String: Any] { return .jsonLines }
            return .jsonArray
        }
        // The first line with something on it (saved mail sometimes starts with blank lines).
        let firstLine =
            bytes.split(separator: 0x0A).first { line in line.contains { $0 > 0x20 } }?
            .prefix { $0 != 0x0A && $0 != 0x0D } ?? bytes[bytes.startIndex..<bytes.startIndex]
        let lowerPath = path.lowercased()
        if lowerPath.hasSuffix(".csv") || lowerPath.hasSuffix(".csv.gz") {
            return .csv
        }
        if MessageParser.fieldName(firstLine) != nil, firstLine.contains(UInt8(ascii: ":")) {
            return .mail
        }
        let columns = CSVReader.fields(String(decoding: firstLine, as: UTF8.self)).map { $0.lowercased() }
        if columns.count >= 2, !csvTextColumns.isDisjoint(with: columns) { return .csv }
        return .unrecognised
    }
}

/// Reads records from one input of any supported format.
public final class ArchiveReader: IteratorProtocol, Sequence {
    public let path: String
    public let format: InputFormat
    let lines: LineReader
    let makeNext: (ArchiveReader) -> RawItem?
    /// Kept for its error (a JSON array that ends early); the other readers' errors are the line reader's.
    private var jsonArray: JSONArrayReader?

    /// Opens `path` (inflating gzip) and detects its format.
    public init(path: String, maxMessageBytes: Int = 64 << 20) throws(InputError) {
        self.path = path
        lines = LineReader(source: try openByteSource(path: path))
        format = InputFormat.detect(lines.peekPrefix(4096), path: path)
        switch format {
        case .mail:
            let reader = MboxReader(path: path, lines: lines, maxMessageBytes: maxMessageBytes)
            makeNext = { _ in reader.next().map(RawItem.email) }
        case .jsonArray:
            let reader = JSONArrayReader(lines: lines, maxElementBytes: maxMessageBytes)
            jsonArray = reader
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .jsonLines:
            makeNext = { archive in archive.nextJSONLine().map(RawItem.post) }
        case .csv:
            let reader = CSVReader(lines: lines)
            makeNext = { _ in reader.next().map(RawItem.post) }
        case .unrecognised:
            makeNext = { _ in nil }
        }
    }

    public func next() -> RawItem? { makeNext(self) }

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

    /// Whether reading can start at a later offset: mail and JSON Lines, whose records need
    /// no earlier context (a JSON array or a CSV header does).
    public var canResume: Bool { format == .mail || format == .jsonLines }

    /// Skips to `offset` (a record boundary from an earlier scan's checkpoint).
    public func resume(at offset: UInt64) {
        guard canResume else { return }
        lines.resume(at: offset)
    }

    /// Bytes read from the input so far (after decompression).
    public var bytesRead: UInt64 { lines.bytesRead }
}
