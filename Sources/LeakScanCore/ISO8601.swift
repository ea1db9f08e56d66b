import Foundation

/// ISO 8601 timestamps in UTC with a `Z`, e.g. `2009-11-03T14:05:00Z`.
public enum ISO8601 {
    public static func format(_ date: Date) -> String {
        var seconds = Int(date.timeIntervalSince1970.rounded(.down))
        var moment = tm()
        gmtime_r(&seconds, &moment)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", Int(moment.tm_year) + 1900, Int(moment.tm_mon) + 1,
            Int(moment.tm_mday), Int(moment.tm_hour), Int(moment.tm_min), Int(moment.tm_sec))
    }
}
