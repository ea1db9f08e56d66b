/// Apple Mail's own message file, `.emlx` (and `.partial.emlx`, whose attachments Mail keeps
/// as files beside it): a first line that gives the message's length in bytes (padded with
/// blanks), the message itself, then a property list of Mail's own (flags, dates, ids), which
/// no person wrote and which is not scanned.
///
/// Read as the plain text it looks like, a quoted-printable body kept its soft line breaks
/// (an identifier split across two lines was missed), base64 attachments were not read as
/// files, and an HTML body was scanned as markup.
final class AppleMailReader {
    let lines: LineReader
    let maxMessageBytes: Int
    private var done = false

    init(lines: LineReader, maxMessageBytes: Int) {
        self.lines = lines
        self.maxMessageBytes = maxMessageBytes
    }

    /// The length a `.emlx` file's first line declares: 1 to 12 digits, then blanks at most.
    static func declaredLength(_ firstLine: ArraySlice<UInt8>) -> Int? {
        let digits = firstLine.prefix { (0x30...0x39).contains($0) }
        guard (1...12).contains(digits.count), firstLine.dropFirst(digits.count).allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D })
        else { return nil }
        return Int(String(decoding: digits, as: UTF8.self))
    }

    /// The file's one message; nil after it, or when the first line declares no length.
    ///
    /// A file shorter than its declared length gives what it holds, marked as cut. A length
    /// that ends before Mail's property list starts (the file was edited, or its first line
    /// damaged) does not hide the rest: the message then runs to the property list.
    func next() -> RawMessage? {
        guard !done else { return nil }
        done = true
        var first = lines.nextLine()
        while let line = first, line.bytes.allSatisfy({ $0 == 0x0A || $0 == 0x0D || $0 == 0x20 }) { first = lines.nextLine() }
        guard let first, let declared = Self.declaredLength(first.bytes.prefix { $0 != 0x0A }) else { return nil }
        var message = RawMessage(offset: lines.consumedOffset, envelope: [], bytes: [])
        /// Adds bytes up to the size limit.
        func append(_ bytes: ArraySlice<UInt8>) {
            let room = maxMessageBytes - message.bytes.count
            if bytes.count > room { message.truncatedAt = maxMessageBytes }
            message.bytes += bytes.prefix(room)
        }
        // What follows the declared length on its line, when it ends inside one.
        var after = ArraySlice<UInt8>()
        while message.bytes.count < declared, message.truncatedAt == nil, let (line, _, _) = lines.nextLine() {
            let wanted = declared - message.bytes.count
            append(line.prefix(wanted))
            after = line.dropFirst(wanted)
        }
        if message.truncatedAt == nil, message.bytes.count < declared {
            message.cutReason =
                "an Apple Mail message declared as \(declared) bytes, of which the file holds \(message.bytes.count): the rest was not scanned"
        } else if message.truncatedAt == nil, !Self.startsPropertyList(after) {
            append(after)
            while message.truncatedAt == nil, let (line, _, _) = lines.nextLine(), !Self.startsPropertyList(line) { append(line) }
        }
        // A message saved from an mbox may keep its `From ` line, which is the envelope's.
        if message.bytes.starts(with: MboxReader.fromPrefix), let lineEnd = message.bytes.firstIndex(of: 0x0A) {
            message.envelope = Array(message.bytes[..<lineEnd].prefix { $0 != 0x0D })
            message.bytes.removeFirst(lineEnd + 1)
        }
        message.endOffset = lines.consumedOffset
        return message
    }

    /// Whether `bytes` (blanks aside) start Mail's property list.
    static func startsPropertyList(_ bytes: ArraySlice<UInt8>) -> Bool {
        let text = bytes.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
        return ["<?xml", "<!DOCTYPE plist", "<plist"].contains { text.starts(with: $0.utf8) }
    }
}
