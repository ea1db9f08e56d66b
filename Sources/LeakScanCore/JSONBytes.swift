import CByteScan

/// The bytes a JSON string cannot hold as they are, found sixteen at a time: reading a post and
/// writing an incident both walk every string byte looking for them (byte by byte, about ten
/// instructions a byte, on every field of every post and incident; eight at a time, through
/// ``ByteWord``'s tests, still 2.7 % of a scan of real posts' instructions).
public enum JSONBytes {
    /// Offset of the first byte at or after `start` that is a quote, a backslash or a control
    /// character (and DEL, with `orDelete`, which the writer escapes), else `bytes.count`.
    public static func firstSpecial(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, orDelete: Bool = false) -> Int {
        guard let base = bytes.baseAddress, start < bytes.count else { return bytes.count }
        return leakscan_json_special(base, start, bytes.count, orDelete ? 1 : 0)
    }
}
