/// Tells JSON Lines from one JSON document that starts with `{` (a Facebook export object
/// holding an array of posts), however long the first record is.
///
/// A JSON Lines record is one line: its object closes before the first line feed. A document
/// written over several lines has a line feed inside its first object; one written on a
/// single line is a wrapper when it holds a single key whose value is an array of objects.
enum JSONShape {
    enum Verdict { case jsonLines, document, undecided }

    /// Reads `bytes` (the start of the input, BOM and leading blanks included).
    static func classify(_ bytes: ArraySlice<UInt8>) -> Verdict {
        var depth = 0
        var strings = JSONStringState()
        var keys = 0
        // After the first key's colon at depth 1: whether its value is `[` then `{`.
        var firstValue: [UInt8] = []
        var readingFirstValue = false
        for byte in bytes {
            if strings.consume(byte) { continue }
            if readingFirstValue && byte > 0x20 {
                firstValue.append(byte)
                if firstValue.count == 2 || byte != UInt8(ascii: "[") { readingFirstValue = false }
            }
            switch byte {
            case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                depth -= 1
                if depth == 0 { return keys == 1 && firstValue == Array("[{".utf8) ? .document : .jsonLines }
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
