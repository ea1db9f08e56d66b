import Foundation
import LeakScanCore
import LeakScanFraming

/// A message the parser could not make sense of; it is reported and skipped.
public struct CorruptMessage: Error, Sendable, CustomStringConvertible {
    public var reason: String
    public var description: String { reason }
}

/// One header field, unfolded, with its raw value bytes.
public struct HeaderField: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]

    public var text: String { String(decoding: value, as: UTF8.self) }
}

/// Splits an RFC 5322 message into header fields and body.
///
/// Tolerant in the way real archives need: CRLF or LF, folded lines, a missing blank line
/// before the body. It refuses only what cannot be a message at all (no header field at the
/// start, NUL bytes in the header), so that junk between separators is reported, not scanned.
public enum MessageParser {
    public static func split(_ bytes: [UInt8]) throws(CorruptMessage) -> (headers: [HeaderField], body: ArraySlice<UInt8>) {
        var headers = [HeaderField]()
        var index = 0
        let count = bytes.count
        // A forwarded or saved message may still begin with its mbox envelope line
        // (`From …`, or `>From …` once quoted): that line is not part of the header.
        if bytes.starts(with: Array("From ".utf8)) || bytes.starts(with: Array(">From ".utf8)) {
            index = (bytes.firstIndex(of: 0x0A) ?? count - 1) + 1
        }
        // Lines of only blanks before the first field (seen in saved and exported mail).
        while index < count {
            let lineEnd = bytes.firstIndex(of: 0x0A, from: index) ?? count
            guard lineEnd < count, bytes[index..<lineEnd].allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }),
                lineEnd > index
            else { break }
            index = lineEnd + 1
        }
        while index < count {
            let lineEnd = bytes.firstIndex(of: 0x0A, from: index) ?? count
            var contentEnd = lineEnd
            if contentEnd > index, bytes[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let line = bytes[index..<contentEnd]
            let next = min(lineEnd + 1, count)
            if line.isEmpty {
                return (headers, bytes[next...])
            }
            if line.contains(0) {
                throw CorruptMessage(reason: "NUL byte in header section at message byte \(index)")
            }
            if line.first == 0x20 || line.first == 0x09, !headers.isEmpty {
                headers[headers.count - 1].value += [0x20] + HeaderDecoding.trimmedBytes(line)
            } else if let (name, value) = HeaderLine.field(line) {
                headers.append(HeaderField(name: name, value: Array(HeaderDecoding.trimmedBytes(value))))
            } else if headers.isEmpty {
                throw CorruptMessage(reason: "no header field at start of message")
            } else {
                // A non-header line ends the header section early (common in broken mail).
                return (headers, bytes[index...])
            }
            index = next
        }
        if headers.isEmpty { throw CorruptMessage(reason: "empty message") }
        return (headers, bytes[count...])
    }

}

extension [HeaderField] {
    /// The first field called `name` (ASCII case-insensitive, as RFC 5322 field names are;
    /// compared on bytes, because Foundation's locale-aware comparison showed up in profiles).
    public func first(named name: String) -> HeaderField? {
        let wanted = [UInt8](name.utf8)
        return first { field in
            var candidate = field.name.utf8.makeIterator()
            for byte in wanted {
                guard let other = candidate.next(), other | 0x20 == byte | 0x20 else { return false }
            }
            return candidate.next() == nil
        }
    }
}

/// Turns a raw message into a ``Document``: decoded subject, every MIME text part, and
/// attachment descriptions. Holds a ``MIMEWalker``, so one builder per worker.
public final class EmailDocumentBuilder {
    let walker: MIMEWalker

    public init(limits: MIMELimits = MIMELimits()) {
        walker = MIMEWalker(limits: limits)
    }

    /// The document, plus warnings about limits the message hit (it is still scanned).
    public func document(from raw: RawMessage, source: String) throws(CorruptMessage) -> (Document, [String]) {
        let (headers, body) = try MessageParser.split(raw.bytes)
        let (units, warnings) = walker.units(headers: headers, body: body)
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

    /// `<abc@host>` → `abc@host`; nil when empty.
    static func messageID(_ text: String) -> String? {
        let trimmed = text.trimming(.blanks)
        let inner = trimmed.hasPrefix("<") && trimmed.hasSuffix(">") ? String(trimmed.dropFirst().dropLast()) : trimmed
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
