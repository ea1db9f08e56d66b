/// What one character position of a pattern can match, as bytes: a set of ASCII bytes, and
/// whether it can also match a non-ASCII character (any run of bytes ≥ 0x80 stands for it).
struct CharacterClass: Hashable, Sendable {
    var ascii = ByteSet()
    var nonASCII = false
    /// The ASCII part is exactly the class's ASCII members (not widened), so its complement
    /// is exact too: a negative look-around can be modelled only with an exact class.
    var exact = true

    /// Every character; `exact` is false because it stands for classes the parser widens.
    static let any = CharacterClass(ascii: .ascii, nonASCII: true, exact: false)

    /// The ASCII bytes outside the class, and every non-ASCII character (a non-ASCII
    /// character may or may not be in the class; assuming it may be outside keeps the
    /// approximation a superset).
    var complement: CharacterClass { CharacterClass(ascii: ascii.asciiComplement, nonASCII: true, exact: exact) }

    /// Letters in both cases. `k` and `s` also gain non-ASCII (PCRE2 folds them with the
    /// Kelvin sign and long s in UTF mode).
    var caseFolded: CharacterClass {
        var result = self
        for byte in UInt8(ascii: "A")...UInt8(ascii: "Z") where ascii.contains(byte) || ascii.contains(byte | 0x20) {
            result.ascii.insert(byte)
            result.ascii.insert(byte | 0x20)
            if byte == UInt8(ascii: "K") || byte == UInt8(ascii: "S") { result.nonASCII = true }
        }
        return result
    }
}

extension CharacterClass {
    /// One byte of a literal (not a character), and its other ASCII case.
    init(literalByte byte: UInt8) {
        ascii.insert(byte)
        if PatternApproximator.letters.contains(byte) { ascii.insert(byte ^ 0x20) }
    }

    func union(_ other: CharacterClass) -> CharacterClass {
        CharacterClass(ascii: ascii.union(other.ascii), nonASCII: nonASCII || other.nonASCII, exact: exact && other.exact)
    }
}
