import Foundation

/// ISO 8601 timestamps in UTC with a `Z`, e.g. `2009-11-03T14:05:00Z`.
public enum ISO8601 {
    public static func format(_ date: Date) -> String {
        var seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var moment = tm()
        gmtime_r(&seconds, &moment)
        // Not `String(format:)`: it goes through Foundation's formatter, and was a fifteenth of
        // the time of scanning short posts.
        let year = Int(moment.tm_year) + 1900
        if (0...9999).contains(year) {
            // Twenty bytes written in place: one allocation per timestamp instead of fourteen
            // small strings (a thirtieth of scanning short posts, one timestamp per incident).
            return String(unsafeUninitializedCapacity: 20) { bytes in
                func put(_ value: Int, width: Int, at offset: Int) {
                    var value = value
                    for position in stride(from: offset + width - 1, through: offset, by: -1) {
                        bytes[position] = UInt8(ascii: "0") + UInt8(value % 10)
                        value /= 10
                    }
                }
                put(year, width: 4, at: 0)
                put(Int(moment.tm_mon) + 1, width: 2, at: 5)
                put(Int(moment.tm_mday), width: 2, at: 8)
                put(Int(moment.tm_hour), width: 2, at: 11)
                put(Int(moment.tm_min), width: 2, at: 14)
                put(Int(moment.tm_sec), width: 2, at: 17)
                (bytes[4], bytes[7], bytes[10]) = (UInt8(ascii: "-"), UInt8(ascii: "-"), UInt8(ascii: "T"))
                (bytes[13], bytes[16], bytes[19]) = (UInt8(ascii: ":"), UInt8(ascii: ":"), UInt8(ascii: "Z"))
                return 20
            }
        }
        return year.zeroPadded(4) + "-" + (Int(moment.tm_mon) + 1).zeroPadded(2) + "-" + Int(moment.tm_mday).zeroPadded(2) + "T"
            + Int(moment.tm_hour).zeroPadded(2) + ":" + Int(moment.tm_min).zeroPadded(2) + ":" + Int(moment.tm_sec).zeroPadded(2) + "Z"
    }
}
