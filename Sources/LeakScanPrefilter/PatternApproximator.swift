// Over 400 lines on purpose: this is one recursive-descent reader of PCRE2's pattern syntax,
// and its productions (alternation, sequence, atoms, classes, escapes, repeats) call each other;
// split across files they would still be one type.

/// A pattern feature the approximation does not model (back-references, recursion,
/// conditionals): the rule then runs without this gate.
struct UnsupportedPattern: Error, Equatable {
    var reason: String
}

/// Parses the PCRE2 syntax LeakScan's rules use into an ``ApproximatePattern``.
struct PatternApproximator {
    private let bytes: [UInt8]
    private var position = 0
    /// Extended mode (`x`): unescaped white space and `#` comments are not pattern text.
    private var extended: Bool
    /// Caseless mode (`i`): letters match both cases.
    private var caseless: Bool

    static func approximate(
        _ pattern: String, caseless: Bool = false, extended: Bool = false
    ) throws(UnsupportedPattern) -> ApproximatePattern {
        var parser = PatternApproximator(bytes: Array(pattern.utf8), extended: extended, caseless: caseless)
        let result = try parser.alternation()
        guard parser.position == parser.bytes.count else { throw UnsupportedPattern(reason: "unbalanced ')'") }
        return result
    }

    private init(bytes: [UInt8], extended: Bool, caseless: Bool) {
        self.bytes = bytes
        self.extended = extended
        self.caseless = caseless
    }

    private func folded(_ characters: CharacterClass) -> CharacterClass { caseless ? characters.caseFolded : characters }

    private var current: UInt8? { position < bytes.count ? bytes[position] : nil }

    private func startsWith(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        return position + needle.count <= bytes.count && Array(bytes[position..<(position + needle.count)]) == needle
    }

    private mutating func alternation() throws(UnsupportedPattern) -> ApproximatePattern {
        let saved = (extended, caseless)
        defer { (extended, caseless) = saved }
        var branches = [try sequence()]
        while current == UInt8(ascii: "|") {
            position += 1
            branches.append(try sequence())
        }
        return branches.count == 1 ? branches[0] : .choice(branches)
    }

    private mutating func sequence() throws(UnsupportedPattern) -> ApproximatePattern {
        var items = [ApproximatePattern]()
        while true {
            skipExtendedSpace()
            guard let byte = current, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") else { break }
            guard let atom = try atom() else { continue }
            items.append(try quantified(atom))
        }
        return items.count == 1 ? items[0] : .sequence(items)
    }

    private mutating func skipExtendedSpace() {
        guard extended else { return }
        while let byte = current {
            if byte == 0x20 || (0x09...0x0D).contains(byte) {
                position += 1
            } else if byte == UInt8(ascii: "#") {
                while let next = current, next != 0x0A { position += 1 }
            } else {
                return
            }
        }
    }

    private mutating func quantified(_ atom: ApproximatePattern) throws(UnsupportedPattern) -> ApproximatePattern {
        skipExtendedSpace()
        let bounds: (Int, Int?)
        switch current {
        case UInt8(ascii: "*"): bounds = (0, nil)
        case UInt8(ascii: "+"): bounds = (1, nil)
        case UInt8(ascii: "?"): bounds = (0, 1)
        case UInt8(ascii: "{"):
            guard let counted = countedRepeat() else { return atom }
            bounds = counted
        default: return atom
        }
        position += 1
        if current == UInt8(ascii: "?") || current == UInt8(ascii: "+") { position += 1 }  // lazy, possessive
        if case .assertion = atom { return atom }
        return .repetition(atom, min: bounds.0, max: bounds.1)
    }

    /// `{n}`, `{n,}` or `{n,m}` at the current position, leaving it on the closing brace; nil
    /// when the brace is a literal.
    private mutating func countedRepeat() -> (Int, Int?)? {
        var index = position + 1
        func number() -> Int? {
            let start = index
            while index < bytes.count, (0x30...0x39).contains(bytes[index]) { index += 1 }
            guard index > start, index - start < 6 else { return nil }
            return Int(String(decoding: bytes[start..<index], as: UTF8.self))
        }
        guard let minimum = number(), index < bytes.count else { return nil }
        var maximum: Int? = minimum
        if bytes[index] == UInt8(ascii: ",") {
            index += 1
            maximum = number()
        }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "}") else { return nil }
        if let maximum, maximum < minimum { return nil }
        position = index
        return (minimum, maximum)
    }

    private mutating func atom() throws(UnsupportedPattern) -> ApproximatePattern? {
        guard let byte = current else { return nil }
        switch byte {
        case UInt8(ascii: "("): return try group()
        case UInt8(ascii: "["):
            position += 1
            return .character(try characterClass())
        case UInt8(ascii: "\\"): return try escape()
        case UInt8(ascii: "."):
            position += 1
            return .character(.any)
        case UInt8(ascii: "^"), UInt8(ascii: "$"):
            position += 1
            return .assertion(nil)
        default:
            return .character(literalCharacter())
        }
    }

    /// One literal character (an ASCII byte or a whole UTF-8 sequence), caseless.
    private mutating func literalCharacter() -> CharacterClass {
        let byte = bytes[position]
        position += 1
        guard byte >= 0x80 else {
            var set = ByteSet()
            set.insert(byte)
            return folded(CharacterClass(ascii: set))
        }
        while let next = current, next & 0xC0 == 0x80 { position += 1 }
        return CharacterClass(nonASCII: true)
    }

    private mutating func group() throws(UnsupportedPattern) -> ApproximatePattern? {
        position += 1  // "("
        if current == UInt8(ascii: "*") { return try verb() }
        guard current == UInt8(ascii: "?") else { return try closeGroup(try alternation()) }
        position += 1
        let lookarounds: [(String, Bool, Bool)] = [("=", false, false), ("!", false, true), ("<=", true, false), ("<!", true, true)]
        for (prefix, behind, negative) in lookarounds where startsWith(prefix) {
            position += prefix.utf8.count
            let body = try closeGroup(try alternation())
            if case .character(let characters) = body {
                return .assertion(.init(behind: behind, negative: negative, characters: characters))
            }
            return .assertion(nil)
        }
        if current == UInt8(ascii: "#") {
            while let next = current, next != UInt8(ascii: ")") { position += 1 }
            position += 1
            return nil
        }
        for prefix in [":", "|", ">"] where startsWith(prefix) {
            position += 1
            return try closeGroup(try alternation())
        }
        if startsWith("P<") || (startsWith("<") && !startsWith("<=") && !startsWith("<!")) || startsWith("'") {
            let close = startsWith("'") ? UInt8(ascii: "'") : UInt8(ascii: ">")
            while let next = current, next != close { position += 1 }
            position += 1
            return try closeGroup(try alternation())
        }
        return try optionSetting()
    }

    private mutating func closeGroup(_ body: ApproximatePattern) throws(UnsupportedPattern) -> ApproximatePattern {
        guard current == UInt8(ascii: ")") else { throw UnsupportedPattern(reason: "missing ')'") }
        position += 1
        return body
    }

    /// `(?imsx-imsx)` (to the end of the enclosing group) or `(?imsx-imsx:…)`. Only `i` and
    /// `x` change the approximation; `.` already matches newlines and anchors are dropped.
    private mutating func optionSetting() throws(UnsupportedPattern) -> ApproximatePattern? {
        var turnOn = true
        var newExtended = extended
        var newCaseless = caseless
        while let byte = current, byte != UInt8(ascii: ")"), byte != UInt8(ascii: ":") {
            switch byte {
            case UInt8(ascii: "-"): turnOn = false
            case UInt8(ascii: "^"): (newExtended, newCaseless) = (false, false)
            case UInt8(ascii: "x"):
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "x") {
                    throw UnsupportedPattern(reason: "(?xx)")
                }
                newExtended = turnOn
            case UInt8(ascii: "i"): newCaseless = turnOn
            case UInt8(ascii: "m"), UInt8(ascii: "s"), UInt8(ascii: "n"), UInt8(ascii: "J"), UInt8(ascii: "U"):
                break
            default:
                throw UnsupportedPattern(reason: "group syntax '(?\(Character(Unicode.Scalar(byte)))'")
            }
            position += 1
        }
        guard let end = current else { throw UnsupportedPattern(reason: "missing ')'") }
        position += 1
        if end == UInt8(ascii: ")") {
            (extended, caseless) = (newExtended, newCaseless)
            return nil
        }
        let saved = (extended, caseless)
        (extended, caseless) = (newExtended, newCaseless)
        defer { (extended, caseless) = saved }
        return try closeGroup(try alternation())
    }

    /// `(*UCP)`, `(*UTF)` and backtracking verbs only narrow what matches; `(*ACCEPT)` ends a
    /// match early, which the approximation cannot follow.
    private mutating func verb() throws(UnsupportedPattern) -> ApproximatePattern? {
        let start = position
        while let next = current, next != UInt8(ascii: ")") { position += 1 }
        let name = String(decoding: bytes[start..<position], as: UTF8.self)
        position += 1
        if name.hasPrefix("*ACCEPT") { throw UnsupportedPattern(reason: "(*ACCEPT)") }
        return .assertion(nil)
    }

    private mutating func escape() throws(UnsupportedPattern) -> ApproximatePattern {
        position += 1
        guard let byte = current else { throw UnsupportedPattern(reason: "trailing backslash") }
        switch byte {
        case UInt8(ascii: "b"), UInt8(ascii: "B"), UInt8(ascii: "A"), UInt8(ascii: "z"), UInt8(ascii: "Z"), UInt8(ascii: "G"),
            UInt8(ascii: "K"):
            position += 1
            return .assertion(nil)
        case UInt8(ascii: "R"):
            position += 1
            let crlf = ApproximatePattern.sequence([.character(Self.single(0x0D)), .character(Self.single(0x0A))])
            return .choice([.character(CharacterClass(ascii: Self.verticalSpace, nonASCII: true)), crlf])
        case UInt8(ascii: "Q"):
            position += 1
            var items = [ApproximatePattern]()
            while position < bytes.count, !startsWith("\\E") { items.append(.character(literalCharacter())) }
            if startsWith("\\E") { position += 2 }
            return .sequence(items)
        default:
            return .character(try escapedCharacter(inClass: false))
        }
    }

    static func single(_ byte: UInt8) -> CharacterClass { CharacterClass(ascii: set([byte])) }

    static func set(_ bytes: [UInt8]) -> ByteSet {
        var set = ByteSet()
        for byte in bytes { set.insert(byte) }
        return set
    }

    static let digits = ByteSet(0x30...0x39)
    static let wordBytes = digits.union(ByteSet(0x41...0x5A)).union(ByteSet(0x61...0x7A)).union(set([0x5F]))
    static let spaceBytes = set([0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20])
    static let horizontalSpace = set([0x09, 0x20])
    static let verticalSpace = set([0x0A, 0x0B, 0x0C, 0x0D])
    /// Escapes for one control character (`\t`, `\n`…), shared by classes and atoms; `\b`
    /// is a backspace only inside a class.
    static let controlEscapes: [UInt8: UInt8] = [
        UInt8(ascii: "n"): 0x0A, UInt8(ascii: "r"): 0x0D, UInt8(ascii: "t"): 0x09, UInt8(ascii: "f"): 0x0C,
        UInt8(ascii: "e"): 0x1B, UInt8(ascii: "a"): 0x07,
    ]
    static let backspace: UInt8 = 0x08
    static let letters = ByteSet(0x41...0x5A).union(ByteSet(0x61...0x7A))

    /// The character an escape stands for, the backslash already consumed. Escapes that are
    /// not characters (back-references, `\g`, `\k`) are unsupported.
    private mutating func escapedCharacter(inClass: Bool) throws(UnsupportedPattern) -> CharacterClass {
        let byte = bytes[position]
        position += 1
        if byte == UInt8(ascii: "N"), current == UInt8(ascii: "{") { throw UnsupportedPattern(reason: "\\N{…}") }
        if let control = Self.controlEscapes[byte] { return Self.single(control) }
        if inClass && byte == UInt8(ascii: "b") { return Self.single(Self.backspace) }
        let known: CharacterClass? =
            switch byte {
            case UInt8(ascii: "d"): CharacterClass(ascii: Self.digits, nonASCII: true)
            case UInt8(ascii: "w"): CharacterClass(ascii: Self.wordBytes, nonASCII: true)
            case UInt8(ascii: "s"): CharacterClass(ascii: Self.spaceBytes, nonASCII: true)
            case UInt8(ascii: "h"): CharacterClass(ascii: Self.horizontalSpace, nonASCII: true)
            case UInt8(ascii: "v"): CharacterClass(ascii: Self.verticalSpace, nonASCII: true)
            case UInt8(ascii: "D"): CharacterClass(ascii: Self.digits).complement
            case UInt8(ascii: "W"): CharacterClass(ascii: Self.wordBytes).complement
            case UInt8(ascii: "S"): CharacterClass(ascii: Self.spaceBytes).complement
            case UInt8(ascii: "H"): CharacterClass(ascii: Self.horizontalSpace).complement
            case UInt8(ascii: "V"): CharacterClass(ascii: Self.verticalSpace).complement
            case UInt8(ascii: "N"): CharacterClass(ascii: Self.set([0x0A])).complement
            default: nil
            }
        if let known { return known }
        switch byte {
        case UInt8(ascii: "p"), UInt8(ascii: "P"): return propertyClass(negated: byte == UInt8(ascii: "P"))
        case UInt8(ascii: "x"): return try hexCharacter()
        case UInt8(ascii: "0"):
            var value = 0
            while value < 0o40, let next = current, (0x30...0x37).contains(next) {
                value = value * 8 + Int(next - 0x30)
                position += 1
            }
            return character(value)
        default:
            let isAlphanumeric = Self.wordBytes.contains(byte) && byte != UInt8(ascii: "_")
            guard !isAlphanumeric else {
                throw UnsupportedPattern(reason: "escape '\\\(Character(Unicode.Scalar(byte)))'")
            }
            position -= 1
            return literalCharacter()
        }
    }

    private func character(_ value: Int) -> CharacterClass {
        value < 0x80 ? folded(Self.single(UInt8(value))) : CharacterClass(nonASCII: true)
    }

    private mutating func hexCharacter() throws(UnsupportedPattern) -> CharacterClass {
        var digits = [UInt8]()
        if current == UInt8(ascii: "{") {
            position += 1
            while let next = current, next != UInt8(ascii: "}") {
                digits.append(next)
                position += 1
            }
            position += 1
        } else {
            while digits.count < 2, let next = current, Character(Unicode.Scalar(next)).isHexDigit {
                digits.append(next)
                position += 1
            }
        }
        guard let value = Int(String(decoding: digits, as: UTF8.self), radix: 16) ?? (digits.isEmpty ? 0 : nil) else {
            throw UnsupportedPattern(reason: "bad \\x escape")
        }
        return character(value)
    }

    /// `\p{…}`/`\P{…}`: letters and numbers keep their ASCII part; any other property (and
    /// every negated one) is widened to every character.
    private mutating func propertyClass(negated: Bool) -> CharacterClass {
        var name = ""
        if current == UInt8(ascii: "{") {
            position += 1
            while let next = current, next != UInt8(ascii: "}") {
                name.append(Character(Unicode.Scalar(next)))
                position += 1
            }
            position += 1
        } else if let next = current {
            name = String(Character(Unicode.Scalar(next)))
            position += 1
        }
        guard !negated, !name.hasPrefix("^") else { return .any }
        if name.hasPrefix("L") { return CharacterClass(ascii: Self.letters, nonASCII: true) }
        if name.hasPrefix("N") { return CharacterClass(ascii: Self.digits, nonASCII: true) }
        return .any
    }

    /// A bracketed class, the `[` already consumed.
    private mutating func characterClass() throws(UnsupportedPattern) -> CharacterClass {
        var negated = false
        if current == UInt8(ascii: "^") {
            negated = true
            position += 1
        }
        var result = CharacterClass()
        var first = true
        while true {
            guard let byte = current else { throw UnsupportedPattern(reason: "missing ']'") }
            if byte == UInt8(ascii: "]") && !first {
                position += 1
                break
            }
            first = false
            if startsWith("[:") {
                result = result.union(try posixClass())
                continue
            }
            let low = try classMember()
            // A range: `a-z`, unless the '-' is last ("[a-]") or the low end is a class ("\d-").
            if current == UInt8(ascii: "-"), position + 1 < bytes.count, bytes[position + 1] != UInt8(ascii: "]"),
                let lowValue = low.value
            {
                position += 1
                let high = try classMember()
                guard let highValue = high.value else {
                    result = result.union(low.characters).union(high.characters).union(Self.single(UInt8(ascii: "-")))
                    continue
                }
                guard lowValue <= highValue else { throw UnsupportedPattern(reason: "reversed range") }
                if lowValue < 0x80 {
                    result.ascii = result.ascii.union(ByteSet(UInt8(lowValue)...UInt8(min(highValue, 0x7F))))
                }
                if highValue >= 0x80 { result.nonASCII = true }
                continue
            }
            result = result.union(low.characters)
        }
        return negated ? folded(result).complement : folded(result)
    }

    /// One member of a bracketed class: its characters, and its code point when it is a
    /// single character (so it can start or end a range).
    private mutating func classMember() throws(UnsupportedPattern) -> (characters: CharacterClass, value: Int?) {
        let byte = bytes[position]
        if byte == UInt8(ascii: "\\") {
            position += 1
            guard position < bytes.count else { throw UnsupportedPattern(reason: "trailing backslash") }
            let escaped = bytes[position]
            if escaped == UInt8(ascii: "Q") || escaped == UInt8(ascii: "E") {
                throw UnsupportedPattern(reason: "\\Q inside a class")
            }
            let start = position
            let characters = try escapedCharacter(inClass: true)
            let isSingle = !characters.nonASCII && characters.ascii.count <= 2
            if isSingle, let value = Self.escapeValue(bytes[start..<position]) { return (characters, value) }
            return (characters, nil)
        }
        if byte < 0x80 {
            position += 1
            return (Self.single(byte), Int(byte))
        }
        let start = position
        position += 1
        while let next = current, next & 0xC0 == 0x80 { position += 1 }
        let scalar = String(decoding: bytes[start..<position], as: UTF8.self).unicodeScalars.first
        return (CharacterClass(nonASCII: true), scalar.map { Int($0.value) })
    }

    /// The code point of a single-character escape (`\-`, `\x41`, `\t`), for ranges.
    private static func escapeValue(_ escape: ArraySlice<UInt8>) -> Int? {
        guard let first = escape.first else { return nil }
        if let control = controlEscapes[first] { return Int(control) }
        if first == UInt8(ascii: "b") { return Int(backspace) }
        if first == UInt8(ascii: "x") {
            let digits = escape.dropFirst().filter { Character(Unicode.Scalar($0)).isHexDigit }
            return Int(String(decoding: digits, as: UTF8.self), radix: 16) ?? 0
        }
        return wordBytes.contains(first) ? nil : Int(first)
    }

    private mutating func posixClass() throws(UnsupportedPattern) -> CharacterClass {
        position += 2
        let negated = current == UInt8(ascii: "^")
        if negated { position += 1 }
        var name = ""
        while let next = current, next != UInt8(ascii: ":") {
            name.append(Character(Unicode.Scalar(next)))
            position += 1
        }
        guard startsWith(":]") else { throw UnsupportedPattern(reason: "bad POSIX class") }
        position += 2
        let lower = ByteSet(0x61...0x7A)
        let upper = ByteSet(0x41...0x5A)
        let sets: [String: ByteSet] = [
            "alpha": Self.letters, "digit": Self.digits, "alnum": Self.letters.union(Self.digits), "space": Self.spaceBytes,
            "upper": upper, "lower": lower, "word": Self.wordBytes, "blank": Self.horizontalSpace,
            "xdigit": Self.digits.union(ByteSet(0x41...0x46)).union(ByteSet(0x61...0x66)),
        ]
        guard !negated, let set = sets[name] else { return .any }
        return CharacterClass(ascii: set, nonASCII: true)
    }
}
