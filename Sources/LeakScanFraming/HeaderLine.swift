/// A header line as framing needs to recognise one: mbox separators and format detection ask
/// whether a line is a `Name: value` field before any message is parsed.
public enum HeaderLine {
    /// The field name if `line` starts with `name:` (printable ASCII, no spaces), else nil.
    public static func fieldName(_ line: ArraySlice<UInt8>) -> String? {
        field(line)?.name
    }

    /// The field's name and the bytes after its colon. "Name :" (obsolete syntax) is
    /// tolerated: blanks before the colon are not part of the name, and the value starts
    /// after the colon wherever it is.
    public static func field(_ line: ArraySlice<UInt8>) -> (name: String, value: ArraySlice<UInt8>)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")), colon > line.startIndex else { return nil }
        var name = line[line.startIndex..<colon]
        while let last = name.last, last == 0x20 || last == 0x09 { name = name.dropLast() }
        guard !name.isEmpty, name.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return (String(decoding: name, as: UTF8.self), line[(colon + 1)...])
    }
}
