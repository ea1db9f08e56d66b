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
    /// The text without surrounding blanks and quotes (a charset label, a CSV header name).
    public func trimmingQuotesAndSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\"" || first == "'" || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\"" || last == "'" || last == "\t" { slice = slice.dropLast() }
        return String(slice)
    }
}
