/// The bytes a JSON string cannot hold as they are, found eight at a time: reading a post and
/// writing an incident both walk every string byte looking for them (byte by byte, about ten
/// instructions a byte, on every field of every post and incident).
public enum JSONBytes {
    /// Offset of the first byte at or after `start` that is a quote, a backslash or a control
    /// character (and DEL, with `orDelete`, which the writer escapes), else `bytes.count`.
    ///
    /// Each word test is exact for "some byte of the word": `v − 0x0101…` borrows into a
    /// byte's top bit only where that byte, or one below it, is zero (below 0x20 likewise).
    public static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, orDelete: Bool = false) -> Int {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        @inline(__always) func hasZero(_ v: UInt64) -> Bool { (v &- ones) & ~v & high != 0 }
        var offset = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let control = (word &- 0x20 &* ones) & ~word & high != 0  // some byte < 0x20
                if control || hasZero(word ^ (0x22 &* ones)) || hasZero(word ^ (0x5C &* ones))
                    || (orDelete && hasZero(word ^ (0x7F &* ones)))
                {
                    break  // the byte loop below finds which
                }
                offset += 8
            }
        }
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte < 0x20 || byte == 0x22 || byte == 0x5C || (orDelete && byte == 0x7F) { return offset }
            offset += 1
        }
        return bytes.count
    }
}
