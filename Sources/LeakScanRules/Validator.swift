/// Named checks that a matched value must pass. A regex finds candidates; the checksum or
/// issuing rule then removes the many digit runs that merely look like identifiers.
public enum Validator: String, Sendable, Hashable, CaseIterable {
    /// Payment card numbers: 13–19 digits with a valid Luhn check digit.
    case luhn
    /// UK National Insurance numbers under HMRC's prefix rules.
    case nino
    /// NHS numbers: 10 digits with a valid modulus-11 check digit.
    case nhsMod11 = "nhs_mod11"
    /// IBANs: ISO 13616 modulus-97 check.
    case ibanMod97 = "iban_mod97"

    /// Whether `value` passes; separators (spaces, dashes) are ignored.
    public func isValid<C: Collection>(_ value: C) -> Bool where C.Element == UInt8 {
        let characters = value.filter { $0 != UInt8(ascii: " ") && $0 != UInt8(ascii: "-") }
        switch self {
        case .luhn: return Self.luhn(characters)
        case .nino: return Self.nino(characters)
        case .nhsMod11: return Self.nhsMod11(characters)
        case .ibanMod97: return Self.ibanMod97(characters)
        }
    }

    static func digits(_ bytes: [UInt8]) -> [Int]? {
        var result = [Int]()
        result.reserveCapacity(bytes.count)
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            result.append(Int(byte - UInt8(ascii: "0")))
        }
        return result
    }

    static func luhn(_ bytes: [UInt8]) -> Bool {
        guard let digits = digits(bytes), (13...19).contains(digits.count) else { return false }
        // A run of one repeated digit passes Luhn for some lengths but is never a card.
        guard Set(digits).count > 1 else { return false }
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            if position % 2 == 1 {
                let doubled = digit * 2
                sum += doubled > 9 ? doubled - 9 : doubled
            } else {
                sum += digit
            }
        }
        return sum % 10 == 0
    }

    /// HMRC: first letter not D, F, I, Q, U, V; second not D, F, I, O, Q, U, V; prefixes BG,
    /// GB, KN, NK, NT, TN, ZZ never issued; six digits; suffix A–D (may be omitted).
    static func nino(_ bytes: [UInt8]) -> Bool {
        let upper = bytes.map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }
        guard upper.count == 8 || upper.count == 9 else { return false }
        let first = upper[0]
        let second = upper[1]
        let isLetter = { (b: UInt8) in b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
        guard isLetter(first), isLetter(second) else { return false }
        if Array("DFIQUV".utf8).contains(first) || Array("DFIOQUV".utf8).contains(second) { return false }
        let prefix = String(decoding: upper[0..<2], as: UTF8.self)
        if ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(prefix) { return false }
        guard digits(Array(upper[2..<8])) != nil else { return false }
        if upper.count == 9 {
            return (UInt8(ascii: "A")...UInt8(ascii: "D")).contains(upper[8])
        }
        return true
    }

    static func nhsMod11(_ bytes: [UInt8]) -> Bool {
        guard let digits = digits(bytes), digits.count == 10, Set(digits).count > 1 else { return false }
        var sum = 0
        for index in 0..<9 { sum += digits[index] * (10 - index) }
        var check = 11 - sum % 11
        if check == 11 { check = 0 }
        return check != 10 && check == digits[9]
    }

    static func ibanMod97(_ bytes: [UInt8]) -> Bool {
        guard (15...34).contains(bytes.count) else { return false }
        let upper = bytes.map { ($0 >= 0x61 && $0 <= 0x7A) ? $0 - 0x20 : $0 }
        let rearranged = upper[4...] + upper[..<4]
        var remainder = 0
        for byte in rearranged {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                remainder = (remainder * 10 + Int(byte - UInt8(ascii: "0"))) % 97
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                remainder = (remainder * 100 + Int(byte - UInt8(ascii: "A")) + 10) % 97
            default:
                return false
            }
        }
        return remainder == 1
    }
}
