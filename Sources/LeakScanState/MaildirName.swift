/// The identity of a Maildir message: its folder and unique name. A delivered message's file
/// never changes; reading it, flagging it or moving it from new/ to cur/ only renames it, by
/// rewriting what follows the `:2,` (RFC-less but universal Maildir convention, as Dovecot,
/// Courier and mutt write it) or its parent folder. So a nightly scan that has read a message
/// once can skip it by name, without opening it.
public enum MaildirName {
    /// `"/mail/alice/Maildir/1700000000.M1P2.host"` for
    /// `"/mail/alice/Maildir/cur/1700000000.M1P2.host:2,S"`; nil for a file not in a cur/ or
    /// new/ folder, or whose name is not shaped like a delivery's (its time in seconds, a dot,
    /// more): an mbox that happens to sit in a folder called new/ may grow, and is not skipped.
    public static func of(_ path: String) -> String? {
        var path = path
        return path.withUTF8 { utf8 -> String? in
            guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash >= 4, utf8[slash - 4] == UInt8(ascii: "/") else { return nil }
            let folder = (utf8[slash - 3], utf8[slash - 2], utf8[slash - 1])
            guard folder == (0x63, 0x75, 0x72) || folder == (0x6E, 0x65, 0x77) else { return nil }  // "cur", "new"
            var end = slash + 1
            while end < utf8.count, utf8[end] >= UInt8(ascii: "0"), utf8[end] <= UInt8(ascii: "9") { end += 1 }
            guard end > slash + 1, end < utf8.count, utf8[end] == UInt8(ascii: ".") else { return nil }
            while end < utf8.count, utf8[end] != UInt8(ascii: ":") { end += 1 }
            // The Maildir folder with its slash, then the unique name: cur/ or new/ cut out.
            return String(unsafeUninitializedCapacity: end - 4) { name in
                _ = name.initialize(fromContentsOf: utf8[..<(slash - 3)])
                _ = name[(slash - 3)...].initialize(fromContentsOf: utf8[(slash + 1)..<end])
                return end - 4
            }
        }
    }

    /// The Maildir folder (holding cur/ and new/) of a message path `of(_:)` accepts.
    public static func folder(of name: String) -> String {
        var name = name
        return name.withUTF8 {
            String(decoding: UnsafeBufferPointer(rebasing: $0[..<($0.lastIndex(of: UInt8(ascii: "/")) ?? 0)]), as: UTF8.self)
        }
    }
}
