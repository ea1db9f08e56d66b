/// The longest run of digits in a text, where single spaces, dashes, dots or slashes between
/// digits do not break the run ("4111 1111-1111 1111" is a run of 16): the cheap gate for
/// identifiers that have no literal to look for.
public func longestDigitRun(_ text: UnsafeBufferPointer<UInt8>) -> Int {
    var longest = 0
    var current = 0
    var previousWasDigit = false
    var separatorPending = false
    for byte in text {
        if byte >= 0x30 && byte <= 0x39 {
            current += 1
            if current > longest { longest = current }
            previousWasDigit = true
            separatorPending = false
        } else if previousWasDigit && !separatorPending && (byte == 0x20 || byte == 0x2D || byte == 0x2E || byte == 0x2F) {
            separatorPending = true
            previousWasDigit = false
        } else {
            current = 0
            previousWasDigit = false
            separatorPending = false
        }
    }
    return longest
}
