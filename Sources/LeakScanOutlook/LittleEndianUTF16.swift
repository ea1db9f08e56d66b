/// Text stored as little-endian UTF-16 up to a null, as Windows formats keep it (MAPI's
/// `PT_UNICODE` in TNEF, MS-OLEPS property values): decoded up to the first null unit or the
/// last whole unit, unpaired surrogates replaced.
public enum LittleEndianUTF16 {
    public static func string(_ bytes: some Collection<UInt8>) -> String {
        var units = [UInt16]()
        units.reserveCapacity(bytes.count / 2)
        var index = bytes.startIndex
        while index != bytes.endIndex {
            let low = bytes[index]
            bytes.formIndex(after: &index)
            guard index != bytes.endIndex else { break }
            let unit = UInt16(low) | UInt16(bytes[index]) << 8
            bytes.formIndex(after: &index)
            if unit == 0 { break }
            units.append(unit)
        }
        return String(decoding: units, as: UTF16.self)
    }
}
