import Foundation
import LeakScanCore
import LeakScanFraming

/// Splits an RFC 5322 message into header fields and body.
///
/// Tolerant in the way real archives need: CRLF or LF, folded lines, a missing blank line
/// before the body. It refuses only what cannot be a message at all (no header field at the
/// start, NUL bytes in the header), so that junk between separators is reported, not scanned.
public enum MessageParser {
    /// An mbox envelope line's starts, plain and quoted (made once, not per message).
    static let envelopeStarts = [Array("From ".utf8), Array(">From ".utf8)]

    public static func split(_ bytes: [UInt8]) throws(CorruptMessage) -> (headers: [HeaderField], body: ArraySlice<UInt8>) {
        var headers = [HeaderField]()
        headers.reserveCapacity(16)  // grown from empty, a message's header list was five allocations
        var index = 0
        let count = bytes.count
        // A forwarded or saved message may still begin with its mbox envelope line
        // (`From …`, or `>From …` once quoted): that line is not part of the header.
        if Self.envelopeStarts.contains(where: { bytes.starts(with: $0) }) {
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
