import Foundation
import LeakScanCore
import LeakScanExtract
import LeakScanFraming

/// Turns a raw message into a ``Document``: decoded subject, every MIME text part, and
/// attachment descriptions. Holds a ``MIMEWalker``, so one builder per worker.
public final class EmailDocumentBuilder {
    let walker: MIMEWalker

    public init(limits: MIMELimits = MIMELimits()) {
        walker = MIMEWalker(limits: limits)
    }

    /// Seconds spent reading attachments per content kind since the last call.
    public func takeExtractionSeconds() -> [String: Double] { walker.takeExtractionSeconds() }

    /// The document, plus what in it was not scanned whole (limits hit, attachments not read).
    public func document(from raw: RawMessage, source: String) throws(CorruptMessage) -> (Document, [MessageWarning]) {
        let (headers, body) = try MessageParser.split(raw.bytes)
        let (units, warnings) = walker.units(headers: headers, body: body, prefix: raw.folder.map { $0 + "/" } ?? "", nesting: 0)
        let timestamp =
            headers.first(named: "Date").flatMap { MailDate.parse($0.text) }
            ?? MailDate.parseEnvelope(String(decoding: raw.envelope, as: UTF8.self))
        let document = Document(
            source: source, offset: raw.offset,
            messageID: headers.first(named: "Message-ID").flatMap { Self.messageID($0.text) },
            author: headers.first(named: "From").flatMap { Self.address(String(decoding: walker.headerText($0), as: UTF8.self)) },
            timestamp: timestamp, units: units)
        return (document, warnings)
    }

    /// A file read whole (a picture, a PDF, an Office document beside a social export or named
    /// as an input) as a document of `platform`, read as an attachment is: its description and
    /// whatever reading it found (its text, an emblem), located by file name.
    public func document(file bytes: [UInt8], name: String, source: String, platform: String) -> (Document, [MessageWarning]) {
        let (units, warnings) = units(ofFile: bytes, name: name, location: name)
        return (Document(source: source, offset: 0, platform: platform, units: units), warnings)
    }

    /// A file a record carries (a Graph message's attachment), read as an attachment is, at `location`.
    public func units(ofFile bytes: [UInt8], name: String?, location: String) -> (units: [TextUnit], warnings: [MessageWarning]) {
        walker.fileUnits(bytes, fileName: name, location: location, nesting: 0)
    }

    /// A web page saved as a file as a document of `platform`: the text a reader sees (its
    /// character set from the page, UTF-8 when it names none), and the pictures it carries as
    /// `data:` URIs, as an HTML mail part is read.
    public func document(page: RawMessage, source: String, platform: String) -> (Document, [MessageWarning]) {
        let type = HeaderField(name: "Content-Type", value: Array("text/html; charset=\(Self.pageCharset(page.bytes))".utf8))
        let (units, warnings) = walker.units(headers: [type], body: page.bytes[...], prefix: "", nesting: 0)
        return (Document(source: source, offset: page.offset, platform: platform, units: units), warnings)
    }

    /// The character set a page names in its first 1,024 bytes (`<meta charset="…">` or the
    /// `http-equiv` form, as HTML's own sniffing reads them), else UTF-8.
    static func pageCharset(_ bytes: [UInt8]) -> String {
        let head = String(decoding: bytes.prefix(1024), as: UTF8.self).lowercased()
        guard let found = head.range(of: "charset=") else { return "utf-8" }
        let name = head[found.upperBound...].drop { $0 == "\"" || $0 == "'" }.prefix { $0.isLetter || $0.isNumber || "-_:.".contains($0) }
        return name.isEmpty ? "utf-8" : String(name)
    }

    /// `<abc@host>` → `abc@host`; nil when empty.
    static func messageID(_ text: String) -> String? {
        let trimmed = text.trimming(.blanks)
        // `first` and `last` are the standard library's: `hasPrefix` here resolved to
        // Foundation's, which searched through `NSString` (a hundredth of a mail scan).
        let inner = trimmed.first == "<" && trimmed.last == ">" ? String(trimmed.dropFirst().dropLast()) : trimmed
        return inner.isEmpty ? nil : inner
    }

    /// The address of a From field, lower-cased: `"A B" <A.B@Met.Police.UK>` → `a.b@met.police.uk`.
    /// Over UTF-8 bytes: searching `Character`s cost more than parsing the rest of the headers.
    static func address(_ text: String) -> String? {
        let bytes = Array(text.utf8)
        if let open = bytes.lastIndex(of: UInt8(ascii: "<")), let close = bytes[open...].firstIndex(of: UInt8(ascii: ">")) {
            let inner = HeaderDecoding.trimmedBytes(bytes[(open + 1)..<close])
            if !inner.isEmpty { return String(decoding: inner, as: UTF8.self).lowercased() }
        }
        let separators: Set<UInt8> = [0x20, 0x09, UInt8(ascii: ",")]
        let quotes: Set<UInt8> = [UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "("), UInt8(ascii: ")")]
        if let token = bytes.split(whereSeparator: separators.contains).first(where: { $0.contains(UInt8(ascii: "@")) }) {
            return String(decoding: HeaderDecoding.trimmedBytes(token, trimming: quotes.contains), as: UTF8.self).lowercased()
        }
        let trimmed = HeaderDecoding.trimmedBytes(bytes[...])
        return trimmed.isEmpty ? nil : String(decoding: trimmed, as: UTF8.self).lowercased()
    }
}
