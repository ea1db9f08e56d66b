import Foundation
import LeakScanCore

/// Reads an exported post — one JSON object — without Foundation's parser, which was a sixth
/// of the time of scanning short posts (it builds every string through
/// `String(bytes:encoding:)`), and twice the time of a whole scan of posts that nest, as real
/// exports do (a Reddit comment's `gildings`, a tweet's `entities`). Strings, numbers, `true`,
/// `false` and `null` are read; a nested object or array is checked and kept as its JSON text
/// (``JSONFieldValue/nested(_:)``), decoded only if a caller asks for it. Anything doubtful (an
/// integer beyond 64 bits, a fraction with more digits than a `Double` holds, which Foundation
/// keeps as a decimal, nesting deeper than ``Reader/deepestNesting``, a lone surrogate, invalid
/// UTF-8, bad syntax) gives nil, and the caller hands the bytes to `JSONSerialization`, so what
/// is accepted and what is reported as corrupt stays Foundation's decision. Values
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

    /// Whether a member holds an object or array (kept as text, or read by Foundation): where
    /// there is none, a dotted field name is not looked for inside one (two lookups a post).
    let nests: Bool
    /// One bit per length of the members' names (modulo 64): a name whose bit is clear is no
    /// member's, in any case, and is looked for no further. A post is asked for a dozen names
    /// (`extended_tweet.full_text` … `text`, `internetMessageId` … `id`) that most exports do
    /// not have, and each was compared with every member's name.
    let nameLengths: UInt64

    /// The bit of ``nameLengths`` that a name of `length` bytes sets.
    static func lengthBit(_ length: Int) -> UInt64 { 1 << UInt64(length & 63) }

    /// An object from members read another way (a CSV row, Foundation's dictionary), in the
    /// order of their names' UTF-8. A dictionary keeps no file order, and its own order differs
    /// from one instance to the next: names that differ only in case (matched case-blind, the
    /// last winning) gave one author on one read of a post and another on the next.
    init<Value>(members named: [String: Value]) {
        var storage = [UInt8]()
        func stored(_ text: String) -> Range<Int> {
            let start = storage.count
            storage += text.utf8
            return start..<storage.count
        }
        members = named.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }.map { name, value in
            let range = stored(name)
            switch value as Any {
            case let text as String: return Member(name: range, value: .string(stored(text)))
            case let number as NSNumber: return Member(name: range, value: .number(number))
            case let object as [String: Any]: return Member(name: range, value: .object(object))
            default: return Member(name: range, value: .null)
            }
        }
        self.storage = storage
        nests = Self.anyNests(members)
        nameLengths = Self.lengths(of: members)
    }

    private init(storage: [UInt8], members: [Member]) {
        self.storage = storage
        self.members = members
        nests = Self.anyNests(members)
        nameLengths = Self.lengths(of: members)
    }

    private static func lengths(of members: [Member]) -> UInt64 {
        members.reduce(0) { $0 | lengthBit($1.name.count) }
    }

    private static func anyNests(_ members: [Member]) -> Bool {
        members.contains {
            switch $0.value {
            case .nested, .object: true
            case .string, .number, .null: false
            }
        }
    }

    /// Whether every member's name is a number (and there is one): an index keyed by ids.
    var isKeyedByNumbers: Bool {
        !members.isEmpty
            && members.allSatisfy { member in
                !member.name.isEmpty && storage[member.name].allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
            }
    }

    subscript(name: String) -> JSONFieldValue? {
        var name = name
        return name.withUTF8(value(named:))
    }

    /// The value of the last member whose name is `wanted` (UTF-8), else of the last whose
    /// name is `wanted` in other ASCII case: exports and spreadsheets capitalise their column
    /// names (LinkedIn's `Date`, `Message`, `CONTENT`), and a `Text` column left unscanned
    /// would pass for a clean post. Only names of the same length are compared, so a post
    /// whose names are all different lengths from `wanted` costs no more than before.
    func value(named wanted: UnsafeBufferPointer<UInt8>) -> JSONFieldValue? {
        guard nameLengths & Self.lengthBit(wanted.count) != 0 else { return nil }
        // By index, reading only names: a member copied out of the list retained its value.
        let found: Int? = storage.withUnsafeBufferPointer { storage in
            var folded: Int?
            var index = members.count
            while index > 0 {
                index -= 1
                let range = members[index].name
                guard range.count == wanted.count else { continue }
                let name = UnsafeBufferPointer(rebasing: storage[range])
                if wanted.isEmpty || memcmp(name.baseAddress!, wanted.baseAddress!, wanted.count) == 0 { return index }
                if folded == nil, Self.equalIgnoringASCIICase(name, wanted) { folded = index }
            }
            return folded
        }
        return found.map { members[$0].value }
    }

    private static func equalIgnoringASCIICase(_ left: UnsafeBufferPointer<UInt8>, _ right: UnsafeBufferPointer<UInt8>) -> Bool {
        zip(left, right).allSatisfy { $0.asciiLowercased == $1.asciiLowercased }
    }

    /// The first of `names` present (``withValue(at:in:_:)``) whose value `transform` accepts,
    /// transformed. Each value is transformed once: `lazy.compactMap(…).first` transforms the
    /// winning one twice (once to find the start index, again to read it), which parsed each
    /// post's date twice.
    func first<T>(of names: FieldPaths, _ transform: (FlatJSONObject, JSONFieldValue) -> T?) -> T? {
        names.withNames { names in
            for index in names.paths.indices {
                if let result = withValue(at: index, in: names, transform) { return result }
            }
            return nil
        }
    }

    /// `body` given the value of the member named by path `index` of `names`, or, when there is
    /// none and the name joins names with dots, of the member each names in the object the one
    /// before holds (`extended_tweet.full_text`), and the object holding it (in whose storage a
    /// string value's bytes lie); nil when there is no such value. The object is passed, not
    /// returned: handed back in a tuple, it was retained and released for every field of every post.
    func withValue<T>(at index: Int, in names: FieldPaths.Names, _ body: (FlatJSONObject, JSONFieldValue) -> T?) -> T? {
        let path = names.paths[index]
        if let value = value(named: names.bytes(path.name)) { return body(self, value) }
        guard nests, !path.components.isEmpty, var value = value(named: names.bytes(names.parts[path.components.lowerBound])) else {
            return nil
        }
        var holder = self
        for part in names.parts[(path.components.lowerBound + 1)..<path.components.upperBound] {
            guard let inner = holder.object(value), let next = inner.value(named: names.bytes(part)) else { return nil }
            holder = inner
            value = next
        }
        return body(holder, value)
    }

    /// A string value's UTF-8.
    func bytes(of text: Range<Int>) -> ArraySlice<UInt8> { storage[text] }

    /// A value as text: a string, or a number's decimal form.
    func text(of value: JSONFieldValue) -> String? {
        switch value {
        case .string(let range):
            storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
        case .number(let number): number.stringValue
        case .object, .nested, .null: nil
        }
    }

    /// A value that is an object, as an object of its own: a nested one read from its JSON
    /// text (by Foundation when this reader declines it), one Foundation read put in this form.
    func object(_ value: JSONFieldValue) -> FlatJSONObject? {
        switch value {
        case .object(let object):
            return FlatJSONObject(members: object)
        case .nested(let range) where storage[range.lowerBound] == UInt8(ascii: "{"):
            var members = [Member]()
            if let object = Self.parse(Array(storage[range]), reusing: &members) { return object }
            return ((try? JSONSerialization.jsonObject(with: Data(storage[range]))) as? [String: Any]).map { FlatJSONObject(members: $0) }
        default:
            return nil
        }
    }

    /// The text of a list of pieces, joined: its strings, and the `text` of its objects.
    /// Telegram writes a message with a link or formatting as `["card ", {"type": "bold",
    /// "text": "4111 …"}, …]`; read as no text, such a message went unscanned. Nil for any
    /// other value, or a list with no text.
    func joinedText(of value: JSONFieldValue) -> [UInt8]? {
        guard case .nested(let range) = value, storage[range.lowerBound] == UInt8(ascii: "["),
            let pieces = (try? JSONSerialization.jsonObject(with: Data(storage[range]))) as? [Any]
        else { return nil }
        var text = [UInt8]()
        for piece in pieces {
            if let string = piece as? String {
                text += string.utf8
            } else if let string = (piece as? [String: Any])?["text"] as? String {
                text += string.utf8
            }
        }
        return text.isEmpty ? nil : text
    }

    /// Whether the member `name` holds a nested value whose JSON text begins with `opening`.
    func holdsNested(_ name: String, opening: UInt8) -> Bool {
        guard case .nested(let range) = self[name] else { return false }
        return storage[range.lowerBound] == opening
    }

    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func skipSpace() {
            while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 || bytes[index] == 0x0A || bytes[index] == 0x0D {
                index += 1
            }
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
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                let start = index
                return skipNested(depth: 1) ? .nested(start..<index) : nil
            default: return nil
            }
        }

        /// Deepest nesting checked here; deeper values go to Foundation (which stops at 512).
        static let deepestNesting = 64

        /// Moves past the object or array at the current byte, checking it is valid JSON that
        /// Foundation reads; false when it is not, or when it holds what this reader declines.
        mutating func skipNested(depth: Int) -> Bool {
            guard depth <= Self.deepestNesting else { return false }
            let isObject = bytes[index] == UInt8(ascii: "{")
            index += 1
            let closing = isObject ? UInt8(ascii: "}") : UInt8(ascii: "]")
            if take(closing) { return true }
            repeat {
                skipSpace()
                if isObject {
                    guard skipString(), take(UInt8(ascii: ":")) else { return false }
                    skipSpace()
                }
                guard index < bytes.count else { return false }
                switch bytes[index] {
                case UInt8(ascii: "\""): guard skipString() else { return false }
                case UInt8(ascii: "{"), UInt8(ascii: "["): guard skipNested(depth: depth + 1) else { return false }
                case UInt8(ascii: "t"): guard word("true", .null) != nil else { return false }
                case UInt8(ascii: "f"): guard word("false", .null) != nil else { return false }
                case UInt8(ascii: "n"): guard word("null", .null) != nil else { return false }
                default: guard skipNumber() else { return false }
                }
            } while take(UInt8(ascii: ","))
            return take(closing)
        }

        /// Moves past the string at the current quote, checked as ``string(decodingInto:)``
        /// checks it, without keeping it.
        mutating func skipString() -> Bool {
            guard let (start, _) = stringStart() else { return false }
            if bytes[index] == UInt8(ascii: "\\") {
                index = start
                var discarded = Discarded()
                guard decodeEscapedString(into: &discarded) else { return false }
                index -= 1  // back on the closing quote
            }
            // Escapes decode to whole characters, so the text is valid UTF-8 when the bytes
            // between them are: the bytes as written can be checked in place.
            guard UTF8Encoding.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return false }
            index += 1
            return true
        }

        /// Moves past the quote at the current byte and the plain bytes after it, to the quote
        /// that ends the string or the backslash of its first escape; where the string's bytes
        /// start, and whether those plain bytes are all ASCII (then valid UTF-8 as they are).
        /// Nil at anything else (no quote, the end, a control character).
        mutating func stringStart() -> (start: Int, isASCII: Bool)? {
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            index += 1
            let start = index
            let run = JSONBytes.plainRun(in: bytes, from: start)
            index = run.end
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") || bytes[index] == UInt8(ascii: "\\") else { return nil }
            return (start, run.isASCII)
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

        /// A number in JSON's grammar, as the `NSNumber` Foundation gives: an integer that fits
        /// 64 bits (a negative one of at most 18 digits: Foundation makes 19 a decimal), or a
        /// fraction or exponent form of at most ``mostFractionDigits`` digits that a `Double`
        /// holds. Anything else is nil (Foundation decides: beyond 64 bits or past a `Double`'s
        /// digits it makes an `NSDecimalNumber`, past its range it refuses).
        mutating func number() -> NSNumber? {
            guard let number = scanNumber() else { return nil }
            if number.integral {
                guard !number.negative || number.digits < 19 else { return nil }
                return Int64(number.text).map { NSNumber(value: $0) }
            }
            return fraction(number).map { NSNumber(value: $0) }
        }

        /// Moves past a number inside a nested value, where only whether Foundation reads it
        /// matters: integers of up to 20 digits (it makes the longest decimals), and the
        /// fractions ``number()`` reads.
        mutating func skipNumber() -> Bool {
            guard let number = scanNumber() else { return false }
            return number.integral ? number.digits <= 20 : fraction(number) != nil
        }

        /// A fraction or exponent form of at most ``mostFractionDigits`` digits, when finite.
        func fraction(_ number: ScannedNumber) -> Double? {
            guard number.digits <= Self.mostFractionDigits, let value = Double(number.text), value.isFinite else { return nil }
            return value
        }

        struct ScannedNumber {
            var text: String
            var negative: Bool
            var integral: Bool
            /// Digits before the exponent.
            var digits: Int
        }

        /// The number at the current byte, in JSON's grammar; nil for anything else, and for
        /// `-0…`, left to Foundation (an integer or a double?).
        mutating func scanNumber() -> ScannedNumber? {
            let start = index
            func digits() -> Int {
                let first = index
                while index < bytes.count, bytes[index] >= UInt8(ascii: "0"), bytes[index] <= UInt8(ascii: "9") { index += 1 }
                return index - first
            }
            let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
            if negative { index += 1 }
            let integerStart = index
            var digitCount = digits()
            // No leading zero (`01`).
            guard digitCount > 0, bytes[integerStart] != UInt8(ascii: "0") || (digitCount == 1 && !negative) else { return nil }
            var integral = true
            if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
                index += 1
                let fraction = digits()
                guard fraction > 0 else { return nil }
                digitCount += fraction
                integral = false
            }
            if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
                index += 1
                if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
                guard digits() > 0 else { return nil }
                integral = false
            }
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
            return ScannedNumber(text: text, negative: negative, integral: integral, digits: digitCount)
        }

        /// Most digits of a fraction or exponent form read here: 15 decimal digits always come
        /// back from a `Double` as written, as Foundation's own `Double` then does.
        static let mostFractionDigits = 15

        /// A string at the current quote, as where its UTF-8 lies in `storage`: in place when it
        /// holds no escape, else decoded and appended.
        mutating func string(decodingInto storage: inout [UInt8]) -> Range<Int>? {
            guard let (start, isASCII) = stringStart() else { return nil }
            if bytes[index] == UInt8(ascii: "\"") {
                guard isASCII || UTF8Encoding.isValid(UnsafeBufferPointer(rebasing: bytes[start..<index])) else { return nil }
                index += 1
                return start..<(index - 1)
            }
            index = start
            let first = storage.count
            guard decodeEscapedString(into: &storage) else { return nil }
            return first..<storage.count
        }

        /// The slow path of ``string(decodingInto:)``: a string holding escapes, from just
        /// after its quote, decoded onto the end of `out` (straight into the object's storage:
        /// through a list of its own it was copied once more); false when it is not valid.
        mutating func decodeEscapedString<Output: DecodedText>(into out: inout Output) -> Bool {
            let start = out.count
            while index < bytes.count {
                let byte = bytes[index]
                index += 1
                switch byte {
                case UInt8(ascii: "\""):
                    return out.isValid(from: start)
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
                        out.append(scalar: character.value)
                    default: return false
                    }
                default:
                    // The run of plain bytes up to the next quote, backslash or control byte, at
                    // once: appended byte by byte, the text of a post with a line break or a
                    // quotation mark in it cost a check of the storage for every byte.
                    let end = JSONBytes.firstSpecial(in: bytes, from: index)
                    out.append(run: UnsafeBufferPointer(rebasing: bytes[(index - 1)..<end]))
                    index = end
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

/// Field names as ``FlatJSONObject/withValue(at:in:_:)`` takes them: each split at its dots
/// once, not for every post (splitting a name per lookup was 2 % of a scan of short posts), and
/// all of them as ranges of one buffer of UTF-8 (compared as bytes: a `String`'s were reached
/// through `withUTF8` on every lookup, a sixth of the cost of one). A name is a pair of ranges,
/// no reference: held as arrays of its own, each name tried on each post was retained and
/// released four times (a tenth of the time of building a post's document).
struct FieldPaths: Sendable {
    struct Path: Sendable {
        /// The whole name, in ``Names/bytes(_:)``.
        let name: Range<Int>
        /// Its dot-separated names, as indices of ``Names/parts``; empty for a name without a dot.
        let components: Range<Int>
    }

    private var utf8 = [UInt8]()
    private var parts = [Range<Int>]()
    private var paths = [Path]()

    init(_ names: [String]) {
        for name in names {
            let start = utf8.count
            utf8 += name.utf8
            let whole = start..<utf8.count
            let firstPart = parts.count
            let pieces = utf8[whole].split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
            if pieces.count > 1 { parts += pieces.map { $0.startIndex..<$0.endIndex } }
            paths.append(Path(name: whole, components: firstPart..<parts.count))
        }
    }

    /// The names as lookups read them, valid within `body`.
    struct Names {
        let utf8: UnsafeBufferPointer<UInt8>
        let parts: UnsafeBufferPointer<Range<Int>>
        let paths: UnsafeBufferPointer<Path>

        func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: utf8[range]) }
    }

    func withNames<T>(_ body: (Names) -> T) -> T {
        utf8.withUnsafeBufferPointer { utf8 in
            parts.withUnsafeBufferPointer { parts in
                paths.withUnsafeBufferPointer { paths in body(Names(utf8: utf8, parts: parts, paths: paths)) }
            }
        }
    }
}

/// One member's value, typed once when it is read.
enum JSONFieldValue {
    /// UTF-8 in the object's ``FlatJSONObject/storage``.
    case string(Range<Int>)
    case number(NSNumber)
    /// An object Foundation read.
    case object([String: Any])
    /// An object or array ``FlatJSONObject`` checked and did not decode: its JSON text in the
    /// object's storage (``FlatJSONObject/object(_:)`` reads an object's).
    case nested(Range<Int>)
    /// `null`, an array Foundation read, or anything else a post field cannot be.
    case null
}

/// Where ``FlatJSONObject/Reader/decodeEscapedString(into:)`` puts a string's decoded bytes:
/// the object's storage, or nowhere when a nested value's string is only checked.
protocol DecodedText {
    var count: Int { get }
    mutating func append(_ byte: UInt8)
    /// Bytes that need no decoding, at once.
    mutating func append(run: UnsafeBufferPointer<UInt8>)
    mutating func append(scalar: UInt32)
    /// Whether what was appended from `start` on is valid UTF-8.
    func isValid(from start: Int) -> Bool
}

extension [UInt8]: DecodedText {
    mutating func append(run: UnsafeBufferPointer<UInt8>) { append(contentsOf: run) }
    mutating func append(scalar: UInt32) { UTF8Encoding.append(scalar, to: &self) }

    func isValid(from start: Int) -> Bool {
        withUnsafeBufferPointer { UTF8Encoding.isValid(UnsafeBufferPointer(rebasing: $0[start...])) }
    }
}

/// Decoded bytes thrown away: the caller checks the bytes as written (escapes decode to whole
/// characters, so they are valid UTF-8 exactly when the decoded text is).
struct Discarded: DecodedText {
    var count: Int { 0 }
    mutating func append(_ byte: UInt8) {}
    mutating func append(run: UnsafeBufferPointer<UInt8>) {}
    mutating func append(scalar: UInt32) {}
    func isValid(from start: Int) -> Bool { true }
}
