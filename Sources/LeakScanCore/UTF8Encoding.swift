import Foundation

/// Writing Unicode scalars as UTF-8 bytes: what every decoder here (charsets, UTF-16, HTML
/// character references) produces.
public enum UTF8Encoding {
    public static func append(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output += [UInt8(0xC0 | scalar >> 6), UInt8(0x80 | scalar & 0x3F)]
        case 0x800..<0x10000:
            output += [UInt8(0xE0 | scalar >> 12), UInt8(0x80 | (scalar >> 6) & 0x3F), UInt8(0x80 | scalar & 0x3F)]
        default:
            output += [
                UInt8(0xF0 | scalar >> 18), UInt8(0x80 | (scalar >> 12) & 0x3F), UInt8(0x80 | (scalar >> 6) & 0x3F),
                UInt8(0x80 | scalar & 0x3F),
            ]
        }
    }
}

extension String {
    /// The text of `bytes` when they are valid UTF-8, else nil: what `String(validating:as:)`
    /// decides. That one is generic and, called from outside the standard library, looked up
    /// type metadata on every call: a sixth of reading a post. ASCII (most strings of a post)
    /// is checked eight bytes at a time; other text is decoded with repair, which is valid
    /// exactly when nothing was repaired, that is when the bytes come back unchanged.
    public init?(validUTF8 bytes: UnsafeBufferPointer<UInt8>) {
        var isASCII = true
        if let start = bytes.baseAddress {
            let raw = UnsafeRawPointer(start)
            var offset = 0
            while offset + 8 <= bytes.count, isASCII {
                isASCII = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self) & 0x8080_8080_8080_8080 == 0
                offset += 8
            }
            while offset < bytes.count, isASCII {
                isASCII = bytes[offset] < 0x80
                offset += 1
            }
        }
        let decoded = String(decoding: bytes, as: UTF8.self)
        guard isASCII || Self.sameBytes(decoded, bytes) else { return nil }
        self = decoded
    }

    /// Whether `text`'s UTF-8 is `bytes`, compared as memory (element by element through the
    /// UTF-8 view cost about seven instructions a byte, on every post with a curly quote or an emoji).
    private static func sameBytes(_ text: String, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        } ?? text.utf8.elementsEqual(bytes)
    }

    /// The text without surrounding blanks and quotes (a charset label, a CSV header name).
    public func trimmingQuotesAndSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\"" || first == "'" || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\"" || last == "'" || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
