import LeakScanCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Converts text in a declared charset to UTF-8 for the matcher.
///
/// UTF-8 and ASCII pass through untouched (the matcher tolerates invalid UTF-8), the Latin
/// single-byte sets most mail uses go through a table, and everything else through the C
/// library's iconv, which covers the CJK and stateful encodings (ISO-2022-JP, GB2312/GBK,
/// Big5, Shift_JIS, KOI8-R, UTF-16). iconv was chosen over Foundation's `String(data:encoding:)`
/// because Foundation on Linux knows few of these encodings, fails a whole conversion on one
/// bad byte, and goes through `String`; iconv converts bytes to bytes and lets us replace a bad
/// byte and carry on. Invalid input is replaced with U+FFFD, never fatal.
///
/// Holds iconv descriptors (stateful), so one instance per worker.
public final class CharsetDecoder {
    private var converters = [String: iconv_t]()
    private var unknown = Set<String>()

    public init() {}

    deinit {
        for converter in converters.values { iconv_close(converter) }
    }

    static let replacement: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// Canonical iconv name for a MIME charset label, or nil for UTF-8-compatible input.
    static func canonicalName(_ label: String) -> String? {
        let name = label.trimmingQuotesAndSpaces().lowercased()
        switch name {
        case "", "utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968", "iso646-us", "7bit", "8bit", "x-unknown", "unknown", "default":
            return nil
        case "latin1", "latin-1", "iso8859-1", "iso_8859-1", "l1", "cp819": return "ISO-8859-1"
        case "cp1252", "x-cp1252", "win-1252": return "WINDOWS-1252"
        case "gb2312", "gb_2312-80", "euc-cn", "x-gbk", "cp936": return "GBK"  // GBK is a superset
        case "ks_c_5601-1987", "ks_c_5601", "euc-kr": return "CP949"
        case "x-sjis", "sjis", "shift-jis", "ms_kanji", "cp932": return "CP932"
        case "big5", "x-big5", "big5-hkscs": return "BIG5-HKSCS"
        case "unicode-1-1-utf-7", "utf-7": return "UTF-7"
        default: return name.uppercased()
        }
    }

    /// `bytes` in `charset`, as UTF-8.
    public func utf8<C: Collection>(_ bytes: C, charset: String?) -> [UInt8] where C.Element == UInt8 {
        guard let charset, let name = Self.canonicalName(charset) else { return Array(bytes) }
        switch name {
        case "ISO-8859-1": return Self.latin1(bytes)
        case "WINDOWS-1252": return Self.windows1252(bytes)
        default: break
        }
        guard let converter = converter(for: name) else {
            // Unknown charset: the bytes as they are beat no text at all.
            return Array(bytes)
        }
        return convert(Array(bytes), with: converter, doubleByte: Self.doubleByteCharsets.contains(name))
    }

    /// Charsets whose non-ASCII characters are two bytes, lead byte ≥ 0x80 and trail byte
    /// ≥ 0x40: a bad pair is replaced as a pair, so its trail byte does not turn into a
    /// stray ASCII letter (what Python's CJK codecs do too).
    static let doubleByteCharsets: Set<String> = ["GBK", "GB18030", "BIG5", "BIG5-HKSCS", "CP932", "CP949", "EUC-JP", "EUC-TW", "CP950"]

    private func converter(for name: String) -> iconv_t? {
        if let existing = converters[name] { return existing }
        if unknown.contains(name) { return nil }
        let descriptor = iconv_open("UTF-8", name)
        guard let descriptor, Int(bitPattern: descriptor) != -1 else {
            unknown.insert(name)
            return nil
        }
        converters[name] = descriptor
        return descriptor
    }

    private func convert(_ input: [UInt8], with converter: iconv_t, doubleByte: Bool) -> [UInt8] {
        iconv(converter, nil, nil, nil, nil)  // reset shift state
        var output = [UInt8]()
        output.reserveCapacity(input.count * 2)
        var scratch = [CChar](repeating: 0, count: 16 * 1024)
        input.withUnsafeBufferPointer { source in
            source.baseAddress!.withMemoryRebound(to: CChar.self, capacity: source.count) { base in
                var inPointer: UnsafeMutablePointer<CChar>? = UnsafeMutablePointer(mutating: base)
                var inLeft = source.count
                while true {
                    let (result, produced, error) = scratch.withUnsafeMutableBufferPointer { out -> (Int, Int, Int32) in
                        var outPointer: UnsafeMutablePointer<CChar>? = out.baseAddress
                        var outLeft = out.count
                        let result = iconv(converter, &inPointer, &inLeft, &outPointer, &outLeft)
                        return (result, out.count - outLeft, errno)
                    }
                    scratch.withUnsafeBufferPointer { chunk in
                        chunk.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: produced) {
                            output.append(contentsOf: UnsafeBufferPointer(start: $0, count: produced))
                        }
                    }
                    if result != -1 { break }
                    if error == E2BIG { continue }
                    // EILSEQ or EINVAL: replace the bad byte (or double-byte pair) and go on.
                    output += Self.replacement
                    guard inLeft > 0 else { break }
                    var skip = 1
                    if doubleByte, inLeft >= 2, UInt8(bitPattern: inPointer![0]) >= 0x80, UInt8(bitPattern: inPointer![1]) >= 0x40 {
                        skip = 2
                    }
                    inPointer = inPointer! + skip
                    inLeft -= skip
                    iconv(converter, nil, nil, nil, nil)
                    if inLeft == 0 { break }
                }
            }
        }
        return output
    }

    static func latin1<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            if byte < 0x80 {
                output.append(byte)
            } else {
                output.append(0xC0 | byte >> 6)
                output.append(0x80 | byte & 0x3F)
            }
        }
        return output
    }

    /// Windows-1252's 0x80–0x9F block (curly quotes, euro, dashes); the rest is Latin-1.
    static let windows1252High: [UInt32] = [
        0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD,
        0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
        0x0153, 0xFFFD, 0x017E, 0x0178,
    ]

    static func windows1252<C: Collection>(_ bytes: C) -> [UInt8] where C.Element == UInt8 {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 8)
        for byte in bytes {
            switch byte {
            case 0..<0x80:
                output.append(byte)
            case 0x80..<0xA0:
                UTF8Encoding.append(windows1252High[Int(byte - 0x80)], to: &output)
            default:
                output.append(0xC0 | byte >> 6)
                output.append(0x80 | byte & 0x3F)
            }
        }
        return output
    }
}
