/// Characters that read as an ASCII space, hyphen or letter, or as nothing, but are other bytes:
/// a no-break space between the groups of a NINO (Word puts them there, and mail clients keep
/// them in plain text), an en dash between a card's groups, a soft hyphen or a zero-width space
/// inside `OFFICIAL-SENSITIVE`, fullwidth letters and digits. Patterns written for what a
/// reader sees missed all of them. Text is matched as the reader sees it: each becomes the
/// ASCII character it shows, or goes (an invisible one only between ASCII characters).
///
/// Greek and Cyrillic letters that look Latin (Cyrillic `С` in `OFFIСIAL`, Unicode's
/// confusables, UTS #39) are read as the Latin letter only inside a word that has a Latin
/// letter too, the mixed-script word UTS #39 calls suspicious: a real Greek or Cyrillic word
/// is left as written, since read as Latin it would spell English words by chance (`сор`, `Рор`).
/// A word written wholly in lookalikes (`АВ` before a NINO's digits) is left alone for the same
/// reason.
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
        let lead = buffer[index]
        if lead >= 0xCD && lead <= 0xD4 {
            guard index + 1 < buffer.count, let letter = latinLetter(lead, buffer[index + 1]),
                isInLatinWord(buffer, index..<(index + 2))
            else { return nil }
            return (letter, 2)
        }
        let (replacement, length) = lookalike(buffer, at: index)
        guard length > 0, replacement != nil || isBetweenASCII(buffer, index..<(index + length)) else { return nil }
        return (replacement, length)
    }

    /// The Latin letter the Greek or Cyrillic letter `lead second` (UTF-8, U+0340–U+053F) looks
    /// like, in its own case; nil for the others.
    @inline(__always) static func latinLetter(_ lead: UInt8, _ second: UInt8) -> UInt8? {
        guard second & 0xC0 == 0x80 else { return nil }
        let scalar = Int(lead & 0x1F) << 6 | Int(second & 0x3F)
        let letter = latinLetters[scalar - 0x340]
        return letter == 0 ? nil : letter
    }

    /// Per code point from U+0340 to U+053F: the Latin letter it looks like (its prototype in
    /// Unicode's confusables, in the letter's own case), or 0.
    static let latinLetters: [UInt8] = {
        let pairs: [(UInt32, Character)] = [
            // Greek
            (0x37F, "J"), (0x391, "A"), (0x392, "B"), (0x395, "E"), (0x396, "Z"), (0x397, "H"), (0x399, "I"), (0x39A, "K"),
            (0x39C, "M"), (0x39D, "N"), (0x39F, "O"), (0x3A1, "P"), (0x3A4, "T"), (0x3A5, "Y"), (0x3A7, "X"), (0x3B1, "a"),
            (0x3B3, "y"), (0x3B9, "i"), (0x3BD, "v"), (0x3BF, "o"), (0x3C1, "p"), (0x3C3, "o"), (0x3C5, "u"), (0x3D2, "Y"),
            (0x3DC, "F"), (0x3F1, "p"), (0x3F2, "c"), (0x3F3, "j"), (0x3F9, "C"), (0x3FA, "M"),
            // Cyrillic
            (0x405, "S"), (0x406, "I"), (0x408, "J"), (0x410, "A"), (0x412, "B"), (0x415, "E"), (0x41A, "K"), (0x41C, "M"),
            (0x41D, "H"), (0x41E, "O"), (0x420, "P"), (0x421, "C"), (0x422, "T"), (0x423, "Y"), (0x425, "X"), (0x42C, "b"),
            (0x430, "a"), (0x433, "r"), (0x435, "e"), (0x43E, "o"), (0x440, "p"), (0x441, "c"), (0x443, "y"), (0x445, "x"),
            (0x455, "s"), (0x456, "i"), (0x458, "j"), (0x461, "w"), (0x474, "V"), (0x475, "v"), (0x4AE, "Y"), (0x4AF, "y"),
            (0x4BB, "h"), (0x4BD, "e"), (0x4C0, "I"), (0x4CF, "i"), (0x501, "d"), (0x50C, "G"), (0x51B, "q"), (0x51C, "W"),
            (0x51D, "w"),
        ]
        var table = [UInt8](repeating: 0, count: 0x200)
        for (scalar, letter) in pairs { table[Int(scalar) - 0x340] = letter.asciiValue! }
        return table
    }()

    /// Whether the word holding `range` (letters and digits, ASCII or two-byte UTF-8 up to
    /// U+053F) has an ASCII letter. At most ``wordReach`` bytes are looked at either way: a
    /// run longer than a word is no word, and a megabyte of Cyrillic costs no more per letter.
    static func isInLatinWord(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        @inline(__always) func isASCIILetter(_ byte: UInt8) -> Bool { (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A }
        @inline(__always) func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }
        @inline(__always) func isTwoByteLead(_ byte: UInt8) -> Bool { byte >= 0xC3 && byte <= 0xD4 }
        var index = range.upperBound
        while index < buffer.count, index - range.upperBound < wordReach {
            let byte = buffer[index]
            if isASCIILetter(byte) { return true }
            if isDigit(byte) {
                index += 1
            } else if isTwoByteLead(byte), index + 1 < buffer.count, buffer[index + 1] & 0xC0 == 0x80 {
                index += 2
            } else {
                break
            }
        }
        index = range.lowerBound
        while index > 0, range.lowerBound - index < wordReach {
            let byte = buffer[index - 1]
            if isASCIILetter(byte) { return true }
            if isDigit(byte) {
                index -= 1
            } else if byte & 0xC0 == 0x80, index >= 2, isTwoByteLead(buffer[index - 2]) {
                index -= 2
            } else {
                break
            }
        }
        return false
    }

    /// Bytes looked at on either side of a letter for the rest of its word.
    static let wordReach = 64

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
