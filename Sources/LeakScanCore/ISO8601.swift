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
        return year.zeroPadded(4) + "-" + (Int(moment.tm_mon) + 1).zeroPadded(2) + "-" + Int(moment.tm_mday).zeroPadded(2) + "T"
            + Int(moment.tm_hour).zeroPadded(2) + ":" + Int(moment.tm_min).zeroPadded(2) + ":" + Int(moment.tm_sec).zeroPadded(2) + "Z"
    }
}
