/// Characters that read as an ASCII space, hyphen or letter, or as nothing, but are other bytes:
/// a no-break space between the groups of a NINO (Word puts them there, and mail clients keep
/// them in plain text), an en dash between a card's groups, a soft hyphen or a zero-width space
/// inside `OFFICIAL-SENSITIVE`, fullwidth letters and digits. Patterns written for what a
/// reader sees missed all of them. Text is matched as the reader sees it: each becomes the
/// ASCII character it shows, or goes (an invisible one only between ASCII characters).
///
/// Letters of other scripts that look Latin (Cyrillic `С` in `OFFIСIAL`) are left alone:
/// mapped, real Cyrillic and Greek text would spell English words by chance.
public enum LookalikeCharacters {
    /// `bytes` with every such character replaced or dropped, and where each of its bytes
    /// came from (`origin[i]`, the offset in `bytes`; one more entry, `bytes.count`, for the
    /// end): excerpts show the text as it was written. Nil when there is none, which is told
    /// eight bytes at a time over ASCII (nearly every byte of most text).
    public static func normalized(_ bytes: [UInt8]) -> (text: [UInt8], origin: [Int])? {
        bytes.withUnsafeBufferPointer { buffer -> (text: [UInt8], origin: [Int])? in
            guard let first = firstLookalike(buffer) else { return nil }
            var text = [UInt8]()
            text.reserveCapacity(buffer.count)
            text += buffer[0..<first]
            var origin = Array(0..<first)
            origin.reserveCapacity(buffer.count + 1)
            var index = first
            while index < buffer.count {
                let byte = buffer[index]
                if byte >= 0xC2, let (replacement, length) = applied(buffer, at: index) {
                    if let replacement {
                        text.append(replacement)
                        origin.append(index)
                    }
                    index += length
                    continue
                }
                text.append(byte)
                origin.append(index)
                index += 1
            }
            origin.append(buffer.count)
            return (text, origin)
        }
    }

    /// Where the first lookalike starts; nil when there is none.
    static func firstLookalike(_ buffer: UnsafeBufferPointer<UInt8>) -> Int? {
        var index = 0
        let count = buffer.count
        let raw = UnsafeRawBufferPointer(buffer)
        while index < count {
            if index + 8 <= count, raw.loadUnaligned(fromByteOffset: index, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 {
                index += 8
                continue
            }
            if buffer[index] >= 0xC2, applied(buffer, at: index) != nil { return index }
            index += 1
        }
        return nil
    }

    /// The lookalike at `index` when it is read as another character or as none there: every
    /// one but an invisible character outside ASCII (``isBetweenASCII(_:_:)``).
    static func applied(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (replacement: UInt8?, length: Int)? {
        let (replacement, length) = lookalike(buffer, at: index)
        guard length > 0, replacement != nil || isBetweenASCII(buffer, index..<(index + length)) else { return nil }
        return (replacement, length)
    }

    /// Whether an invisible character stands between ASCII (inside `OFFICIAL-SENSITIVE`, a
    /// NINO): there it hides a word and goes. Between other characters it is kept: a zero-width
    /// joiner makes one emoji of several, a zero-width non-joiner is part of Persian spelling.
    static func isBetweenASCII(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        (range.lowerBound == 0 || buffer[range.lowerBound - 1] < 0x80)
            && (range.upperBound == buffer.count || buffer[range.upperBound] < 0x80)
    }

    /// The lookalike at `index`: the ASCII byte it reads as (nil: it reads as nothing) and its
    /// length in bytes; length 0 when the bytes there are no lookalike.
    @inline(__always) static func lookalike(_ buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> (replacement: UInt8?, length: Int) {
        let lead = buffer[index]
        guard index + 1 < buffer.count else { return (nil, 0) }
        let second = buffer[index + 1]
        if lead == 0xC2 {
            if second == 0xA0 { return (0x20, 2) }  // no-break space
            if second == 0xAD { return (nil, 2) }  // soft hyphen
            return (nil, 0)
        }
        guard index + 2 < buffer.count, lead == 0xE2 || lead == 0xE3 || lead == 0xEF else { return (nil, 0) }
        let third = buffer[index + 2]
        switch (lead, second) {
        case (0xE2, 0x80):
            switch third {
            case 0x80...0x8A, 0xAF: return (0x20, 3)  // en quad … hair space; narrow no-break space
            case 0x8B...0x8F, 0xAA...0xAE: return (nil, 3)  // zero-width space, joiners, direction marks and embeddings
            case 0x90...0x95: return (0x2D, 3)  // hyphen, no-break hyphen, figure dash, en dash, em dash, bar
            default: return (nil, 0)
            }
        case (0xE2, 0x81):
            switch third {
            case 0x9F: return (0x20, 3)  // medium mathematical space
            case 0xA0...0xA4, 0xA6...0xAF: return (nil, 3)  // word joiner, invisible operators, isolates
            default: return (nil, 0)
            }
        case (0xE2, 0x88): return third == 0x92 ? (0x2D, 3) : (nil, 0)  // minus sign
        case (0xE3, 0x80): return third == 0x80 ? (0x20, 3) : (nil, 0)  // ideographic space
        case (0xEF, 0xBB): return third == 0xBF ? (nil, 3) : (nil, 0)  // zero-width no-break space (a BOM inside text)
        case (0xEF, 0xBC): return (0x81...0xBF).contains(third) ? (third - 0x60, 3) : (nil, 0)  // fullwidth ! … _
        case (0xEF, 0xBD): return (0x80...0x9E).contains(third) ? (third - 0x20, 3) : (nil, 0)  // fullwidth ` … ~
        default: return (nil, 0)
        }
    }
}
