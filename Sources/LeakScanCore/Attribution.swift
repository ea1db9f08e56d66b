/// Where a message was published, in the rows of Proofpoint's 2009 survey, so measured rates
/// can be set beside the published ones.
public enum Channel: String, Sendable, Hashable, CaseIterable, Codable, Comparable {
    case email
    case socialNetworking = "social-networking"
    case blogMessageBoard = "blog-message-board"
    case videoSharing = "video-sharing"
    case smsTwitter = "sms-twitter"

    /// The channel of a document's platform (`email`, `facebook`, `twitter`, `youtube`, …).
    public init(platform: String) {
        switch platform.lowercased() {
        case "email", "mail": self = .email
        case "twitter", "x", "sms", "text", "mms": self = .smsTwitter
        case "youtube", "vimeo", "tiktok", "video", "dailymotion", "soundcloud": self = .videoSharing
        case "blog", "forum", "reddit", "message-board", "messageboard", "wordpress", "tumblr", "blogger": self = .blogMessageBoard
        default: self = .socialNetworking  // facebook, myspace, linkedin, instagram, bebo, and unknown social exports
        }
    }

    public static func < (lhs: Channel, rhs: Channel) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// An organisation as the statistics see it: who belongs to it, and how many staff it has.
public struct OrganisationEntry: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Email domains; a sender at the domain or any subdomain belongs to the organisation.
    public var domains: [String]
    /// Account handle prefixes (`@northshire_`), for social posts.
    public var handlePrefixes: [String]
    public var headcount: Int?

    public init(id: String, name: String, domains: [String] = [], handlePrefixes: [String] = [], headcount: Int? = nil) {
        self.id = id
        self.name = name
        self.domains = domains.map { $0.lowercased() }
        self.handlePrefixes = handlePrefixes.map { $0.lowercased() }
        self.headcount = headcount
    }
}

/// Maps authors to organisations: by email domain, then by handle prefix, else the sender's
/// own domain stands for the organisation (what a user without a mapping file would expect).
public struct OrganisationDirectory: Sendable, Equatable {
    public let entries: [OrganisationEntry]
    let byDomain: [String: String]

    public init(entries: [OrganisationEntry] = []) {
        self.entries = entries
        var byDomain = [String: String]()
        for entry in entries {
            for domain in entry.domains { byDomain[domain] = entry.id }
        }
        self.byDomain = byDomain
    }

    /// Normalised person: lower case, surrounding blanks removed.
    public static func person(_ author: String?) -> String? {
        guard let author else { return nil }
        let trimmed = author.trimming(.blanks).lowercased()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// The organisation id for an author, or nil when nothing identifies one.
    public func organisation(of author: String?) -> String? {
        guard let person = Self.person(author) else { return nil }
        // UTF-8 view searches: `Character` searches showed up in scan profiles.
        if let at = person.utf8.lastIndex(of: UInt8(ascii: "@")), at != person.startIndex {
            let fullDomain = person[person.utf8.index(after: at)...]
            var domain = fullDomain
            while true {
                if let id = byDomain[String(domain)] { return id }
                guard let dot = domain.utf8.firstIndex(of: UInt8(ascii: ".")) else { break }
                domain = domain[domain.utf8.index(after: dot)...]
            }
            return String(fullDomain)
        }
        return entries.first { entry in entry.handlePrefixes.contains { person.hasPrefix($0) } }?.id
    }
}
