import Foundation
import LeakScanCore
import LeakScanFraming

/// One header field, unfolded, with its raw value bytes.
public struct HeaderField: Sendable, Equatable {
    public var name: String
    public var value: [UInt8]

    public var text: String { String(decoding: value, as: UTF8.self) }
}

extension [HeaderField] {
    /// The first field called `name` (ASCII case-insensitive, as RFC 5322 field names are;
    /// compared on bytes, because Foundation's locale-aware comparison showed up in profiles).
    public func first(named name: String) -> HeaderField? {
        let wanted = [UInt8](name.utf8)
        return first { field in
            var candidate = field.name.utf8.makeIterator()
            for byte in wanted {
                guard let other = candidate.next(), other | 0x20 == byte | 0x20 else { return false }
            }
            return candidate.next() == nil
        }
    }
}
