import Foundation
import LeakScanCore

/// What kind of archive an input is, decided from its first bytes (after gzip), not its name.
public enum InputFormat: String, Sendable {
    /// mbox, or a single RFC 5322 message (`.eml`, a Maildir file).
    case mail
    /// Apple Mail's message file, `.emlx` (``AppleMailReader``).
    case appleMail = "apple-mail"
    /// A JSON array of posts, a JSON object holding one, or an X/Twitter `tweets.js`.
    case jsonArray = "json-array"
    case jsonLines = "json-lines"
    case csv
    /// A WhatsApp chat export (``WhatsAppChatReader``).
    case whatsAppChat = "whatsapp-chat"
    /// A web page saved as a file — the pages of Facebook's and Telegram's HTML exports (the
    /// format each offers first), a saved post or profile — read as one record: the whole page,
    /// scanned as the text a reader sees. A page is not cut into its posts: their markup is each
    /// site's own and changes with it, so incidents carry the page, not a post's author or time.
    case html
    /// Text in no other format — notes, a pasted list, a log, a contact card (`.vcf`), a
    /// calendar (`.ics`), a README — read as paragraphs (``PlainTextReader``). A leaked list of
    /// identifiers is as often a `.txt` in a shared folder or an export as it is a message.
    case text
    /// Bytes that are not text (NULs, or mostly control bytes) in no format LeakScan reads.
    case unrecognised

    static let csvTextColumns: Set<String> = ["text", "tweet", "body", "message", "content", "contents", "post", "full_text"]

    /// The first line with something on it, without its line end (saved mail sometimes starts
    /// with blank lines). Found in place: splitting the whole prefix into lines was a third of
    /// the reading thread's time on a Maildir of small messages.
    static func firstLine(in bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let line = bytes[lineStart..<lineEnd]
            if line.contains(where: { $0 > 0x20 }) { return line.prefix { $0 != 0x0D } }
            lineStart = lineEnd + 1
        }
        return bytes[bytes.startIndex..<bytes.startIndex]
    }

    /// Whether a file's name says JSON Lines (`.jsonl`, `.ndjson`, compressed or not).
    static func isJSONLinesName(_ path: String) -> Bool {
        let name = path.lowercased()
        return [".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz"].contains { name.hasSuffix($0) }
    }

    /// The format of an input from its first bytes. `more` gives a longer prefix when the
    /// first one cannot tell (a JSON Lines file whose first record is long).
    static func detect(_ prefix: ArraySlice<UInt8>, path: String, more: (Int) -> ArraySlice<UInt8>) -> InputFormat {
        var bytes = prefix
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        let trimmed = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        // Saved mail sometimes starts with blank lines; an mbox separator still starts a line.
        if bytes.drop(while: { $0 == 0x0A || $0 == 0x0D }).starts(with: Array("From ".utf8)) { return .mail }
        let firstLine = Self.firstLine(in: bytes)
        if AppleMailReader.declaredLength(firstLine) != nil, let lineEnd = bytes[firstLine.endIndex...].firstIndex(of: 0x0A),
            isMessageHeader(bytes[(lineEnd + 1)...]) || bytes[(lineEnd + 1)...].starts(with: Array("From ".utf8))
        {
            return .appleMail
        }
        if trimmed.starts(with: Array("window.YTD.".utf8)) || opensJSON(trimmed, "[", then: "{]") { return .jsonArray }
        if opensJSON(trimmed, "{", then: "\"}") {
            var length = prefix.count
            while true {
                switch JSONShape.classify(more(length)) {
                case .jsonLines: return .jsonLines
                case .document: return .jsonArray
                case .undecided:
                    let longer = more(length * 2)
                    // The whole input was seen, or the limit was reached, without a verdict: a
                    // first value longer than the record limit. The name decides (a JSON Lines
                    // file's first line is then read as text in parts, not lost as a document
                    // with no records); else a document, as `json.dump` writes a whole export.
                    if longer.count <= length { return Self.isJSONLinesName(path) ? .jsonLines : .jsonArray }
                    length = longer.count
                }
            }
        }
        if trimmed.startsCaseless(with: "<!doctype html") || trimmed.startsCaseless(with: "<html") { return .html }
        if WhatsAppChatReader.header(firstLine) != nil { return .whatsAppChat }
        let lowerPath = path.lowercased()
        if lowerPath.hasSuffix(".csv") || lowerPath.hasSuffix(".csv.gz") {
            return .csv
        }
        if isMessageHeader(bytes) { return .mail }
        let columns = CSVReader.fields(firstLine).map { $0.lowercased() }
        if columns.count >= 2, !csvTextColumns.isDisjoint(with: columns) { return .csv }
        return bytes.looksLikeText ? .text : .unrecognised
    }

    /// Whether `bytes` start with `opener` and then, after any blanks, one of `then` (or
    /// nothing more within them): `[{` or `[]` for an array of posts, `{"` or `{}` for an
    /// object. A log whose lines start `[2026-01-02 10:00:01]` or `[ERROR]`, or a note that
    /// starts `{draft}`, is text, not a JSON input whose every record is corrupt.
    static func opensJSON(_ bytes: ArraySlice<UInt8>, _ opener: Unicode.Scalar, then: String) -> Bool {
        guard bytes.first == UInt8(ascii: opener) else { return false }
        guard let next = bytes.dropFirst().first(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }) else { return true }
        return then.utf8.contains(next)
    }

    /// Whether the input starts with a message's header block: its first line is a
    /// `Name: value` field, and the fields before the first blank line (as far as `bytes` go)
    /// include one that messages carry (``messageFields``). A note that starts `Notes: …` or a
    /// contact card's `BEGIN:VCARD` is text, whose first paragraph a mail read would take for
    /// headers and not scan.
    static func isMessageHeader(_ bytes: ArraySlice<UInt8>) -> Bool {
        var lineStart = bytes.startIndex
        while lineStart < bytes.endIndex, bytes[lineStart] == 0x0A || bytes[lineStart] == 0x0D { lineStart += 1 }
        while lineStart < bytes.endIndex {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.endIndex
            let line = bytes[lineStart..<lineEnd]
            if line.first == 0x0D || line.isEmpty { return false }  // the block ended
            if line.first != 0x20 && line.first != 0x09 {  // not a folded field's continuation
                guard let name = HeaderLine.fieldName(line) else { return false }
                if messageFields.contains(name.lowercased()) { return true }
            }
            lineStart = lineEnd + 1
        }
        return false
    }

    /// Fields that messages carry (RFC 5322, MIME, the transport's trace fields, and the most
    /// common of the mail clients' own), in lower case: any one in the header block tells mail
    /// from text whose first lines happen to read `Name: value`.
    static let messageFields: Set<String> = [
        "from", "to", "cc", "bcc", "subject", "date", "message-id", "received", "return-path", "delivered-to", "sender",
        "reply-to", "in-reply-to", "references", "mime-version", "content-type", "content-transfer-encoding",
        "content-disposition", "dkim-signature", "authentication-results", "x-mailer", "user-agent", "x-original-to",
        "envelope-to", "thread-topic", "thread-index", "newsgroups", "path", "list-id", "resent-from", "x-uid", "status",
    ]
}
