/// An incident's fingerprint: 128 bits of a keyed hash of (message, rule, value), shown as 32
/// lower-case hexadecimal digits (in records, the state database and on the command line).
///
/// A value, not a string: as a 32-character string each incident's fingerprint was a heap
/// allocation (an eighth of the time spent making fingerprints), freed with the incident,
/// and compared and written as text. Digits are made only where it is shown.
public struct Fingerprint: Sendable, Hashable {
    /// The first 8 bytes, most significant first, and the next 8.
    public let high: UInt64
    public let low: UInt64

    public init(high: UInt64, low: UInt64) { (self.high, self.low) = (high, low) }

    /// The first 16 bytes of `bytes` (at least 16), in order.
    public init(bytes: UnsafeRawBufferPointer) {
        precondition(bytes.count >= 16, "a fingerprint is 16 bytes")
        self.init(
            high: UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)),
            low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// `body` given the 16 bytes, in order.
    private func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        withUnsafeBytes(of: (high.bigEndian, low.bigEndian), body)
    }

    /// The fingerprint written as `hex`: 32 hexadecimal digits (either case); nil for
    /// anything else.
    public init?(hex: String) {
        let digits = Array(hex.utf8)
        guard digits.count == 32 else { return nil }
        var halves: (UInt64, UInt64) = (0, 0)
        for (index, digit) in digits.enumerated() {
            let value: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): value = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): value = digit - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): value = digit - UInt8(ascii: "A") + 10
            default: return nil
            }
            if index < 16 { halves.0 = halves.0 << 4 | UInt64(value) } else { halves.1 = halves.1 << 4 | UInt64(value) }
        }
        self.init(high: halves.0, low: halves.1)
    }

    /// The 32 lower-case hexadecimal digits, handed to `body` from the stack.
    public func withHexDigits<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 32) { digits in
            withBytes { $0.writeHexDigits(to: digits.baseAddress!) }
            return body(UnsafeBufferPointer(digits))
        }
    }
}

extension Fingerprint: CustomStringConvertible {
    /// The 32 lower-case hexadecimal digits.
    public var description: String { withBytes(\.hexString) }
}
