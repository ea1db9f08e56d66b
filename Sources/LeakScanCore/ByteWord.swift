/// Tests on eight bytes at once, read as one little-endian word (the byte at the lowest address
/// in the low bits): the scans of this module that skip plain text eight bytes at a time
/// (``ExcerptBuilder``, ``Base64Lines``) share them.
///
/// Each gives the high bit of every byte it finds, exact as to whether the word holds any such
/// byte; a byte just above one it finds may be flagged too (a borrow), never one below the
/// lowest. So the lowest flag, of one test or of several ORed together, is always a true one
/// (`trailingZeroBitCount / 8` is its byte); a caller that needs every such byte looks again,
/// byte by byte.
enum ByteWord {
    /// `0x01` in every byte; `byte &* ones` is `byte` in every byte.
    static let ones: UInt64 = 0x0101_0101_0101_0101
    /// The high bit of every byte.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The zero bytes of `word`.
    @inline(__always) static func zeroBytes(_ word: UInt64) -> UInt64 { (word &- ones) & ~word & highBits }

    /// The bytes of `word` equal to `byte`.
    @inline(__always) static func bytes(_ word: UInt64, equalTo byte: UInt8) -> UInt64 { zeroBytes(word ^ (UInt64(byte) &* ones)) }

    /// The bytes of `word` below `limit` (at most 0x80).
    @inline(__always) static func bytes(_ word: UInt64, below limit: UInt8) -> UInt64 { (word &- UInt64(limit) &* ones) & ~word & highBits }
}
