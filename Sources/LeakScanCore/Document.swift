import Foundation

/// One piece of text that is scanned on its own (a subject, a body part, a post's text),
/// kept as raw UTF-8 bytes: nothing on the hot path converts bodies to `String`.
public struct TextUnit: Sendable, Equatable {
    /// Where the text came from inside its message: `subject`, `body`, a MIME part path such
    /// as `1.2`, or an attachment's file name.
    public var location: String
    /// The decoded text as UTF-8 bytes (invalid sequences are tolerated by the matcher).
    public var bytes: [UInt8]
    /// Set when the unit describes a binary attachment (its text is then the part's
    /// decoded headers: name, type, Content-ID).
    public var attachment: Attachment?
    /// Set when the unit is an image that shows an organisation's emblem: an incident of its
    /// own (rule ``EmblemMatch/rule``), whatever the unit's text.
    public var emblem: EmblemMatch?
    /// Who wrote the text: what the rules that judge people's words may judge.
    public var authorship: Authorship

    /// Set when no person wrote the text as a whole (``Authorship/description`` or
    /// ``Authorship/encodedData``): a classifier that judges what people write does not judge
    /// it (a trained scorer took the name `crazyones.pdf` and its type for a derogatory post,
    /// and lines of base64 for offensive ones).
    public var isMachineText: Bool { authorship != .person }
}

// The public initializers of the values made per post, unit and incident (this one,
// ``Attachment``'s, ``Document``'s, ``Incident``'s, ``RawPost``'s) delegate to the memberwise
// ones, declared in extensions so that Swift still makes those: written out field by field,
// each built its value aside, then copied it (every reference retained) and destroyed the
// original (every reference released).
extension TextUnit {
    /// A person's text (``Authorship/person``; set ``authorship`` after for another author).
    public init(location: String, bytes: [UInt8], attachment: Attachment? = nil, emblem: EmblemMatch? = nil) {
        self.init(location: location, bytes: bytes, attachment: attachment, emblem: emblem, authorship: .person)
    }
}

/// Who wrote a unit's text.
public enum Authorship: Sendable, Equatable {
    /// A person: a message, a post, a document's text.
    case person
    /// LeakScan, describing a file (`filename="…"`, `Content-Type: …`): matched by every rule
    /// (the name is a person's, and an identifier or an insult in it is theirs), not judged
    /// as a post.
    case description
    /// Nobody: characters that encode data, base64 that decodes to no file LeakScan knows (a
    /// key, an encrypted blob). Matched for identifiers and secrets, not for derogatory words,
    /// which such characters spell by chance between `+` and `/` (0.7 a megabyte of random
    /// base64).
    case encodedData
}

/// An image that shows a reference emblem (``TextUnit/emblem``).
public struct EmblemMatch: Sendable, Equatable {
    /// The rule id, category and severity of emblem incidents: the same offence as the logo rules.
    public static let rule = "logo-image"
    public static let severity = Severity.medium
    public var organisation: String
    /// The reference file it resembles.
    public var reference: String
    /// 0...1; 1 for the reference file itself (same SHA-256).
    public var similarity: Double

    public init(organisation: String, reference: String, similarity: Double) {
        self.organisation = organisation
        self.reference = reference
        self.similarity = similarity
    }
}

/// A binary attachment, described (and read in memory for its text, never written to disk).
public struct Attachment: Sendable, Equatable {
    public var name: String?
    /// MIME type, lower case.
    public var contentType: String
    /// Decoded size in bytes.
    public var size: Int
    /// SHA-256 of the decoded content, hex: lets responders find the same file elsewhere.
    /// Worked out the first time it is read (``LazyDigest``).
    public var sha256: String {
        get { digest.value }
        set { digest = LazyDigest(known: newValue) }
    }
    private var digest: LazyDigest
    /// The member the text came from, inside the attachment (`export/staff.xlsx/sheet2`); nil
    /// for the attachment itself.
    public var member: String?

    public static func == (left: Attachment, right: Attachment) -> Bool {
        (left.name, left.contentType, left.size, left.member) == (right.name, right.contentType, right.size, right.member)
            && left.sha256 == right.sha256
    }
}

// Delegating to the memberwise initializer (see ``TextUnit``'s).
extension Attachment {
    public init(name: String?, contentType: String, size: Int, sha256: String, member: String? = nil) {
        self.init(name: name, contentType: contentType, size: size, digest: LazyDigest(known: sha256), member: member)
    }

    /// An attachment whose `sha256` is `digest(content)`, computed when first read.
    public init(
        name: String?, contentType: String, content: [UInt8], digest: @escaping @Sendable ([UInt8]) -> String, member: String? = nil
    ) {
        self.init(
            name: name, contentType: contentType, size: content.count, digest: LazyDigest(content: content, digest: digest), member: member)
    }
}

/// A digest of some bytes, worked out the first time it is read and kept, the bytes then let
/// go. Attachments are hashed only when an incident names one: most have none, and hashing
/// every attachment was 2.4 % of a mail scan. Copies of an ``Attachment`` (one per member of
/// an archive) share it; its state is guarded by a lock, since sinks read it on their own
/// threads.
final class LazyDigest: @unchecked Sendable {
    private enum State {
        case pending(content: [UInt8], digest: @Sendable ([UInt8]) -> String)
        case known(String)
    }
    private let lock = NSLock()
    private var state: State

    init(known: String) { state = .known(known) }

    init(content: [UInt8], digest: @escaping @Sendable ([UInt8]) -> String) {
        state = .pending(content: content, digest: digest)
    }

    var value: String {
        lock.lock()
        defer { lock.unlock() }
        switch state {
        case .known(let value):
            return value
        case .pending(let content, let digest):
            let value = digest(content)
            state = .known(value)
            return value
        }
    }
}

/// One message or post read from an archive, ready to be scanned.
public struct Document: Sendable, Equatable {
    /// The archive file it came from.
    public var source: String
    /// Byte offset of the message's first byte in `source`.
    public var offset: UInt64
    /// Message-ID without angle brackets, or the post id.
    public var messageID: String?
    /// Normalised author: an email address in lower case, or an account handle.
    public var author: String?
    /// When it was sent or posted.
    public var timestamp: Date?
    /// `email`, or the social platform a post came from (`twitter`, `facebook`, …).
    public var platform: String
    /// The texts to scan, in a stable order.
    public var units: [TextUnit]
    /// The file inside a container input (`source`) the record was read from, whose offsets
    /// `offset` counts: records of two members can share an offset.
    public var member: String?
    /// An entry of the lists an export keeps beside its posts (Slack's users, channels and
    /// integration logs; Discord's channel descriptions and index): read for what text it has,
    /// never counted as a post whose text could not be found.
    public var isListing = false

    /// What identifies this message across runs: its Message-ID or post id, else its place in
    /// the archive. A short number (``isNumberedWithinItsFile(_:)``) is joined to the file.
    public var identity: String {
        if let messageID, !Self.isNumberedWithinItsFile(messageID) { return messageID }
        let file = member.map { "\(source)/\($0)" } ?? source
        return messageID.map { "\(file)#\($0)" } ?? "\(file)@\(offset)"
    }

    /// Whether a post id is a number of at most 11 digits: a row number or a counter that
    /// names a record only within the file or system it came from, so two monthly dumps that
    /// each number their rows from 1 would otherwise share fingerprints, and under `--state`
    /// the second's incidents would be dropped as known. Message-IDs and the ids of the
    /// platforms read (tweets' 18 digits and more, Reddit's, Slack's and Mastodon's, Telegram's
    /// with their chat) name one record anywhere, and are kept as they are.
    public static func isNumberedWithinItsFile(_ id: String) -> Bool {
        id.utf8.count < 12 && id.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }
}

extension Document {
    /// Delegates to the memberwise initializer (see ``TextUnit``'s).
    public init(
        source: String, offset: UInt64, messageID: String? = nil, author: String? = nil,
        timestamp: Date? = nil, platform: String = "email", units: [TextUnit]
    ) {
        self.init(
            source: source, offset: offset, messageID: messageID, author: author, timestamp: timestamp, platform: platform, units: units,
            member: nil, isListing: false)
    }
}
