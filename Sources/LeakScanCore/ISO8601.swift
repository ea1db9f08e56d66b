import Foundation

/// ISO 8601 timestamps in UTC with a `Z`, e.g. `2009-11-03T14:05:00Z`.
public enum ISO8601 {
    public static func format(_ date: Date) -> String {
        var bytes = [UInt8]()
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends the timestamp's bytes: written as digits in place, not through
    /// `String(format:)`, which goes through Foundation's formatter and was a fifteenth of the
    /// time of scanning short posts, nor through a string per timestamp (one per incident).
    public static func append(_ date: Date, to out: inout [UInt8]) {
        var seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var moment = tm()
        gmtime_r(&seconds, &moment)
        let year = Int(moment.tm_year) + 1900
        func put(_ value: Int32, width: Int) { out.appendDecimal(UInt64(value), width: width) }
        if (0...9999).contains(year) {
            put(Int32(year), width: 4)
        } else {
            out.append(contentsOf: year.zeroPadded(4).utf8)  // a sign, or a fifth digit
        }
        out.append(UInt8(ascii: "-"))
        put(moment.tm_mon + 1, width: 2)
        out.append(UInt8(ascii: "-"))
        put(moment.tm_mday, width: 2)
        out.append(UInt8(ascii: "T"))
        put(moment.tm_hour, width: 2)
        out.append(UInt8(ascii: ":"))
        put(moment.tm_min, width: 2)
        out.append(UInt8(ascii: ":"))
        put(moment.tm_sec, width: 2)
        out.append(UInt8(ascii: "Z"))
    }
}
