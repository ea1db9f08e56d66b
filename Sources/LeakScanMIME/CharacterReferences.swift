import LeakScanCore

/// HTML character references (`&amp;`, `&#8220;`, `&#x1F602;`): in HTML parts, and in the text
/// of posts whose platforms escape it. The X API, Twitter's archive and Reddit's API and dumps
/// write `&`, `<` and `>` in a post's text as `&amp;`, `&lt;` and `&gt;`, and tweet datasets
/// such as Davidson's carry emoji as numeric references. Scanned as they are, an organisation
/// written `Avon &amp; Somerset` would not match its rule, excerpts would show `&amp;`, and the
/// derogatory scorer, trained on text as people wrote it, would see `amp` and `128514` as words.
enum CharacterReferences {
    /// The WHATWG named character references (``HTMLEntityTable``), parsed on first use.
    static let named: [String: [UInt32]] = {
        var table = [String: [UInt32]]()
        for line in HTMLEntityTable.lines.split(separator: "\n") {
            let fields = line.split(separator: "\t")
            table[String(fields[0])] = fields[1].split(separator: " ").compactMap { UInt32($0, radix: 16) }
        }
        return table
    }()

    /// The longest reference name: longer runs of name bytes cannot be one.
    static let longestName = 32

    /// How a reference must end to count as one.
    enum Ending {
        /// As a browser reads HTML text: `;` or, for numeric references and the legacy names
        /// (`&copy2024`), nothing.
        case asBrowsers
        /// Only with its `;`. Escaped plain text holds no bare `&`, so requiring `;` changes
        /// nothing there, while a post that was not escaped keeps `&notice` and `&#1 fan`.
        case semicolon
    }

    /// A decoded reference: one code point, or two (a few names stand for a pair, such as
    /// `&NotSquareSubset;`), and the index after its text. No array: a reference is decoded
    /// in a post's text without allocating.
    struct Decoded {
        var first: UInt32
        var second: UInt32?
        var after: Int
    }

    /// The references X and Reddit write, known without the table: reading the table's
    /// 2,231 lines costs a scan of posts about ten milliseconds that most never need.
    static let common: [(name: [UInt8], value: UInt32)] = [
        (Array("amp;".utf8), 0x26), (Array("lt;".utf8), 0x3C), (Array("gt;".utf8), 0x3E), (Array("quot;".utf8), 0x22),
        (Array("apos;".utf8), 0x27), (Array("nbsp;".utf8), 0xA0),
    ]

    /// The reference at `start` (which holds `&`), or nil when the bytes there are not one or
    /// name a code point that cannot be text.
    static func reference(in bytes: UnsafeBufferPointer<UInt8>, at start: Int, ending: Ending) -> Decoded? {
        let count = bytes.count
        var decoded: Decoded?
        if start + 1 < count && bytes[start + 1] == UInt8(ascii: "#") {
            var index = start + 2
            let hex = index < count && bytes[index] | 0x20 == UInt8(ascii: "x")
            if hex { index += 1 }
            let digitsStart = index
            var value: UInt32 = 0
            while index < count, index - digitsStart < 8, let digit = digitValue(bytes[index], hex: hex) {
                value = value * (hex ? 16 : 10) + digit
                index += 1
            }
            let closed = index < count && bytes[index] == UInt8(ascii: ";")
            if index > digitsStart, closed || ending == .asBrowsers {
                decoded = Decoded(first: value, after: closed ? index + 1 : index)
            }
        } else if let known = common.first(where: { bytes[(start + 1)...].starts(with: $0.name) }) {
            decoded = Decoded(first: known.value, after: start + 1 + known.name.count)
        } else {
            var index = start + 1
            let limit = min(count, start + 1 + longestName)
            while index < limit, HTMLText.isNameByte(bytes[index]) { index += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[(start + 1)..<index]), as: UTF8.self)
            var found: (scalars: [UInt32], length: Int)?
            if index < count && bytes[index] == UInt8(ascii: ";"), let scalars = named[name + ";"] {
                found = (scalars, index + 1 - start)
            } else if ending == .asBrowsers {
                // Legacy references without `;`: the longest name that is one.
                var prefix = name
                while !prefix.isEmpty, named[prefix] == nil { prefix.removeLast() }
                if let scalars = named[prefix], !prefix.isEmpty { found = (scalars, 1 + prefix.utf8.count) }
            }
            if let found, let first = found.scalars.first {
                decoded = Decoded(first: first, second: found.scalars.dropFirst().first, after: start + found.length)
            }
        }
        guard let decoded, isText(decoded.first), decoded.second.map(isText) ?? true else { return nil }
        return decoded
    }

    /// Whether a reference may stand for `value`: not NUL, not a surrogate, within Unicode.
    static func isText(_ value: UInt32) -> Bool { value > 0 && value < 0x110000 && !(0xD800...0xDFFF).contains(value) }

    /// Appends a reference's code points as a reader sees them. Invisible characters used to
    /// break up words (soft hyphen, zero-width space and joiners) are dropped, not turned into
    /// text; a no-break space becomes a space.
    static func append(_ reference: Decoded, to output: inout [UInt8]) {
        func append(_ value: UInt32) {
            if value != 0xAD && value != 0x200B && value != 0x200C && value != 0x200D {
                UTF8Encoding.append(value == 0xA0 ? 0x20 : value, to: &output)
            }
        }
        append(reference.first)
        if let second = reference.second { append(second) }
    }

    /// Decodes the references of escaped plain text (a post's text) where it lies, each only
    /// with its `;` (``Ending/semicolon``). Text without `&` is left untouched at the cost of
    /// one `memchr`, which is nearly every post. A reference's text is never shorter than its
    /// UTF-8 (`&lt;` is four bytes for one; `&#128514;` nine for four), so the decoded text
    /// is written over the text it was read from.
    static func decodeEscapedText(_ text: inout [UInt8]) {
        guard let first = text.firstIndex(of: UInt8(ascii: "&"), from: 0) else { return }
        var decoded = [UInt8]()
        decoded.reserveCapacity(8)
        var write = first
        var read = first
        text.withUnsafeMutableBufferPointer { buffer in
            let source = UnsafeBufferPointer(buffer)
            while read < buffer.count {
                let byte = buffer[read]
                if byte == UInt8(ascii: "&"), let found = reference(in: source, at: read, ending: .semicolon) {
                    decoded.removeAll(keepingCapacity: true)
                    append(found, to: &decoded)
                    for value in decoded {
                        buffer[write] = value
                        write += 1
                    }
                    read = found.after
                } else {
                    buffer[write] = byte
                    write += 1
                    read += 1
                }
            }
        }
        text.removeSubrange(write...)
    }

    /// A digit's value in base 10 or 16; nil for any other byte.
    static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        if byte >= 0x30 && byte <= 0x39 { return UInt32(byte - 0x30) }
        let lower = byte | 0x20
        if hex && lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "f") { return UInt32(lower - UInt8(ascii: "a") + 10) }
        return nil
    }
}
