/// Streams the elements of a JSON array without parsing the whole document: it tracks only
/// nesting depth and string state, and hands each element's bytes to a worker to parse.
///
/// The array is the first `[` in the input, so the same reader serves a plain array, the
/// X/Twitter archive's `window.YTD.tweets.part0 = [ … ]`, and a Facebook export object such
/// as `{"status_updates_v2": [ … ]}`. Trailing commas (`[{…},]`, `{"a": 1,}`) are removed,
/// since archive exports contain them and strict parsers reject them.
final class JSONArrayReader {
    let lines: LineReader
    let maxElementBytes: Int
    var platform: String?
    var started = false
    var finished = false
    private(set) var error: InputError?

    /// Non-blank bytes found after the array's end, or of the whole input when it holds no
    /// array: text no record covers.
    private(set) var trailingBytes = 0

    /// - Parameters:
    ///   - platform: what the file's start says of its posts (``platform(of:)``).
    ///   - insideArray: `lines` starts just past an element (a resumed scan), not before the `[`.
    init(lines: LineReader, maxElementBytes: Int, platform: String?, insideArray: Bool = false) {
        self.lines = lines
        self.maxElementBytes = maxElementBytes
        self.platform = platform
        started = insideArray
    }

    /// `twitter` for an X/Twitter archive's `tweets.js`, from the file's first bytes.
    static func platform(of prefix: ArraySlice<UInt8>) -> String? {
        prefix.starts(with: Array("window.YTD.tweet".utf8)) ? "twitter" : nil
    }

    // Scanner state, kept across chunks.
    var chunk = ArraySlice<UInt8>()
    var chunkOffset: UInt64 = 0
    var depth = 0
    var strings = JSONStringState()
    var element = [UInt8]()
    var elementOffset: UInt64 = 0
    /// Input offset just past the element's last byte.
    var elementEnd: UInt64 = 0
    /// Index in `element` of a comma that may turn out to be trailing.
    var pendingComma: Int?

    func nextByte() -> (UInt8, UInt64)? {
        while chunk.isEmpty {
            guard let (line, offset, _) = lines.nextLine() else { return nil }
            chunk = line
            chunkOffset = offset
        }
        let byte = chunk.first!
        chunk = chunk.dropFirst()
        defer { chunkOffset += 1 }
        return (byte, chunkOffset)
    }

    func next() -> RawPost? {
        if finished { return nil }
        if !started {
            // What precedes the array (`window.YTD.tweets.part0 = `, a wrapper's key) is no
            // post; without an array at all, every byte of the input went unscanned.
            var skipped = 0
            while let (byte, _) = nextByte() {
                if byte == UInt8(ascii: "[") {
                    started = true
                    break
                }
                if byte > 0x20 { skipped += 1 }
            }
            guard started else {
                finished = true
                trailingBytes = skipped
                return nil
            }
        }
        element.removeAll(keepingCapacity: true)
        pendingComma = nil
        while let (byte, offset) = nextByte() {
            if strings.consume(byte) {
                if element.count < maxElementBytes { element.append(byte) }
                elementEnd = offset + 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                pendingComma = nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                pendingComma = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 {
                    // End of the array.
                    finished = true
                    countTrailingBytes()
                    return finishElement()
                }
                depth -= 1
                if let comma = pendingComma {
                    element.remove(at: comma)
                    pendingComma = nil
                }
            case UInt8(ascii: ","):
                if depth == 0 {
                    if let post = finishElement() { return post }
                    continue
                }
                pendingComma = element.count
            case 0x20, 0x09, 0x0A, 0x0D:
                if element.isEmpty { continue }
            default:
                pendingComma = nil
            }
            if element.isEmpty { elementOffset = offset }
            if element.count < maxElementBytes { element.append(byte) }
            // The element ends at its last byte that is not a blank: what follows it may change
            // when the array grows.
            if byte > 0x20 { elementEnd = offset + 1 }
        }
        finished = true
        if depth > 0 || strings.inString {
            error = InputError(path: "", reason: "JSON ends inside an element (truncated file)")
        }
        return finishElement()
    }

    func finishElement() -> RawPost? {
        guard element.contains(where: { $0 > 0x20 }) else { return nil }
        defer { element.removeAll(keepingCapacity: true) }
        var post = RawPost(offset: elementOffset, body: .json(element), platform: platform)
        post.endOffset = elementEnd
        return post
    }

    /// Reads what follows the array's end; anything but blanks (and a `;` or the `}` of a
    /// wrapper object) is counted, since no record covers it.
    func countTrailingBytes() {
        let ignorable: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"), UInt8(ascii: "}")]
        while let (byte, _) = nextByte() {
            if !ignorable.contains(byte) { trailingBytes += 1 }
        }
    }
}
