import Foundation

/// One rule match in one message, as written to the incident stream.
///
/// It never holds the matched value itself: `excerpt` is masked and `fingerprint` is a
/// keyed hash, so that the incident log does not become a new copy of the leak.
public struct Incident: Sendable, Equatable {
    public var rule: String
    public var category: Category
    public var severity: Severity
    /// The archive file path.
    public var source: String
    /// Byte offset of the message in `source`.
    public var offset: UInt64
    public var messageID: String?
    public var author: String?
    public var timestamp: Date?
    /// `email` or the social platform.
    public var platform: String
    /// The survey row the platform belongs to.
    public var channel: Channel { Channel(platform: platform) }
    /// Organisation id (from the organisation directory, else the sender's domain).
    public var org: String?
    /// Normalised author.
    public var person: String? { OrganisationDirectory.person(author) }
    /// `subject`, `body`, a MIME part path, or an attachment's file name.
    public var location: String
    /// The attachment the match was found in, when it was one.
    public var attachment: Attachment?
    /// The match in its context, with the sensitive value masked.
    public var excerpt: String
    /// Keyed hash of (message, rule, value): stable across runs, reveals nothing.
    public var fingerprint: Fingerprint
    /// For an emblem seen in a picture: how closely it resembles the reference (0...1).
    public var similarity: Double?
    /// For derogatory rules that say so: the kind of remark and its target (rule data, see
    /// `RemarkKind` and `RemarkTarget` in LeakScanRules), for discipline tiers and statistics.
    public var kind: String?
    public var target: String?
}

extension Incident {
    /// Delegates to the memberwise initializer (see ``TextUnit``'s).
    public init(
        rule: String, category: Category, severity: Severity, source: String, offset: UInt64,
        messageID: String?, author: String?, timestamp: Date?, platform: String = "email", location: String,
        attachment: Attachment? = nil, excerpt: String, fingerprint: Fingerprint, similarity: Double? = nil,
        kind: String? = nil, target: String? = nil, org: String? = nil
    ) {
        self.init(
            rule: rule, category: category, severity: severity, source: source, offset: offset, messageID: messageID, author: author,
            timestamp: timestamp, platform: platform, org: org, location: location, attachment: attachment, excerpt: excerpt,
            fingerprint: fingerprint, similarity: similarity, kind: kind, target: target)
    }
}
