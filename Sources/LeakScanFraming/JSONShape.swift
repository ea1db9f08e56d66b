/// Tells JSON Lines from one JSON document that starts with `{` (a Facebook export object
/// holding an array of posts), however long the first record is.
///
/// A JSON Lines record is one line: its object closes before the first line feed. A document
/// written over several lines has a line feed inside its first object. One written on a
/// single line (`json.dump` without indentation) is a wrapper when it holds a single key whose
/// value is an array of objects, or when it is the input's only object and holds a chat's
/// `messages` array (Messenger, Telegram), a Telegram account's `chats` or `left_chats`, a
/// TikTok export's sections (``tikTokSections``), or
/// an OData collection's `value` array (a page of Microsoft Graph's messages, as the API
/// sends it): no post has those members.
enum JSONShape {
    enum Verdict { case jsonLines, document, undecided }

    /// Reads `bytes` (the start of the input, BOM and leading blanks included; the whole input
    /// when it is no longer).
    static func classify(_ bytes: ArraySlice<UInt8>) -> Verdict {
        var depth = 0
        var strings = JSONStringState()
        var keys = 0
        // After the first key's colon at depth 1: whether its value is `[` then `{`.
        var firstValue: [UInt8] = []
        var readingFirstValue = false
        // The last key read at depth 1, and whether one named a list of messages or chats.
        var key: [UInt8] = []
        var holdsRecords = false
        for index in bytes.indices {
            let byte = bytes[index]
            if strings.consume(byte) {
                if depth == 1 && strings.inString && key.count < JSONArrayReader.longestName { key.append(byte) }
                continue
            }
            if readingFirstValue && byte > 0x20 {
                firstValue.append(byte)
                if firstValue.count == 2 || byte != UInt8(ascii: "[") { readingFirstValue = false }
            }
            switch byte {
            case UInt8(ascii: "\"") where depth == 1:
                key.removeAll(keepingCapacity: true)
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if depth == 1
                    && (byte == UInt8(ascii: "[") ? recordLists.contains(key) : chatSections.contains(key) || tikTokSections.contains(key))
                {
                    holdsRecords = true
                }
                depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                guard depth == 0 else { break }
                if keys == 1 && firstValue == Array("[{".utf8) { return .document }
                guard holdsRecords else { return .jsonLines }
                // Only blanks to the end of what was read: the whole input, or more is needed.
                return bytes[(index + 1)...].contains { $0 > 0x20 } ? .jsonLines : .undecided
            case UInt8(ascii: ":") where depth == 1:
                keys += 1
                if keys == 1 { readingFirstValue = true }
            case 0x0A where depth > 0:
                return .document
            default: break
            }
        }
        return .undecided
    }

    /// The arrays of records a whole export's one object holds: a chat's messages, an OData page's values.
    static let recordLists: Set<[UInt8]> = [Array("messages".utf8), Array("value".utf8)]

    /// The members of a Telegram account export whose `list` holds its chats.
    static let chatSections: Set<[UInt8]> = [Array("chats".utf8), Array("left_chats".utf8)]

    /// Sections of a TikTok export (``JSONArrayReader/isTikTokRecords(_:)``), under their
    /// names old and new, that no post holds.
    static let tikTokSections: Set<[UInt8]> = Set(
        ["Direct Message", "Direct Messages", "Your Activity", "App Settings", "Ads and data", "Tiktok Live", "TikTok Shop"].map {
            Array($0.utf8)
        })
}

/// Whether a byte of JSON text lies inside a string, tracked byte by byte (quotes and
/// backslash escapes): what both the JSON shape sniffer and the array reader need to find
/// structure without parsing.
struct JSONStringState {
    private(set) var inString = false
    private var escaped = false

    /// Takes the next byte; true when it belongs to a string (its opening quote excluded, its
    /// closing quote included), so the caller skips it as structure.
    mutating func consume(_ byte: UInt8) -> Bool {
        if inString {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                inString = false
            }
            return true
        }
        if byte == UInt8(ascii: "\"") { inString = true }
        return false
    }
}
