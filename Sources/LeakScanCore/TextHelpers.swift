/// Small text helpers for the per-message path, written without Foundation: `String(format:)`
/// and `NSString` trimming bridge through Objective-C-style objects and showed up as a tenth
/// of scan time in profiles.
extension Sequence where Element == UInt8 {
    /// Lower-case hexadecimal, two digits per byte (digests, fingerprints). Inlinable so that
    /// each caller gets it specialised: through the generic witness it cost 3 µs for a 16-byte
    /// fingerprint.
    @inlinable public var hexString: String {
        var bytes = [UInt8]()
        bytes.reserveCapacity(2 * underestimatedCount)
        for byte in self {
            bytes.append(hexDigit(byte >> 4))
            bytes.append(hexDigit(byte & 0x0F))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension UnsafeRawBufferPointer {
    /// Lower-case hexadecimal written straight into the string's storage, with no array
    /// between (every incident's fingerprint is one), through pointers: the enumerated,
    /// bounds-checked loop took 290 instructions for a 16-byte fingerprint.
    public var hexString: String {
        String(unsafeUninitializedCapacity: 2 * count) { out in
            guard let digits = out.baseAddress else { return 0 }
            writeHexDigits(to: digits)
            return 2 * count
        }
    }

    /// The lower-case hexadecimal digits, two a byte, written from `digits` on.
    public func writeHexDigits(to digits: UnsafeMutablePointer<UInt8>) {
        var digit = digits
        for byte in self {
            digit[0] = hexDigit(byte >> 4)
            digit[1] = hexDigit(byte & 0x0F)
            digit += 2
        }
    }
}

@usableFromInline @inline(__always) func hexDigit(_ value: UInt8) -> UInt8 {
    value < 10 ? UInt8(ascii: "0") + value : UInt8(ascii: "a") + value - 10
}

extension Array where Element == UInt8 {
    /// Appends the decimal digits of `value`, left-padded with zeros to `width` digits: what
    /// the JSON and timestamp writers put in their buffers without a string per number.
    public mutating func appendDecimal(_ value: UInt64, width: Int = 1) {
        DecimalDigits.withDigits(of: value, width: width) { append(contentsOf: $0) }
    }
}

/// A number's decimal digits without a string.
public enum DecimalDigits {
    /// Hands `body` the decimal digits of `value`, left-padded with zeros to `width` digits.
    /// Written backwards into temporary memory, then handed over at once: padding through a
    /// generic `repeatElement` and storing each digit through an array's checked subscript
    /// cost 400 instructions a number (six per timestamp written).
    public static func withDigits(of value: UInt64, width: Int = 1, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Swift.max(width, 20)) { buffer in
            var start = buffer.count
            var rest = value
            repeat {
                start -= 1
                buffer[start] = UInt8(ascii: "0") + UInt8(rest % 10)
                rest /= 10
            } while rest > 0
            while buffer.count - start < width {
                start -= 1
                buffer[start] = UInt8(ascii: "0")
            }
            body(UnsafeBufferPointer(rebasing: buffer[start...]))
        }
    }
}

extension BinaryInteger {
    /// The number left-padded with zeros to `width` digits (`7` → `"07"`).
    public func zeroPadded(_ width: Int, radix: Int = 10) -> String {
        let digits = String(self, radix: radix)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

extension StringProtocol {
    /// The text without the given characters at either end.
    public func trimming(_ trimmed: TrimmedCharacters) -> String {
        // Most texts have nothing to trim: every trimmed character is ASCII white space, so
        // two byte tests replace hashing two `Character`s.
        let whole = String(self)
        if let first = whole.utf8.first, let last = whole.utf8.last, first > 0x20, last > 0x20 {
            return whole
        }
        let characters = trimmed.characters
        var slice = self[...]
        while let first = slice.first, characters.contains(first) { slice = slice.dropFirst() }
        while let last = slice.last, characters.contains(last) { slice = slice.dropLast() }
        return String(slice)
    }
}

extension String {
    /// `lowercased()`, without Unicode case mapping or a new string when the text is ASCII
    /// with no capital (handles, addresses and platform names nearly always are, and every
    /// post and incident place lower-cases one or two).
    public func lowercasedUnlessPlain() -> String {
        isLowercaseASCII ? self : lowercased()
    }

    /// Whether the text is ASCII with no capital letter: its own lower case. Read over the
    /// contiguous bytes: iterating the UTF-8 view cost about 70 instructions a byte.
    public var isLowercaseASCII: Bool { utf8.span.withUnsafeBufferPointer(Self.isLowercaseASCII) }

    /// Whether `bytes` are ASCII with no capital letter: every byte tested and the verdicts
    /// ORed, with no branch a byte (`allSatisfy`'s closure cost 15 instructions a byte).
    static func isLowercaseASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var outside: UInt8 = 0
        for byte in bytes { outside |= (byte & 0x80) | (byte &- UInt8(ascii: "A") < 26 ? 1 : 0) }
        return outside == 0
    }

    /// The text without blanks at either end, lower-cased (``lowercasedUnlessPlain()``): the
    /// text itself, with no new string, when it is lower-case ASCII with nothing to trim, as
    /// nearly every handle and address is. Every post's author and every incident's person is
    /// one, and trimming then lower-casing them cost 400 instructions each.
    public func trimmedLowercased() -> String {
        let isNormal = utf8.span.withUnsafeBufferPointer { bytes in
            guard let first = bytes.first, let last = bytes.last, first > 0x20, last > 0x20 else { return false }
            return Self.isLowercaseASCII(bytes)
        }
        return isNormal ? self : trimming(.blanks).lowercasedUnlessPlain()
    }
}

/// Characters ``StringProtocol/trimming(_:)`` removes. Cases, not sets: a set is read only
/// when there is something to trim, so the call made for every post's author passes no
/// reference to a shared global (a static `Set` passed on every call had two workers' cores
/// retaining and releasing one counter).
public enum TrimmedCharacters: Sendable {
    /// Spaces and tabs.
    case blanks
    /// Spaces, tabs and line breaks.
    case blanksAndNewlines

    var characters: Set<Character> {
        switch self {
        case .blanks: Self.blankSet
        case .blanksAndNewlines: Self.blankAndNewlineSet
        }
    }
    private static let blankSet: Set<Character> = [" ", "\t"]
    private static let blankAndNewlineSet: Set<Character> = [" ", "\t", "\r", "\n", "\r\n"]
}

extension String {
    /// `text` in storage of its own. Copies of a string longer than fifteen bytes share one
    /// reference-counted buffer; text that two workers would retain and release for every
    /// record (a rule id, an input's path) gets a copy per worker, so no count moves between
    /// cores.
    public static func distinctCopy(of text: String) -> String {
        var text = text
        return text.withUTF8 { bytes in
            String(unsafeUninitializedCapacity: bytes.count) { storage in
                _ = storage.initialize(fromContentsOf: bytes)
                return bytes.count
            }
        }
    }
}

extension Collection where Element == UInt8 {
    /// Whether these bytes (a file's or a part's start) are text in some 8-bit charset: no
    /// NUL, and at most one byte in twenty a control byte other than tab, line ends, form feed
    /// and escape. What tells a text attachment from a binary one, and a text input from a
    /// file LeakScan cannot read. (UTF-16, which has NULs, is told by its byte-order mark
    /// before this is asked.)
    @inlinable public var looksLikeText: Bool {
        var control = 0
        for byte in self where byte < 0x20 {
            if byte == 0 { return false }
            if byte != 0x09 && byte != 0x0A && byte != 0x0D && byte != 0x0C && byte != 0x1B { control += 1 }
        }
        return control * 20 <= count
    }
}
