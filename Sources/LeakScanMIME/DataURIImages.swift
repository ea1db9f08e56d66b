import Foundation

/// Pictures embedded in HTML as `data:image/…;base64,…` URIs (`<img src="data:…">`, CSS
/// `url(data:…)`): mail clients paste images this way, and an emblem or a screenshot sent so
/// never appears as a MIME part.
public enum DataURIImages {
    /// At most this many pictures are taken from one HTML part.
    public static let maxPerPart = 50
    static let uriPrefix = Array("data:image/".utf8)
    static let base64Marker = Array(";base64,".utf8)

    /// The decoded pictures with their declared type, in document order; a URI whose base64
    /// does not decode is skipped (the HTML's text is still scanned).
    public static func images(in html: [UInt8]) -> [(type: String, bytes: [UInt8])] {
        var found = [(type: String, bytes: [UInt8])]()
        var index = 0
        while found.count < maxPerPart, let start = firstCaseless(uriPrefix, in: html, from: index) {
            index = start + uriPrefix.count
            var typeEnd = index
            while typeEnd < html.count, typeEnd - index < 40, isTypeCharacter(html[typeEnd]) { typeEnd += 1 }
            guard startsCaseless(base64Marker, in: html, at: typeEnd) else { continue }
            var end = typeEnd + base64Marker.count
            var encoded = [UInt8]()
            while end < html.count, isBase64OrSpace(html[end]) {
                if !isSpace(html[end]) { encoded.append(html[end]) }
                end += 1
            }
            index = end
            guard let data = Data(base64Encoded: Data(encoded), options: .ignoreUnknownCharacters), !data.isEmpty else { continue }
            found.append(
                ("image/" + String(decoding: html[(start + uriPrefix.count)..<typeEnd], as: UTF8.self).lowercased(), [UInt8](data)))
        }
        return found
    }

    /// Whether `needle` (lower case) starts at `index`, ignoring the case of ASCII letters.
    static func startsCaseless(_ needle: [UInt8], in haystack: [UInt8], at index: Int) -> Bool {
        index + needle.count <= haystack.count
            && zip(needle, haystack[index..<(index + needle.count)]).allSatisfy { $0 == $1 | 0x20 || $0 == $1 }
    }

    /// Where `needle` (lower case, holding a `:`) first starts in `haystack` at or after
    /// `start`, ignoring ASCII case. It looks only at the colons, found with `memchr`: they are
    /// rare in text, and a byte-by-byte search over every HTML part was 1 % of a mail scan.
    static func firstCaseless(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let colon = needle.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        return haystack.withUnsafeBufferPointer { bytes -> Int? in
            guard let base = bytes.baseAddress else { return nil }
            var index = start + colon
            while index < bytes.count, let found = memchr(base + index, Int32(UInt8(ascii: ":")), bytes.count - index) {
                let candidate = base.distance(to: found.assumingMemoryBound(to: UInt8.self)) - colon
                if startsCaseless(needle, in: haystack, at: candidate) { return candidate }
                index = candidate + colon + 1
            }
            return nil
        }
    }

    static func isTypeCharacter(_ byte: UInt8) -> Bool {
        (0x61...0x7A).contains(byte | 0x20) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "-")
            || byte == UInt8(ascii: ".")
    }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 }

    static func isBase64OrSpace(_ byte: UInt8) -> Bool {
        isSpace(byte) || (0x61...0x7A).contains(byte | 0x20) || (0x30...0x39).contains(byte) || byte == UInt8(ascii: "+")
            || byte == UInt8(ascii: "/") || byte == UInt8(ascii: "=")
    }
}
