/// A set of byte values.
struct ByteSet: Hashable, Sendable {
    private(set) var bits = SIMD4<UInt64>(repeating: 0)

    static let all = ByteSet(0...0xFF)
    static let ascii = ByteSet(0...0x7F)
    /// The bytes of multi-byte UTF-8 sequences (and of invalid input).
    static let high = ByteSet(0x80...0xFF)

    init() {}
    init(_ range: ClosedRange<UInt8>) { for byte in range { insert(byte) } }

    func contains(_ byte: UInt8) -> Bool { bits[Int(byte >> 6)] & (1 << UInt64(byte & 63)) != 0 }
    mutating func insert(_ byte: UInt8) { bits[Int(byte >> 6)] |= 1 << UInt64(byte & 63) }
    var isEmpty: Bool { bits == SIMD4(repeating: 0) }
    var count: Int { (0..<4).reduce(0) { $0 + bits[$1].nonzeroBitCount } }
    func intersection(_ other: ByteSet) -> ByteSet {
        var result = self
        result.bits &= other.bits
        return result
    }
    func union(_ other: ByteSet) -> ByteSet {
        var result = self
        result.bits |= other.bits
        return result
    }
    /// The ASCII bytes not in this set.
    var asciiComplement: ByteSet {
        var result = ByteSet()
        result.bits = ~bits & ByteSet.ascii.bits
        return result
    }
}
