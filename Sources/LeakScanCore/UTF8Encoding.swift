/// Writing Unicode scalars as UTF-8 bytes: what every decoder here (charsets, UTF-16, HTML
/// character references) produces; and checking bytes are UTF-8.
public enum UTF8Encoding {
    /// Length of the UTF-8 sequence its lead byte announces (0 for a byte that cannot lead one).
    public static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0..<0x80: 1
        case 0xC2...0xDF: 2
        case 0xE0...0xEF: 3
        case 0xF0...0xF4: 4
        default: 0
        }
    }

    /// Whether `bytes` are well-formed UTF-8 (the Unicode Standard's table 3-7: no overlong
    /// forms, no surrogates, nothing past U+10FFFF), what `String(validating:as:)` accepts,
    /// without making a string. ASCII is checked eight bytes at a time.
    public static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index < count {
            if index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            let lead = bytes[index]
            if lead < 0x80 {
                index += 1
                continue
            }
            // The sequence's length after the lead byte, and the range its second byte must lie in.
            let trailing: Int
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch lead {
            case 0xC2...0xDF: trailing = 1
            case 0xE0: (trailing, lowest) = (2, 0xA0)  // not overlong
            case 0xED: (trailing, highest) = (2, 0x9F)  // not a surrogate
            case 0xE1...0xEF: trailing = 2
            case 0xF0: (trailing, lowest) = (3, 0x90)  // not overlong
            case 0xF4: (trailing, highest) = (3, 0x8F)  // not past U+10FFFF
            case 0xF1...0xF3: trailing = 3
            default: return false
            }
            guard index + trailing < count, bytes[index + 1] >= lowest, bytes[index + 1] <= highest else { return false }
            for offset in stride(from: 2, through: trailing, by: 1) where bytes[index + offset] & 0xC0 != 0x80 { return false }
            index += trailing + 1
        }
        return true
    }

    /// Where a cut at `index` in `bytes` goes so that no character's bytes are split between
    /// two records: stepped back over continuation bytes while above `floor`.
    public static func characterStart(in bytes: [UInt8], atOrBefore index: Int, above floor: Int) -> Int {
        var index = index
        while index > floor, index < bytes.count, bytes[index] & 0xC0 == 0x80 { index -= 1 }
        return index
    }

    /// Appends the scalar's UTF-8 bytes one by one: an array literal of them was an allocation
    /// per character (every `&amp;` of a post's text).
    public static func append(_ scalar: UInt32, to output: inout [UInt8]) {
        switch scalar {
        case 0..<0x80:
            output.append(UInt8(scalar))
        case 0x80..<0x800:
            output.append(UInt8(0xC0 | scalar >> 6))
            output.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            output.append(UInt8(0xE0 | scalar >> 12))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        default:
            output.append(UInt8(0xF0 | scalar >> 18))
            output.append(UInt8(0x80 | (scalar >> 12) & 0x3F))
            output.append(UInt8(0x80 | (scalar >> 6) & 0x3F))
            output.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}

extension String {
    /// The text without surrounding blanks and quotes (a charset label, a CSV header name).
    public func trimmingQuotesAndSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\"" || first == "'" || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\"" || last == "'" || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
