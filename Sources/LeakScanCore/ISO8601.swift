import Foundation

/// ISO 8601 timestamps in UTC with a `Z`, e.g. `2009-11-03T14:05:00Z`.
public enum ISO8601 {
    public static func format(_ date: Date) -> String {
        var bytes = [UInt8]()
        append(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// A moment's calendar fields in UTC (proleptic Gregorian, as `gmtime` gives them).
    public struct Fields: Equatable, Sendable {
        public var year: Int
        public var month: Int
        public var day: Int
        public var hour: Int
        public var minute: Int
        public var second: Int

        public init(year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
            (self.year, self.month, self.day, self.hour, self.minute, self.second) = (year, month, day, hour, minute, second)
        }
    }

    /// The UTC fields of `date`, worked out with integer arithmetic (Howard Hinnant's
    /// civil-from-days): `gmtime_r` takes glibc's time-zone lock on every call and cost
    /// 1,800 instructions a timestamp, one per incident written. Any date gives fields: one
    /// beyond ±10¹⁵ seconds (30 million years) is read as that bound, and NaN as 1970, so no
    /// input can trap a conversion (parsers refuse such times; this is the last guard).
    public static func fields(of date: Date) -> Fields {
        let interval = date.timeIntervalSince1970
        let seconds = Int(interval.isNaN ? 0 : max(-1e15, min(1e15, interval)).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // March is 0
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return Fields(
            year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month: month, day: dayOfYear - (153 * shiftedMonth + 2) / 5 + 1,
            hour: secondOfDay / 3600, minute: secondOfDay % 3600 / 60, second: secondOfDay % 60)
    }

    /// Appends the timestamp's bytes (``withBytes(of:_:)``).
    public static func append(_ date: Date, to out: inout [UInt8]) {
        withBytes(of: date) { out.append(contentsOf: $0) }
    }

    /// Hands `body` the timestamp's bytes: written as digits in place, not through
    /// `String(format:)`, which goes through Foundation's formatter and was a fifteenth of the
    /// time of scanning short posts, nor through a string per timestamp (one per incident).
    /// A four-digit year's 20 bytes are put together in temporary memory and handed over at
    /// once: six numbers and six separators appended one by one were 1,660 instructions a
    /// timestamp.
    public static func withBytes(of date: Date, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        let moment = fields(of: date)
        guard (0...9999).contains(moment.year) else {
            // A sign, or a fifth digit (ISO 8601's expanded years): `-0001`, `10000`.
            var text = Array(((moment.year < 0 ? "-" : "") + moment.year.magnitude.zeroPadded(4)).utf8)
            let rest = [("-", moment.month), ("-", moment.day), ("T", moment.hour), (":", moment.minute), (":", moment.second)]
            for (separator, value) in rest {
                text.append(contentsOf: separator.utf8)
                text.appendDecimal(UInt64(value), width: 2)
            }
            text.append(UInt8(ascii: "Z"))
            return text.withUnsafeBufferPointer(body)
        }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { buffer in
            func put(_ value: Int, at index: Int) {
                buffer[index] = UInt8(ascii: "0") + UInt8(value / 10)
                buffer[index + 1] = UInt8(ascii: "0") + UInt8(value % 10)
            }
            put(moment.year / 100, at: 0)
            put(moment.year % 100, at: 2)
            buffer[4] = UInt8(ascii: "-")
            put(moment.month, at: 5)
            buffer[7] = UInt8(ascii: "-")
            put(moment.day, at: 8)
            buffer[10] = UInt8(ascii: "T")
            put(moment.hour, at: 11)
            buffer[13] = UInt8(ascii: ":")
            put(moment.minute, at: 14)
            buffer[16] = UInt8(ascii: ":")
            put(moment.second, at: 17)
            buffer[19] = UInt8(ascii: "Z")
            body(UnsafeBufferPointer(buffer))
        }
    }
}
