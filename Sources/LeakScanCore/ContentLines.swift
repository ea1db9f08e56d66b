/// iCalendar (RFC 5545) and vCard (RFC 6350) text: a meeting invitation's description, a
/// contact's note. Both fold long lines at 75 bytes (a line break and a space, anywhere, even
/// inside a word or a number) and escape commas, semicolons and line breaks with `\`, so a
/// NINO in an invitation's description was split by a fold about one time in six. Read as the
/// calendar or the contact shows it: unfolded and unescaped.
public enum ContentLines {
    /// `bytes` unfolded and unescaped when they are an iCalendar or vCard object (they start,
    /// blanks aside, with `BEGIN:VCALENDAR` or `BEGIN:VCARD`); nil for any other text.
    public static func unfolded(_ bytes: [UInt8]) -> [UInt8]? {
        guard let start = objectStart(bytes[...]) else { return nil }
        var text = [UInt8]()
        text.reserveCapacity(bytes.count)
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            // A line break followed by a space or a tab continues the line.
            if byte == 0x0D || byte == 0x0A {
                var next = index + 1
                if byte == 0x0D, next < bytes.count, bytes[next] == 0x0A { next += 1 }
                if next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 {
                    index = next + 1
                    continue
                }
                text.append(0x0A)
                index = next
                continue
            }
            if byte == UInt8(ascii: "\\"), index + 1 < bytes.count {
                switch bytes[index + 1] {
                case UInt8(ascii: "n"), UInt8(ascii: "N"):
                    text.append(0x0A)
                    index += 2
                    continue
                case UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "\\"):
                    text.append(bytes[index + 1])
                    index += 2
                    continue
                default: break
                }
            }
            text.append(byte)
            index += 1
        }
        return text
    }

    /// Where the iCalendar or vCard object `text` starts with (blanks and line ends before it
    /// aside) begins; nil when it starts with anything else.
    public static func objectStart(_ text: ArraySlice<UInt8>) -> Int? {
        guard let start = text.firstIndex(where: { $0 != 0x20 && $0 != 0x09 && $0 != 0x0D && $0 != 0x0A }),
            text[start] | 0x20 == UInt8(ascii: "b")  // most texts are told apart by their first letter
        else { return nil }
        let rest = text[start...]
        return rest.startsCaseless(with: "begin:vcalendar") || rest.startsCaseless(with: "begin:vcard") ? start : nil
    }
}
