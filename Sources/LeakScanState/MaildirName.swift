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
        let utf8 = Array(path.utf8)
        guard let slash = utf8.lastIndex(of: UInt8(ascii: "/")), slash >= 4 else { return nil }
        let folder = utf8[(slash - 4)..<slash]
        guard folder.elementsEqual("/cur".utf8) || folder.elementsEqual("/new".utf8) else { return nil }
        var name = utf8[(slash + 1)...]
        let time = name.prefix { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
        guard !time.isEmpty, name.dropFirst(time.count).first == UInt8(ascii: ".") else { return nil }
        if let colon = name.firstIndex(of: UInt8(ascii: ":")) { name = name[..<colon] }
        return String(decoding: utf8[..<(slash - 4)] + [UInt8(ascii: "/")] + name, as: UTF8.self)
    }

    /// The Maildir folder (holding cur/ and new/) of a message path `of(_:)` accepts.
    public static func folder(of name: String) -> String {
        let utf8 = name.utf8
        return String(Substring(utf8[..<(utf8.lastIndex(of: UInt8(ascii: "/")) ?? utf8.startIndex)]))
    }
}
