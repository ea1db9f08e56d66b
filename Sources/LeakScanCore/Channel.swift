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
        if platform.isLowercaseASCII { self.init(lowerCasePlatform: platform) } else { self.init(lowerCasePlatform: platform.lowercased()) }
    }

    private init(lowerCasePlatform platform: String) {
        switch platform {
        // The commonest social networks first: a switch compares the names in turn, and these
        // fell through all thirty below to the default, for every post and every incident's record.
        case "facebook", "instagram", "linkedin": self = .socialNetworking
        case "email", "mail": self = .email
        case "file": self = .file
        // Mastodon: a microblog, as Twitter; WhatsApp, Telegram and Teams chats: messages, as SMS.
        case "twitter", "x", "mastodon", "sms", "text", "mms", "whatsapp", "telegram", "teams-chat": self = .smsTwitter
        case "youtube", "vimeo", "tiktok", "video", "dailymotion", "soundcloud": self = .videoSharing
        // Slack, Discord and a Teams team's channels: channels that many members read, the survey's nearest row.
        case "blog", "forum", "reddit", "message-board", "messageboard", "wordpress", "tumblr", "blogger", "slack", "discord", "teams":
            self = .blogMessageBoard
        default: self = .socialNetworking  // facebook, myspace, linkedin, instagram, bebo, and unknown social exports
        }
    }

    public static func < (lhs: Channel, rhs: Channel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
