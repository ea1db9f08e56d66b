import Foundation
import LeakScanCore

/// Reads a WhatsApp chat export (the app's "Export chat": `WhatsApp Chat with NAME.txt` on
/// Android, `_chat.txt` on iOS), the form in which group chats reach misconduct
/// investigations. One record per message: its first line
///
///     12/01/2023, 21:15 - Jo Bloggs: text                  (Android)
///     [12/01/2023, 21:15:42] Jo Bloggs: text               (iOS, often after U+200E)
///
/// and every following line that does not start a message, which continues it. A line with
/// no `name: ` after its time is the app's own (`Jo added Sam`, the encryption notice) and is
/// read with no author. Lines before the first message (a resumed read, a truncated file)
/// are a record of their own, so nothing is skipped.
///
/// Dates are written in the phone's locale, day or month first (or year first, which says the
/// order), with no time zone: the order
/// is decided once per file from its first 64 KiB (a first number above 12 means day first, a
/// second one month first; where none is, a 12-hour clock means month first, as in the US, and
/// a 24-hour one day first); times are taken as UTC.
final class WhatsAppChatReader {
    let lines: LineReader
    let maxMessageBytes: Int
    let dayFirst: Bool

    init(lines: LineReader, maxMessageBytes: Int, dayFirst: Bool) {
        self.lines = lines
        self.maxMessageBytes = maxMessageBytes
        self.dayFirst = dayFirst
    }

    func next() -> RawPost? {
        var next = lines.nextLine()
        // Blank lines before a message hold no text (a resumed read can start on them).
        while let (line, _, _) = next, line.allSatisfy({ $0 == 0x0A || $0 == 0x0D }) { next = lines.nextLine() }
        guard let (first, offset, _) = next else { return nil }
        var fields = [String: String]()
        var text: [UInt8]
        let header = Self.header(first)
        if let header {
            if let time = header.time(dayFirst: dayFirst) { fields["time"] = time }
            let rest = header.rest
            if let colon = Self.authorEnd(in: rest) {
                fields["author"] = String(decoding: rest[rest.startIndex..<colon], as: UTF8.self)
                let said = rest[(colon + 2)...]
                text = Array(said.starts(with: Self.leftToRightMark) ? said.dropFirst(Self.leftToRightMark.count) : said)
            } else {
                text = Array(rest)
            }
        } else {
            text = Array(first)
        }
        // The first line's end, dropped with its header, goes back before a continuation.
        var lineEnd: [UInt8] = header != nil && first.last == 0x0A ? [0x0A] : []
        // Continuation lines, up to the next message (or the size limit: what is past it
        // becomes records of its own, read next, so nothing is dropped).
        while text.count < maxMessageBytes, Self.header(lines.peekLine()) == nil, let (line, _, _) = lines.nextLine() {
            text += lineEnd
            text += line
            lineEnd = []
        }
        while let last = text.last, last == 0x0A || last == 0x0D { text.removeLast() }
        fields["text"] = String(decoding: text, as: UTF8.self)
        var post = RawPost(offset: offset, body: .fields(fields), platform: "whatsapp")
        post.endOffset = lines.consumedOffset
        return post
    }

    /// Where the author's name ends: the first `: ` of the line after its time, within the
    /// length of a contact's name or number and before any quotation mark. Past either, the
    /// line is the app's own message (`Jo changed the subject to "Re: rota"`), scanned whole
    /// rather than cut at its colon.
    static func authorEnd(in rest: ArraySlice<UInt8>) -> Int? {
        var index = rest.startIndex
        while index + 1 < min(rest.endIndex, rest.startIndex + 100), rest[index] != UInt8(ascii: "\"") {
            if rest[index] == UInt8(ascii: ":") && rest[index + 1] == UInt8(ascii: " ") { return index > rest.startIndex ? index : nil }
            index += 1
        }
        return nil
    }

    /// The date and time that start a message's first line, as written.
    struct Header {
        /// The date's first two numbers (day and month, in the file's order) and its year.
        var first, second, year: Int
        /// Written year, month, day: the order is then known (month is ``first``).
        var yearFirst: Bool
        var hour, minute, seconds: Int
        /// Nil on a 24-hour clock; else whether the time is after noon.
        var afterNoon: Bool?
        /// The line after its date and time (and the `] ` or ` - ` closing them), line end dropped.
        var rest: ArraySlice<UInt8>

        /// ISO 8601 in UTC, or nil when the date names no day.
        func time(dayFirst: Bool) -> String? {
            let (day, month) = dayFirst && !yearFirst ? (first, second) : (second, first)
            var hour = self.hour
            if let afterNoon {
                guard (1...12).contains(hour) else { return nil }
                hour = hour % 12 + (afterNoon ? 12 : 0)
            }
            guard (1...12).contains(month), hour < 24, minute < 60, seconds < 60 else { return nil }
            let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
            let days = month == 2 ? (leap ? 29 : 28) : [4, 6, 9, 11].contains(month) ? 30 : 31
            guard (1...days).contains(day) else { return nil }
            func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
            return "\(year)-\(two(month))-\(two(day))T\(two(hour)):\(two(minute)):\(two(seconds))Z"
        }
    }

    /// The header a message's first line starts with, or nil when the line continues one.
    static func header(_ line: ArraySlice<UInt8>) -> Header? {
        var index = line.startIndex
        let end = line.endIndex
        func skip(_ bytes: [UInt8]) -> Bool {
            guard line[index...].starts(with: bytes) else { return false }
            index += bytes.count
            return true
        }
        func number(_ digits: ClosedRange<Int>) -> Int? {
            var value = 0
            let start = index
            while index < end, index - start < digits.upperBound, line[index] &- UInt8(ascii: "0") < 10 {
                value = value * 10 + Int(line[index] &- UInt8(ascii: "0"))
                index += 1
            }
            return digits.contains(index - start) ? value : nil
        }
        _ = skip(leftToRightMark)
        let bracketed = skip([UInt8(ascii: "[")])
        let leadingStart = index
        guard let leading = number(1...4), index < end else { return nil }
        let yearFirst = index - leadingStart == 4  // 2023-01-12, as Swedish and Canadian phones write it
        guard yearFirst || index - leadingStart <= 2 else { return nil }
        let separator = line[index]
        guard separator == UInt8(ascii: "/") || separator == UInt8(ascii: ".") || separator == UInt8(ascii: "-") else { return nil }
        index += 1
        let first: Int
        let second: Int
        let year: Int
        if yearFirst {
            guard let month = number(1...2), skip([separator]), let day = number(1...2) else { return nil }
            (first, second, year) = (month, day, leading)
        } else {
            guard let middle = number(1...2), skip([separator]), let last = number(2...4), last >= 10 else { return nil }
            (first, second, year) = (leading, middle, last)
        }
        _ = skip([UInt8(ascii: ",")])
        guard skip([UInt8(ascii: " ")]) else { return nil }
        guard let hour = number(1...2), skip([UInt8(ascii: ":")]), let minute = number(2...2) else { return nil }
        var seconds = 0
        if skip([UInt8(ascii: ":")]) {
            guard let value = number(2...2) else { return nil }
            seconds = value
        }
        var afterNoon: Bool?
        let meridiemStart = index
        for space in spaces where skip(space) { break }
        for (text, isAfterNoon) in meridiems where index + text.count <= end {
            if zip(line[index..<(index + text.count)], text).allSatisfy({ $0.asciiLowercased == $1 }) {
                index += text.count
                afterNoon = isAfterNoon
                break
            }
        }
        if afterNoon == nil { index = meridiemStart }
        guard bracketed ? skip(Array("] ".utf8)) : skip(Array(" - ".utf8)) else { return nil }
        var restEnd = end
        while restEnd > index, line[restEnd - 1] == 0x0A || line[restEnd - 1] == 0x0D { restEnd -= 1 }
        var rest = line[index..<restEnd]
        if rest.starts(with: leftToRightMark) { rest = rest.dropFirst(leftToRightMark.count) }
        return Header(
            first: first, second: second, year: year < 100 ? 2000 + year : year, yearFirst: yearFirst, hour: hour, minute: minute,
            seconds: seconds, afterNoon: afterNoon, rest: rest)
    }

    /// Whether a file's dates put the day first, from the messages in `prefix` (see the type's
    /// documentation).
    static func dayFirst(in prefix: ArraySlice<UInt8>) -> Bool {
        var twelveHour = false
        for line in prefix.split(separator: 0x0A) {
            guard let header = header(line), !header.yearFirst else { continue }
            if header.first > 12 { return true }
            if header.second > 12 { return false }
            if header.afterNoon != nil { twelveHour = true }
        }
        return !twelveHour
    }

    /// U+200E, which iOS puts before a line's bracket and before the app's own messages.
    static let leftToRightMark: [UInt8] = [0xE2, 0x80, 0x8E]
    /// Before `AM`/`PM`: a space, or the no-break spaces recent versions write.
    static let spaces: [[UInt8]] = [[0x20], [0xE2, 0x80, 0xAF], [0xC2, 0xA0]]
    static let meridiems: [([UInt8], Bool)] = [
        (Array("am".utf8), false), (Array("pm".utf8), true), (Array("a.m.".utf8), false), (Array("p.m.".utf8), true),
    ]
}
