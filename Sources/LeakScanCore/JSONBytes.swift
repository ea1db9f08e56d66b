/// The bytes a JSON string cannot hold as they are, found eight at a time: reading a post and
/// writing an incident both walk every string byte looking for them (byte by byte, about ten
/// instructions a byte, on every field of every post and incident).
public enum JSONBytes {
    /// Offset of the first byte at or after `start` that is a quote, a backslash or a control
    /// character (and DEL, with `orDelete`, which the writer escapes), else `bytes.count`.
    ///
    /// Eight bytes at a time with ``ByteWord``'s tests, whose lowest flag is the byte.
    public static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, orDelete: Bool = false) -> Int {
        var offset = start
        if let base = bytes.baseAddress {
            let raw = UnsafeRawPointer(base)
            while offset + 8 <= bytes.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                let special =
                    ByteWord.bytes(word, below: 0x20) | ByteWord.bytes(word, equalTo: 0x22) | ByteWord.bytes(word, equalTo: 0x5C)
                    | (orDelete ? ByteWord.bytes(word, equalTo: 0x7F) : 0)
                if special != 0 { return offset + special.trailingZeroBitCount / 8 }
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
