import Foundation
import LeakScanCore

/// Reads the common shape of an exported post — one JSON object whose values are strings,
/// numbers, `true`, `false` or `null` — without Foundation's parser, which was a sixth of
/// the time of scanning short posts (it builds every string through `String(bytes:encoding:)`).
/// Anything else (a nested object or array, a number too large for 64 bits, a lone surrogate,
/// invalid UTF-8, bad syntax) gives nil, and the caller hands the bytes to `JSONSerialization`,
/// so what is accepted and what is reported as corrupt stays Foundation's decision. Values
/// are those `JSONSerialization` gives (strings, `NSNumber`, `NSNull`), already typed as
/// ``JSONFieldValue``s: the post builder then casts no `Any` and hashes no key (a post has a
/// handful of members, found by comparing names; casts and dictionary lookups were a twelfth
/// of reading a post). Posts read another way (CSV rows, nested JSON through Foundation) are
/// put in the same form, so the post builder has one way to look a field up.
///
/// Names and string values stay bytes in ``storage`` until a caller asks for one: the post's
/// own bytes where a string holds no escape, decoded copies after them where it does. Made
/// into a `String` each, the five names and values of a post cost ten string creations, and
/// its text was then copied back out of its `String` into bytes to be scanned.
struct FlatJSONObject {
    struct Member {
        /// The member's name, UTF-8 in ``FlatJSONObject/storage``.
        var name: Range<Int>
        var value: JSONFieldValue
    }

    /// The members' names and string values as UTF-8.
    private let storage: [UInt8]
    /// The members in file order; a repeated name's last value wins, as in Foundation.
    let members: [Member]

    /// - Parameter list: where the members are read into, emptied first; a caller that keeps it
    ///   from post to post (and lets the object go before the next) allocates no list per post.
    static func parse(_ bytes: [UInt8], reusing list: inout [Member]) -> FlatJSONObject? {
        var storage = bytes  // shared, not copied, unless an escaped string is decoded after it
        list.removeAll(keepingCapacity: true)
        let parsed = bytes.withUnsafeBufferPointer { buffer in
            var reader = Reader(bytes: buffer)
            return reader.object(decodingInto: &storage, members: &list)
        }
        return parsed ? FlatJSONObject(storage: storage, members: list) : nil
    }

    /// An object from members read another way (a CSV row, Foundation's dictionary).
    init(members named: [(name: String, value: Any?)]) {
        var storage = [UInt8]()
        func stored(_ text: String) -> Range<Int> {
            let start = storage.count
            storage += text.utf8
            return start..<storage.count
        }
        members = named.map { name, value in
            let range = stored(name)
            switch value {
            case let text as String: return Member(name: range, value: .string(stored(text)))
            case let number as NSNumber: return Member(name: range, value: .number(number))
            case let object as [String: Any]: return Member(name: range, value: .object(object))
            default: return Member(name: range, value: .null)
            }
        }
        self.storage = storage
    }

    private init(storage: [UInt8], members: [Member]) {
        self.storage = storage
        self.members = members
    }

    subscript(name: String) -> JSONFieldValue? {
        var name = name
        return name.withUTF8 { wanted in
            storage.withUnsafeBufferPointer { storage in
                members.last { member in
                    member.name.count == wanted.count
                        && (wanted.isEmpty || memcmp(storage.baseAddress! + member.name.lowerBound, wanted.baseAddress!, wanted.count) == 0)
                }?.value
            }
        }
    }

    /// The first of `names` present whose value `transform` accepts, transformed. Each value is
    /// transformed once: `lazy.compactMap(…).first` transforms the winning one twice (once to
    /// find the start index, again to read it), which parsed each post's date twice.
    func first<T>(of names: [String], _ transform: (JSONFieldValue) -> T?) -> T? {
        for name in names {
            if let value = self[name], let result = transform(value) { return result }
        }
        return nil
    }

    /// A string value's UTF-8.
    func bytes(of text: Range<Int>) -> ArraySlice<UInt8> { storage[text] }

    /// A value as text: a string, or a number's decimal form.
    func text(of value: JSONFieldValue) -> String? {
        switch value {
        case .string(let range):
            storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        case .number(let number): number.stringValue
        case .object, .null: nil
        }
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
        }

        mutating func take(_ byte: UInt8) -> Bool {
            skipSpace()
            guard index < bytes.count, bytes[index] == byte else { return false }
            index += 1
            return true
        }

        /// Whether the bytes are one flat object; its members, their names and string values as
        /// ranges of `storage` (which holds the bytes read and gets the strings whose escapes
        /// were decoded appended), are appended to `members`.
        mutating func object(decodingInto storage: inout [UInt8], members: inout [Member]) -> Bool {
            guard take(UInt8(ascii: "{")) else { return false }
            if take(UInt8(ascii: "}")) { return atEnd() }
            repeat {
                skipSpace()
                guard let key = string(decodingInto: &storage), take(UInt8(ascii: ":")), let value = value(decodingInto: &storage)
                else { return false }
                members.append(Member(name: key, value: value))
            } while take(UInt8(ascii: ","))
            return take(UInt8(ascii: "}")) && atEnd()
        }

        /// Whether nothing but white space is left.
        mutating func atEnd() -> Bool {
            skipSpace()
            return index == bytes.count
        }

        mutating func value(decodingInto storage: inout [UInt8]) -> JSONFieldValue? {
            skipSpace()
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""): return string(decodingInto: &storage).map(JSONFieldValue.string)
            case UInt8(ascii: "t"): return word("true", .number(NSNumber(value: true)))
            case UInt8(ascii: "f"): return word("false", .number(NSNumber(value: false)))
            case UInt8(ascii: "n"): return word("null", .null)
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number().map(JSONFieldValue.number)
            default: return nil  // an object or array: Foundation reads it
            }
        }

        mutating func word(_ text: StaticString, _ value: JSONFieldValue) -> JSONFieldValue? {
            let count = text.utf8CodeUnitCount
            guard index + count <= bytes.count,
                UnsafeBufferPointer(rebasing: bytes[index..<(index + count)]).elementsEqual(
                    UnsafeBufferPointer(start: text.utf8Start, count: count))
            else { return nil }
            index += count
            return value
        }

        mutating func number() -> NSNumber? {
            let start = index
            var integral = true
            while index < bytes.count {
                let byte = bytes[index]
                if byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-") {
                } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+") {
                    integral = false
                } else {
                    break
                }
                index += 1
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            // Only plain forms: a leading zero, a lone sign or anything odd goes to Foundation.
            guard !text.isEmpty, !(text.hasPrefix("0") && text.count > 1 && integral), !text.hasPrefix("-0") else { return nil }
            if integral { return Int64(text).map { NSNumber(value: $0) } }
            return nil  // fractions and exponents: Foundation decides how to represent them
        }

        /// A string at the current quote, as where its UTF-8 lies in `storage`: in place when it
        /// holds no escape, else decoded and appended.
        mutating func string(decodingInto storage: inout [UInt8]) -> Range<Int>? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            index = JSONBytes.firstSpecial(in: bytes, from: start)
            guard index < bytes.count else { return nil }
            switch bytes[index] {
            case UInt8(ascii: "\""):
                guard UTF8Encoding.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return nil }
                index += 1
                return start..<(index - 1)
            case UInt8(ascii: "\\"):
                index = start
                let first = storage.count
                guard decodeEscapedString(into: &storage) else { return nil }
                return first..<storage.count
            default:
                return nil  // a control character
            }
        }

        /// The slow path of ``string(decodingInto:)``: a string holding escapes, from just
        /// after its quote, decoded onto the end of `out` (straight into the object's storage:
        /// through a list of its own it was copied once more); false when it is not valid.
        mutating func decodeEscapedString(into out: inout [UInt8]) -> Bool {
            let start = out.count
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return out.withUnsafeBufferPointer { UTF8Encoding.isValid(UnsafeBufferPointer(rebasing: $0[start...])) }
                case 0..<0x20: return false
                case UInt8(ascii: "\\"):
                    guard index < bytes.count else { return false }
                    let escape = bytes[index]
                    index += 1
                    switch escape {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): out.append(escape)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard var scalar = hex4() else { return false }
                        if (0xD800..<0xDC00).contains(scalar) {
                            // The low half must follow at once: `\ud83d \ude00` is two lone halves.
                            guard index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") else {
                                return false
                            }
                            index += 2
                            guard let low = hex4(), (0xDC00..<0xE000).contains(low) else { return false }
                            scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        }
                        guard let character = Unicode.Scalar(scalar) else { return false }
                        UTF8Encoding.append(character.value, to: &out)
                    default: return false
                    }
                default: out.append(byte)
                }
            }
            return false
        }

        mutating func hex4() -> UInt32? {
            guard index + 4 <= bytes.count else { return nil }
            var value: UInt32 = 0
            for byte in bytes[index..<(index + 4)] {
                guard let digit = Character(Unicode.Scalar(byte)).hexDigitValue else { return nil }
                value = value << 4 | UInt32(digit)
            }
            index += 4
            return value
        }
    }
}

/// One member's value, typed once when it is read.
enum JSONFieldValue {
    /// UTF-8 in the object's ``FlatJSONObject/storage``.
    case string(Range<Int>)
    case number(NSNumber)
    case object([String: Any])
    /// `null`, an array, or anything else a post field cannot be.
    case null
}
