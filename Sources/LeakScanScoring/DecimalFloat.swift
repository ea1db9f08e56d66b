/// Decimal text to `Float`, rounded exactly as `Float(String)` (C's `strtof`) rounds it, for
/// the model file's numbers: reading its 80,000 ratios and weights through `strtof` was a tenth
/// of every scan's start-up.
enum DecimalFloat {
    /// Powers of ten a `Double` holds exactly.
    private static let exactPowers: [Double] = (0...22).map { power in (0..<power).reduce(1.0) { value, _ in value * 10 } }

    static func parse(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Float? {
        fast(bytes) ?? Float(String(decoding: UnsafeBufferPointer(rebasing: bytes), as: UTF8.self))
    }

    /// Clinger's fast path for `[-]digits[.digits]` of at most 15 significant digits: the
    /// digits and the power of ten are exact `Double`s, so their quotient is the correctly
    /// rounded `Double`. Rounding that again to `Float` agrees with rounding the decimal once
    /// unless the `Double` lies exactly halfway between two `Float`s (it may have been rounded
    /// onto the midpoint), or in `Float`'s subnormal range: those, and every other form, are
    /// left to `strtof` (nil).
    static func fast(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Float? {
        var index = bytes.startIndex
        let negative = index < bytes.endIndex && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        var digits: UInt64 = 0
        var digitCount = 0
        var fractionDigits = 0
        var sawPoint = false
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: ".") && !sawPoint {
                sawPoint = true
            } else if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") {
                digits = digits &* 10 &+ UInt64(byte - UInt8(ascii: "0"))
                if digits != 0 { digitCount += 1 }
                if sawPoint { fractionDigits += 1 }
            } else {
                return nil
            }
            index += 1
        }
        let integerDigits = bytes.count - (negative ? 1 : 0) - (sawPoint ? 1 : 0) - fractionDigits
        guard integerDigits > 0, !sawPoint || fractionDigits > 0, digitCount <= 15, fractionDigits < exactPowers.count else {
            return nil
        }
        let magnitude = Double(digits) / exactPowers[fractionDigits]
        guard magnitude == 0 || magnitude >= Double(Float.leastNormalMagnitude) && magnitude <= Double(Float.greatestFiniteMagnitude),
            magnitude.bitPattern & 0x1FFF_FFFF != 0x1000_0000
        else { return nil }
        return Float(negative ? -magnitude : magnitude)
    }
}
