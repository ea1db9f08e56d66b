/// Outlook's TNEF (`winmail.dat`, `application/ms-tnef`, MS-OXTNEF): what Outlook and Exchange
/// send in place of a message's formatted body and its attachments when the recipient is not
/// known to read Outlook's own properties. Read into the ``MAPIMessage`` a `.pst` or `.msg`
/// gives, so it becomes the same RFC 5322 message: its body (plain, else RTF from
/// `PR_RTF_COMPRESSED`), its files, and the messages attached to it (TNEF streams of their
/// own). Written here, not through libytnef: the format is a flat list of attributes, and the
/// few LeakScan needs take less code than the library's bindings would, with bounds checked on
/// every field.
///
/// Read as one opaque attachment before, a winmail.dat hid every file it carried: a spreadsheet
/// of names sent from Outlook to a mailing list was never opened.
public enum TNEFStream {
    /// The signature every TNEF stream starts with (0x223E9F78, little-endian).
    public static let signature: [UInt8] = [0x78, 0x9F, 0x3E, 0x22]

    /// A stream read as an RFC 5322 message, and why it stopped before its end (what came
    /// before is kept); nil when `bytes` are not TNEF.
    public static func read(_ bytes: [UInt8]) -> (message: [UInt8], damage: String?)? {
        message(bytes, depth: 0).map { ($0.message.rfc5322(), $0.damage) }
    }

    enum Attribute {
        static let attachRendData: UInt32 = 0x0006_9002
        static let attachTitle: UInt32 = 0x0001_8010
        static let attachData: UInt32 = 0x0006_800F
        static let attachment: UInt32 = 0x0006_9005
        static let subject: UInt32 = 0x0001_8004
        static let body: UInt32 = 0x0002_800C
        static let messageProperties: UInt32 = 0x0006_9003
    }

    /// A file attached, while its attributes are read: its names and bytes, and whether they
    /// are an attached message or object (`PR_ATTACH_DATA_OBJ`) rather than a file's bytes.
    struct PendingAttachment {
        var title: String?
        var longName: String?
        var bytes: [UInt8] = []
        var isObject = false
    }

    /// The MAPI message `bytes` hold; `depth` counts attached messages read inside attached messages.
    static func message(_ bytes: [UInt8], depth: Int) -> (message: MAPIMessage, damage: String?)? {
        guard bytes.starts(with: signature), bytes.count >= 6 else { return nil }
        var message = MAPIMessage()
        var damage: String?
        var reader = LittleEndianReader(bytes: bytes[6...])
        var current: PendingAttachment?
        func finishAttachment() {
            guard let pending = current else { return }
            current = nil
            let name = pending.longName ?? pending.title ?? "attachment-\(message.attachments.count + 1)"
            // An attached message is a TNEF stream of its own; an OLE object (an attached `.msg`
            // or document) is read as the file it is.
            if pending.isObject, depth < 8, let (inner, _) = Self.message(pending.bytes, depth: depth + 1) {
                message.attachments.append(.message(name: name, inner))
            } else {
                message.attachments.append(.file(name: name, data: pending.bytes))
            }
        }
        while !reader.isAtEnd {
            guard let level = reader.byte(), let id = reader.uint32(), let length = reader.uint32(),
                let data = reader.bytes(Int(length)), reader.uint16() != nil
            else {
                damage = "winmail.dat ends inside an attribute"
                break
            }
            // Level 1 is the message's, 2 an attachment's; anything else is not TNEF.
            guard level == 1 || level == 2 else {
                damage = "winmail.dat holds an attribute of unknown level \(level)"
                break
            }
            switch id {
            case Attribute.attachRendData:
                finishAttachment()
                current = PendingAttachment()
            case Attribute.attachTitle:
                if current == nil { current = PendingAttachment() }
                current?.title = MAPIProperties.Property(type: 0x001E, id: 0, value: data).text
            case Attribute.attachData:
                if current == nil { current = PendingAttachment() }
                current?.bytes = Array(data)
            case Attribute.attachment:
                if current == nil { current = PendingAttachment() }
                for property in MAPIProperties.read(data) {
                    switch UInt32(property.id) {
                    case MAPIMessage.Tag.attachmentLongFileName:
                        if let name = property.text, !name.isEmpty { current?.longName = name }
                    case MAPIMessage.Tag.attachmentFileName:
                        if let name = property.text, !name.isEmpty, current?.longName == nil { current?.longName = name }
                    case MAPIMessage.Tag.attachmentData:
                        // PR_ATTACH_DATA_BIN (the file's bytes) or PR_ATTACH_DATA_OBJ (an attached
                        // message or object): what the attachment is, where `attAttachData`
                        // then holds only a placeholder text. An object's value starts with the
                        // 16-byte identifier of its interface.
                        guard var value = property.binary else { continue }
                        if property.type == 0x000D, value.count > 16 { value.removeFirst(16) }
                        current?.bytes = value
                        current?.isObject = property.type == 0x000D
                    default: break
                    }
                }
            case Attribute.subject:
                message.subject = MAPIProperties.Property(type: 0x001E, id: 0, value: data).text
            case Attribute.body:
                message.plain = Array(data.prefix { $0 != 0 })
            case Attribute.messageProperties:
                for property in MAPIProperties.read(data) {
                    switch UInt32(property.id) {
                    case MAPIMessage.Tag.body:
                        if message.plain == nil, let text = property.text { message.plain = Array(text.utf8) }
                    case MAPIMessage.Tag.html:
                        if let value = property.binary ?? property.text.map({ Array($0.utf8) }) { message.html = value }
                    case MAPIMessage.Tag.compressedRTF:
                        if let value = property.binary { message.rtf = CompressedRTF.decompress(value) }
                    case MAPIMessage.Tag.subject:
                        if let text = property.text { message.subject = text }
                    case MAPIMessage.Tag.internetMessageID:
                        if let text = property.text { message.messageID = text }
                    default: break
                    }
                }
            default: break
            }
        }
        finishAttachment()
        if message.plain?.isEmpty == true { message.plain = nil }
        return (message, damage)
    }
}

/// A bounds-checked little-endian cursor over a byte slice.
struct LittleEndianReader {
    let bytes: ArraySlice<UInt8>
    var index: Int

    init(bytes: ArraySlice<UInt8>) {
        self.bytes = bytes
        index = bytes.startIndex
    }

    var isAtEnd: Bool { index >= bytes.endIndex }
    var remaining: Int { bytes.endIndex - index }

    mutating func byte() -> UInt8? { bytes(1)?.first }

    mutating func uint16() -> UInt16? {
        guard let two = bytes(2) else { return nil }
        return UInt16(two[two.startIndex]) | UInt16(two[two.startIndex + 1]) << 8
    }

    mutating func uint32() -> UInt32? {
        guard let four = bytes(4) else { return nil }
        return (0..<4).reduce(0) { $0 | UInt32(four[four.startIndex + $1]) << (8 * UInt32($1)) }
    }

    mutating func bytes(_ count: Int) -> ArraySlice<UInt8>? {
        guard count >= 0, count <= remaining else { return nil }
        defer { index += count }
        return bytes[index..<(index + count)]
    }

    /// Skips to the next multiple of four bytes from the start (TNEF pads property values so).
    mutating func align4() {
        let offset = index - bytes.startIndex
        index = min(bytes.endIndex, bytes.startIndex + (offset + 3) / 4 * 4)
    }
}

/// A MAPI property list as TNEF writes it (MS-OXTNEF 2.1.3.4): a count, then each property's
/// type and id, a named property's GUID and name, and its value or values, padded to four
/// bytes. Only the first value of each property is kept; a list cut short ends where it is cut.
struct MAPIProperties {
    struct Property {
        var type: UInt16
        var id: UInt16
        var value: ArraySlice<UInt8>?

        /// A string property's text: 8-bit (`PT_STRING8`, read as UTF-8, Latin-1 where that fails) or UTF-16.
        var text: String? {
            guard let value else { return nil }
            switch type {
            case 0x001E:
                let bytes = value.prefix { $0 != 0 }
                return String(validating: bytes, as: UTF8.self) ?? String(bytes.map { Character(Unicode.Scalar($0)) })
            case 0x001F:
                return LittleEndianUTF16.string(value)
            default: return nil
            }
        }

        var binary: [UInt8]? { (type == 0x0102 || type == 0x000D) ? value.map(Array.init) : nil }
    }

    static func fixedSize(_ type: UInt16) -> Int? {
        switch type {
        case 0x0002, 0x000B: 2
        case 0x0003, 0x0004, 0x000A: 4
        case 0x0005, 0x0006, 0x0007, 0x0014, 0x0040: 8
        case 0x0048: 16
        case 0x0001: 0
        default: nil
        }
    }

    static func read(_ data: ArraySlice<UInt8>) -> [Property] {
        var reader = LittleEndianReader(bytes: data)
        guard let count = reader.uint32() else { return [] }
        var properties = [Property]()
        for _ in 0..<min(Int(count), data.count / 4) {
            guard let type = reader.uint16(), let id = reader.uint16() else { break }
            if id >= 0x8000 {  // a named property: its GUID, then a number or a name
                guard reader.bytes(16) != nil, let kind = reader.uint32() else { break }
                if kind == 0 {
                    guard reader.uint32() != nil else { break }
                } else {
                    guard let length = reader.uint32(), reader.bytes(Int(length)) != nil else { break }
                    reader.align4()
                }
            }
            let base = type & 0x0FFF
            let multiple = type & 0x1000 != 0
            var first: ArraySlice<UInt8>?
            if let size = fixedSize(base) {
                let values = multiple ? Int(reader.uint32() ?? 0) : 1
                guard values >= 0, values <= reader.remaining else { break }
                for number in 0..<values {
                    guard let value = reader.bytes(size) else { return properties }
                    reader.align4()
                    if number == 0 { first = value }
                }
            } else if [0x001E, 0x001F, 0x0102, 0x000D].contains(base) {
                guard let values = reader.uint32(), Int(values) <= reader.remaining else { break }
                for number in 0..<Int(values) {
                    guard let length = reader.uint32(), let value = reader.bytes(Int(length)) else { return properties }
                    reader.align4()
                    if number == 0 { first = value }
                }
            } else {
                break  // a type of no known size: the rest cannot be found
            }
            properties.append(Property(type: base, id: id, value: first))
        }
        return properties
    }
}
