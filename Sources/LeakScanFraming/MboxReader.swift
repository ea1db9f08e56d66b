import Foundation

/// Streams the messages of an mbox file through a fixed-size read buffer, so memory follows
/// the largest message (capped by `maxMessageBytes`), never the size of the file.
///
/// Separators are `From ` at the start of a line that begins the file or follows an empty
/// line, or that looks like a real envelope line (see ``isEnvelope(_:afterBlank:)``); this
/// accepts mboxo, mboxrd and mboxcl files written by common tools, with LF or CRLF line ends.
/// Input that does not start with `From ` is read as one message (an `.eml` or Maildir file).
public final class MboxReader: IteratorProtocol, Sequence {
    public let path: String
    let lines: LineReader
    let maxMessageBytes: Int
    var started = false
    var singleMessage = false
    var pending: RawMessage?
    var previousLineBlank = true
    var pendingBlankLine: [UInt8]?

    /// Opens `path` (inflating gzip) as mail.
    public convenience init(path: String, maxMessageBytes: Int = 64 << 20) throws(InputError) {
        let source = try openByteSource(path: path, expansion: .inputs).source
        self.init(path: path, lines: LineReader(source: source), maxMessageBytes: maxMessageBytes)
    }

    init(path: String, lines: LineReader, maxMessageBytes: Int) {
        self.path = path
        self.lines = lines
        self.maxMessageBytes = maxMessageBytes
    }

    /// A read error that ended the file early, if any (reported once the iteration stops).
    public var error: InputError? { lines.error }

    static let fromPrefix = Array("From ".utf8)

    /// Whether a `From ` line separates messages. After a blank line (or at the start) it
    /// always does; elsewhere only when it is shaped like `From addr Www Mmm dd hh:mm:ss yyyy`
    /// or the next line is a header field (Netscape's `From - ` lines, mboxcl files), so an
    /// unquoted "From me to you" in a body does not split a message.
    func isEnvelope(_ line: ArraySlice<UInt8>, afterBlank: Bool) -> Bool {
        guard line.starts(with: Self.fromPrefix) else { return false }
        if afterBlank { return true }
        let text = String(decoding: line, as: UTF8.self)
        if text.split(separator: " ").count >= 4 && text.contains(":") && text.contains(where: { $0.isNumber }) {
            return true
        }
        return HeaderLine.fieldName(lines.peekLine()) != nil
    }

    static func isBlank(_ line: ArraySlice<UInt8>) -> Bool {
        line.allSatisfy { $0 == 0x0A || $0 == 0x0D }
    }

    /// Strips one `>` from `>From `, `>>From `, … (mboxrd quoting; for mboxo this is the
    /// best reading of an ambiguous line).
    static func unquote(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        guard line.first == UInt8(ascii: ">") else { return line }
        let rest = line.drop { $0 == UInt8(ascii: ">") }
        return rest.starts(with: fromPrefix) ? line.dropFirst() : line
    }

    func append(_ line: ArraySlice<UInt8>, to message: inout RawMessage) {
        if message.truncatedAt != nil { return }
        if message.bytes.count + line.count > maxMessageBytes {
            let room = maxMessageBytes - message.bytes.count
            message.bytes += line.prefix(room)
            message.truncatedAt = maxMessageBytes
            return
        }
        message.bytes += line
    }

    /// Line starts that need the line-by-line path: a possible separator (`F`), mboxrd
    /// quoting (`>`), and blank lines.
    static let specialLineStart: [Bool] = (0...255).map { [0x46, 0x3E, 0x0A, 0x0D].contains($0) }

    public func next() -> RawMessage? {
        let special = Self.specialLineStart
        while true {
            // Fast path: ordinary body lines in bulk.
            if started, pending != nil, let run = lines.ordinaryRun(special: special) {
                if let held = pendingBlankLine {
                    append(held[...], to: &pending!)
                    pendingBlankLine = nil
                }
                append(run, to: &pending!)
                previousLineBlank = false
                continue
            }
            guard let (line, offset, startsLine) = lines.nextLine() else { break }
            // Blank lines before the first message (saved mail, or the separator line a writer
            // put before an appended message) belong to no message.
            if !started && startsLine && Self.isBlank(line) { continue }
            if !started {
                started = true
                if !line.starts(with: Self.fromPrefix) {
                    singleMessage = true
                    pending = RawMessage(offset: offset, envelope: [], bytes: [])
                }
            }
            if !singleMessage && startsLine && isEnvelope(line, afterBlank: previousLineBlank) {
                let envelope = Array(line.prefix { $0 != 0x0A && $0 != 0x0D })
                var finished = pending
                finished?.endOffset = offset
                pending = RawMessage(offset: offset, envelope: envelope, bytes: [])
                pendingBlankLine = nil
                previousLineBlank = false
                if let finished { return finished }
                continue
            }
            let blank = startsLine && Self.isBlank(line)
            guard pending != nil else {
                // Bytes before the first envelope line cannot be attributed to a message.
                previousLineBlank = blank
                continue
            }
            // The blank line before a separator belongs to the mbox format, not the message:
            // hold it back until the next line shows whether a separator follows.
            if let held = pendingBlankLine {
                append(held[...], to: &pending!)
                pendingBlankLine = nil
            }
            if blank && !singleMessage {
                pendingBlankLine = Array(line)
            } else {
                append(singleMessage || !startsLine ? line : Self.unquote(line), to: &pending!)
            }
            previousLineBlank = blank
        }
        defer { pending = nil }
        pending?.endOffset = lines.consumedOffset
        return pending
    }
}
