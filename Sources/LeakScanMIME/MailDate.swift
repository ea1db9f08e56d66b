import Foundation

/// Parses the dates found in mail: RFC 5322 `Date:` fields (with the obsolete forms of
/// RFC 822: two-digit years, named zones, missing seconds or weekday) and mbox envelope
/// lines in `asctime` form. Written by hand because `DateFormatter` needs one format string
/// per variant and is slow; a wrong date here only loses a timestamp, never a message.
public enum MailDate {
    static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    static let zones: [String: Int] = [
        "UT": 0, "UTC": 0, "GMT": 0, "Z": 0, "BST": 60, "EST": -300, "EDT": -240, "CST": -360,
        "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420, "CET": 60, "CEST": 120,
    ]

    /// `Tue, 3 Nov 2009 14:05:00 +0000` and its variants.
    public static func parse(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(parseCommonForm) ?? parseAnyForm(text)
    }

    /// Every form ``parse(_:)`` reads, through tokens.
    static func parseAnyForm(_ text: String) -> Date? {
        var tokens = tokenize(text)
        if let first = tokens.first, first.first?.isLetter == true, month(first) == nil { tokens.removeFirst() }
        guard tokens.count >= 4 else { return nil }
        // Day Month Year, or Month Day Year (seen in the wild).
        var day: Int?
        var monthNumber: Int?
        if let d = Int(tokens[0]), let m = month(tokens[1]) {
            day = d
            monthNumber = m
        } else if let m = month(tokens[0]), let d = Int(tokens[1]) {
            day = d
            monthNumber = m
        }
        guard let day, let monthNumber, var year = Int(tokens[2]) else { return nil }
        if year < 50 { year += 2000 } else if year < 1000 { year += 1900 }
        guard let (hour, minute, second) = time(tokens[3]) else { return nil }
        let offset = tokens.count > 4 ? zoneOffset(tokens[4]) : 0
        return make(
            year: year, month: monthNumber, day: day, hour: hour, minute: minute, second: second,
            offsetMinutes: offset ?? 0)
    }

    static let weekdayKeys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"].map { threeLetterKey($0.utf8) }
    static let monthKeys = months.map { threeLetterKey($0.utf8) }

    /// Three bytes, ASCII letters lower-cased, as one number.
    static func threeLetterKey<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> UInt32 {
        bytes.prefix(3).reduce(0) { $0 << 8 | UInt32($1 | 0x20) }
    }

    /// The form nearly all mail carries — `[Tue, ]3 Nov 2009 14:05[:00][ +0000]`, ASCII, with
    /// anything after the zone ignored — read straight from the bytes; nil for any other form,
    /// which the general path then reads. Where this answers, the general path gives the same
    /// date (`MailDateTests` compares them); tokenising into strings was a twentieth of a mail scan.
    static func parseCommonForm(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        var index = 0
        func isSeparator(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x2C }
        /// At least one separator, skipped.
        func separator() -> Bool {
            let start = index
            while index < bytes.count, isSeparator(bytes[index]) { index += 1 }
            return index > start
        }
        /// Exactly `count` digits, or 1 or 2 when `count` is nil.
        func digits(_ count: Int?) -> Int? {
            var value = 0
            let start = index
            while index < bytes.count, bytes[index] >= 0x30, bytes[index] <= 0x39, index - start < (count ?? 2) {
                value = value * 10 + Int(bytes[index] - 0x30)
                index += 1
            }
            guard index > start, index - start == (count ?? index - start) else { return nil }
            return value
        }
        /// Three ASCII letters, lower-cased, found in `names` (``threeLetterKey(_:)`` of each):
        /// compared as one number, not as a string made from a lower-cased copy of the bytes.
        func name(in names: [UInt32]) -> Int? {
            guard index + 3 <= bytes.count, bytes[index..<(index + 3)].allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A }),
                let found = names.firstIndex(of: Self.threeLetterKey(bytes[index..<(index + 3)]))
            else { return nil }
            index += 3
            return found
        }
        func atTokenEnd() -> Bool { index == bytes.count || isSeparator(bytes[index]) }
        while index < bytes.count, isSeparator(bytes[index]) { index += 1 }
        if index < bytes.count, bytes[index] > 0x39 {
            guard name(in: weekdayKeys) != nil, separator() else { return nil }
        }
        guard let day = digits(nil), separator(), let month = name(in: monthKeys), separator(),
            let year = digits(4), year >= 1000, separator(), let hour = digits(2), index < bytes.count, bytes[index] == 0x3A
        else { return nil }
        index += 1
        guard let minute = digits(2) else { return nil }
        var second = 0
        if index < bytes.count, bytes[index] == 0x3A {
            index += 1
            guard let value = digits(2) else { return nil }
            second = min(value, 60)
        }
        guard atTokenEnd() else { return nil }
        _ = separator()
        var offset = 0
        if index < bytes.count {
            guard bytes[index] == 0x2B || bytes[index] == 0x2D else { return nil }
            let negative = bytes[index] == 0x2D
            index += 1
            guard let value = digits(4), atTokenEnd() else { return nil }
            offset = (value / 100) * 60 + value % 100
            if negative { offset = -offset }
        }
        return make(year: year, month: month + 1, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }

    /// The date of an mbox envelope line: `From addr Tue Nov  3 14:05:00 2009` (UTC assumed).
    public static func parseEnvelope(_ line: String) -> Date? {
        let tokens = tokenize(line)
        guard let timeIndex = tokens.firstIndex(where: { time($0) != nil }), timeIndex >= 2,
            let (hour, minute, second) = time(tokens[timeIndex]),
            let monthNumber = month(tokens[timeIndex - 2]), let day = Int(tokens[timeIndex - 1]),
            timeIndex + 1 < tokens.count, let year = Int(tokens[timeIndex + 1])
        else { return nil }
        return make(year: year, month: monthNumber, day: day, hour: hour, minute: minute, second: second, offsetMinutes: 0)
    }

    /// Blank-separated tokens, with comments such as "(GMT)" and commas dropped; over UTF-8
    /// bytes (walking `Character`s here cost more than the rest of the message's headers).
    static func tokenize(_ text: String) -> [String] {
        var tokens = [String]()
        var token = [UInt8]()
        var depth = 0
        func flush() {
            if !token.isEmpty { tokens.append(String(decoding: token, as: UTF8.self)) }
            token.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "("): depth += 1
            case UInt8(ascii: ")"): depth = max(0, depth - 1)
            case _ where depth > 0: continue
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"), UInt8(ascii: ","): flush()
            default: token.append(byte)
            }
        }
        flush()
        return tokens
    }

    static func month(_ token: String) -> Int? {
        guard token.count >= 3 else { return nil }
        return months.firstIndex(of: token.prefix(3).lowercased()).map { $0 + 1 }
    }

    static func time(_ token: String) -> (Int, Int, Int)? {
        let parts = token.split(separator: ":").map { Int($0) }
        guard parts.count == 2 || parts.count == 3, !parts.contains(nil) else { return nil }
        let values = parts.map { $0! }
        guard (0..<24).contains(values[0]), (0..<60).contains(values[1]), values.count == 2 || values[2] >= 0 else { return nil }
        return (values[0], values[1], values.count == 3 ? min(values[2], 60) : 0)
    }

    static func zoneOffset(_ token: String) -> Int? {
        if let sign = token.first, sign == "+" || sign == "-", token.count == 5, let value = Int(token.dropFirst()) {
            let minutes = (value / 100) * 60 + value % 100
            return sign == "-" ? -minutes : minutes
        }
        return zones[token.uppercased()]
    }

    static func make(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, offsetMinutes: Int) -> Date? {
        // Every field in range before any arithmetic: a fuzzed "-0000000000000572350145035401192:00"
        // hour once overflowed the seconds below.
        guard (1...12).contains(month), (1...31).contains(day), (1900...2200).contains(year), (0..<24).contains(hour),
            (0..<60).contains(minute), (0...60).contains(second), (-1440...1440).contains(offsetMinutes)
        else { return nil }
        // Days from civil (Howard Hinnant's algorithm): no calendar object, no locale.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }
}

extension MailDate {
    /// `2009-11-03`, `2009-11-03 14:05:00`, `2009-11-03T14:05:00.123+01:00` (UTC unless a zone is given).
    public static func parseISODate(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(parseISODate(utf8:))
    }

    /// ``parseISODate(_:)`` of UTF-8 bytes, read in place: one post's date is parsed per post,
    /// and the substring-and-integer way allocated a dozen strings for it.
    static func parseISODate(utf8 bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        parseCanonicalISODate(bytes) ?? parseAnyISODate(bytes)
    }

    /// ``parseISODate(_:)`` field by field, in any of its forms.
    static func parseAnyISODate(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        // As `Int(_:)` reads the field: an optional sign, then digits (a negative hour is
        // then refused by `make`, not read as midnight).
        func number(_ range: Range<Int>) -> Int? {
            guard range.upperBound <= bytes.count, !range.isEmpty else { return nil }
            var digits = bytes[range]
            let negative = digits.first == UInt8(ascii: "-")
            if negative || digits.first == UInt8(ascii: "+") { digits = digits.dropFirst() }
            guard !digits.isEmpty else { return nil }
            var value = 0
            for byte in digits {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int(byte - UInt8(ascii: "0"))
            }
            return negative ? -value : value
        }
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10)
        else { return nil }
        var hour = 0, minute = 0, second = 0, offset = 0
        if bytes.count >= 16, let h = number(11..<13), let m = number(14..<16) {
            hour = h
            minute = m
            if bytes.count >= 19, let s = number(17..<19) { second = s }
            // The zone: the last sign after the minutes, then hhmm or hh:mm.
            if let sign = bytes[16...].lastIndex(where: { $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") }) {
                let digits = bytes[(sign + 1)...].filter { $0 != UInt8(ascii: ":") }
                if digits.count == 4, digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }) {
                    let value = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
                    offset = (value / 100) * 60 + value % 100
                    if bytes[sign] == UInt8(ascii: "-") { offset = -offset }
                }
            }
        }
        return make(year: year, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: offset)
    }

    /// `2019-01-01T00:00:37Z` exactly, the form exports write (every real post's date), read
    /// by the digits' fixed places: ``parseAnyISODate(_:)``, field by field through slices,
    /// was a hundredth of a scan of posts. Nil for anything else, which that reading then
    /// takes (it gives this form the same date).
    static func parseCanonicalISODate(_ bytes: UnsafeBufferPointer<UInt8>) -> Date? {
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
            bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z")
        else { return nil }
        /// The two digits at `index`, or nil.
        func twoDigits(_ index: Int) -> Int? {
            let tens = bytes[index] &- UInt8(ascii: "0")
            let ones = bytes[index + 1] &- UInt8(ascii: "0")
            return tens < 10 && ones < 10 ? Int(tens) * 10 + Int(ones) : nil
        }
        guard let century = twoDigits(0), let years = twoDigits(2), let month = twoDigits(5), let day = twoDigits(8),
            let hour = twoDigits(11), let minute = twoDigits(14), let second = twoDigits(17)
        else { return nil }
        return make(year: century * 100 + years, month: month, day: day, hour: hour, minute: minute, second: second, offsetMinutes: 0)
    }
}
