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

    /// ``firstSpecial(in:from:orDelete:)`` (DEL not counted), and whether every byte before it
    /// is ASCII: a JSON string's plain run, and whether it needs a UTF-8 check at all (found by
    /// the same compares; checking every name and value of every post on its own cost a tenth
    /// of reading a post).
    public static func plainRun(in bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> (end: Int, isASCII: Bool) {
        guard let base = bytes.baseAddress, start < bytes.count else { return (bytes.count, true) }
        var nonASCII: Int32 = 0
        let end = leakscan_json_scan(base, start, bytes.count, 0, &nonASCII)
        return (end, nonASCII == 0)
    }
}
