import Foundation

/// Where a message was published, in the rows of Proofpoint's 2009 survey, so measured rates
/// can be set beside the published ones.
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case email
    case socialNetworking = "social-networking"
    case blogMessageBoard = "blog-message-board"
    case videoSharing = "video-sharing"
    case smsTwitter = "sms-twitter"
    /// A document or picture scanned as a file of its own (given as an input, or a member of
    /// an archive), published through none of the survey's channels: the survey has no row
    /// for it, and counted as a social post it made a file share look like leaks on Facebook.
    /// A user who knows where the files were posted says so with `--platform`.
    case file

    /// The channel of a document's platform (`email`, `facebook`, `twitter`, `youtube`, …).
    public init(platform: String) {
        // Platforms are lower case already, nearly always: such a name is read as it is, not
        // copied (every post and every incident's record asks).
        let lowerCase = platform.lowercasedUnlessPlain()
        self = lowerCase.utf8.span.withUnsafeBufferPointer(Self.channel(ofLowerCase:))
    }

    /// The platforms named, by their lower-case names. Anything else is a social network
    /// (facebook, myspace, linkedin, instagram, bebo, and unknown social exports).
    static let named: [(name: StaticString, channel: Channel)] = [
        ("facebook", .socialNetworking), ("instagram", .socialNetworking), ("linkedin", .socialNetworking),
        ("email", .email), ("mail", .email),
        ("file", .file),
        // Mastodon: a microblog, as Twitter; WhatsApp, Telegram and Teams chats: messages, as SMS.
        ("twitter", .smsTwitter), ("x", .smsTwitter), ("mastodon", .smsTwitter), ("sms", .smsTwitter), ("text", .smsTwitter),
        ("mms", .smsTwitter), ("whatsapp", .smsTwitter), ("telegram", .smsTwitter), ("teams-chat", .smsTwitter),
        ("youtube", .videoSharing), ("vimeo", .videoSharing), ("tiktok", .videoSharing), ("video", .videoSharing),
        ("dailymotion", .videoSharing), ("soundcloud", .videoSharing),
        // Slack, Discord and a Teams team's channels: channels that many members read, the survey's nearest row.
        ("blog", .blogMessageBoard), ("forum", .blogMessageBoard), ("reddit", .blogMessageBoard),
        ("message-board", .blogMessageBoard), ("messageboard", .blogMessageBoard), ("wordpress", .blogMessageBoard),
        ("tumblr", .blogMessageBoard), ("blogger", .blogMessageBoard), ("slack", .blogMessageBoard),
        ("discord", .blogMessageBoard), ("teams", .blogMessageBoard),
    ]

    /// The channel of a lower-case platform name's bytes: compared with each name of the same
    /// length, byte for byte. A `switch` over strings compared the name with each case in
    /// turn as strings, 290 instructions for `twitter`, once per post and per incident's place.
    static func channel(ofLowerCase name: UnsafeBufferPointer<UInt8>) -> Channel {
        for entry in named where entry.name.utf8CodeUnitCount == name.count {
            if memcmp(entry.name.utf8Start, name.baseAddress!, name.count) == 0 { return entry.channel }
        }
        return .socialNetworking
    }

    public static func < (lhs: Channel, rhs: Channel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
