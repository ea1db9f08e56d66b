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
    /// The name's bytes are read in place: copied into an array per lookup, they were seven
    /// allocations a message.
    public func first(named name: String) -> HeaderField? {
        first { field in
            field.name.utf8.count == name.utf8.count && zip(field.name.utf8, name.utf8).allSatisfy { $0 | 0x20 == $1 | 0x20 }
        }
    }
}
