import Foundation
import LeakScanCore
import LeakScanFraming

/// Which fields of an exported post hold its text, id, author, time and platform. The
/// defaults cover X/Twitter archives and API exports (v1.1's `user` object; the whole text of
/// a long tweet the streaming API cuts short in `text`, `extended_tweet.full_text`, and of the
/// tweet a retweet repeats, which its own `text` and `full_text` cut short after `RT @name: `;
/// v2's `author_id`), Facebook exports, Reddit dumps (Pushshift and the API: a comment's
/// `body`, a submission's `selftext` with its `title` beside it, `created_utc`), Mastodon's
/// archive (ActivityPub activities: the note's HTML `content`, `published`, `actor`), Slack's
/// export (a channel's days as arrays of messages: `text`, `ts`, `user_profile` or `user`,
/// `client_msg_id`), Messenger threads in Facebook's export (`content`, `sender_name`,
/// `timestamp_ms`), Instagram's export (a comment's `string_map_data.Comment.value` and
/// `.Time.timestamp`, a post's `title` and `creation_timestamp`), Telegram Desktop's export
/// (`result.json`: `text`, a string or a list of strings and formatted pieces, `from`,
/// `date_unixtime`), LinkedIn's data export (`Shares.csv`: `ShareCommentary`, `Date`,
/// `ShareLink`; `Comments.csv` and `messages.csv`: `Message`, `CONTENT`, `FROM`, `DATE`),
/// Microsoft Graph's Outlook messages and Teams chat and channel messages (an item body's
/// `body.content`, HTML or text as its `contentType` says; a message's `subject`,
/// `internetMessageId`, `from.emailAddress.address`, `sentDateTime`; a Teams message's
/// `from.user.displayName` and `createdDateTime`) and common JSON/CSV dumps. Each list is
/// tried in order and the first present field wins; a name matches a member of that name in
/// any ASCII case (an exact match first); a name no member has that joins names with dots is a
/// path into nested objects.
public struct PostFields: Sendable, Equatable {
    public var text: [String]
    public var id: [String]
    public var author: [String]
    public var time: [String]
    public var platform: [String]
    /// Text fields whose value is HTML, turned into the text a reader sees before it is
    /// scanned: an ActivityPub note's `content` (Mastodon's archive), a Graph item body's
    /// `content` unless the body's `contentType` says `text`. Other text fields are
    /// taken as escaped plain text, as X and Reddit write it: their character references
    /// that end in `;` (`&amp;`, `&lt;`, `&#128514;`) are decoded (``CharacterReferences``).
    public var htmlText: [String]
    /// Platform for posts whose file and fields do not say.
    public var defaultPlatform: String
    /// Platform for documents and pictures scanned as files of their own (``Channel/file``
    /// unless the user names where they were posted).
    public var filePlatform = "file"

    public init(
        text: [String] = [
            "extended_tweet.full_text", "retweeted_status.extended_tweet.full_text", "retweeted_status.full_text", "full_text", "text",
            "tweet", "body", "body.content", "selftext", "object.content", "message", "content", "Contents", "post", "ShareCommentary",
            "title", "string_map_data.Comment.value", "comment", "CommentContent", "QuestionContent", "bioDescription",
        ],
        id: [String] = ["internetMessageId", "id_str", "id", "tweet_id", "post_id", "uri", "client_msg_id", "ShareLink"],
        author: [String] = [
            "author", "screen_name", "username", "user_profile", "user", "from.emailAddress.address", "sender.emailAddress.address",
            "from.user.displayName", "from", "sender_name", "name", "handle", "author_id", "actor",
        ],
        time: [String] = [
            "created_at", "created_utc", "timestamp", "time", "date_unixtime", "date", "posted_at", "created", "published", "ts",
            "timestamp_ms", "creation_timestamp", "string_map_data.Time.timestamp", "sentDateTime", "createdDateTime", "CommentTime",
            "QuestionTime",
        ],
        platform: [String] = ["platform", "source_platform", "network"],
        htmlText: [String] = ["object.content", "body.content"],
        defaultPlatform: String = "social"
    ) {
        self.text = text
        self.id = id
        self.author = author
        self.time = time
        self.platform = platform
        self.htmlText = htmlText
        self.defaultPlatform = defaultPlatform
    }

    /// These fields with every non-empty list in place of the one it names: the command line
    /// overrides one field's list without restating the others.
    public func overriding(text: [String], id: [String], author: [String], time: [String]) -> PostFields {
        var fields = self
        for (path, list) in [(\PostFields.text, text), (\.id, id), (\.author, author), (\.time, time)] where !list.isEmpty {
            fields[keyPath: path] = list
        }
        return fields
    }
}

/// A file a post carries in its own JSON (a Graph message's attachment), decoded.
public struct AttachedFile: Sendable {
    /// The name it was sent under; nil for a file pasted into the text as base64.
    public var name: String?
    /// Where in the post it is: `attachments/NAME`, or `text/base64-N`.
    public var location: String
    public var bytes: [UInt8]
}

/// Why a post could not be read (bad JSON); it is reported and skipped like a corrupt message.
public struct CorruptPost: Error, Sendable, CustomStringConvertible {
    public var description: String
}

/// Storage a worker reuses from post to post: a post's members while it is read, and, once
/// its document is done with (``PostScratch/recycle(_:)``), the document's unit list and its
/// first unit's bytes. Made fresh for each post, they were three of the four allocations every
/// post cost (the fourth is the line the reader hands over).
public struct PostScratch {
    var members = [FlatJSONObject.Member]()
    var units = [TextUnit]()
    var text = [UInt8]()
    /// The files the last post carried (``attachedFiles(_:)``), for the caller to read.
    var files = [AttachedFile]()

    public init() {}

    /// The files the last post carried, taken: each to be read as an attachment is.
    public mutating func takeFiles() -> [AttachedFile] {
        guard !files.isEmpty else { return [] }
        defer { files = [] }
        return files
    }

    /// Takes back `document`'s unit list and its first unit's bytes, for the next post's document
    /// (emptied when it takes them). Bytes of a text longer than ``keptTextBytes`` are let go:
    /// one long post does not hold its size in every worker for the rest of the scan.
    public mutating func recycle(_ document: inout Document) {
        if !document.units.isEmpty, document.units[0].bytes.capacity <= Self.keptTextBytes {
            swap(&text, &document.units[0].bytes)
        }
        swap(&units, &document.units)
    }

    /// The longest text buffer kept for the next post (64 KiB; a tweet's text is about 110 bytes).
    static let keptTextBytes = 1 << 16

    /// The unit list kept, emptied (with the room the last recycled document left).
    mutating func takeUnits() -> [TextUnit] { Self.takeEmptied(&units) }

    /// The buffer kept for a text, emptied (with the room the last recycled text left).
    mutating func takeText() -> [UInt8] { Self.takeEmptied(&text) }

    /// `kept`'s storage, emptied, leaving an empty array in its place.
    private static func takeEmptied<Element>(_ kept: inout [Element]) -> [Element] {
        var taken = [Element]()
        swap(&taken, &kept)
        taken.removeAll(keepingCapacity: true)
        return taken
    }
}

/// Turns a raw post into a ``Document`` with one `text` unit (plus `title` when separate).
public struct PostDocumentBuilder: Sendable {
    public let fields: PostFields
    /// The lists of ``fields`` as lookups take them, their dotted names split once here.
    let text: FieldPaths
    /// Per entry of ``text``: whether its value is HTML (``PostFields/htmlText``).
    let isHTML: [Bool]
    let id: FieldPaths
    let author: FieldPaths
    let time: FieldPaths
    let platform: FieldPaths
    /// A post's title and a message's subject: each a unit of its own, unless taken as the text.
    /// The builder's own, not a static list: a worker reads it for every post, and one list
    /// shared by two workers' cores moved its counts' cache line from core to core on every
    /// post (the builder's own time went from 40 to 206 samples with `--jobs 2` on the 110 MiB
    /// of posts).
    let headings = ["title", "subject"]
    /// ``headings`` as lookups take them.
    let headingPaths: FieldPaths
    /// Per entry of ``text``: the heading it names, if it names one (that heading is then no
    /// unit of its own when it is the text).
    let textHeading: [Int?]

    public init(fields: PostFields = PostFields()) {
        self.fields = fields
        text = FieldPaths(fields.text)
        isHTML = fields.text.map(fields.htmlText.contains)
        id = FieldPaths(fields.id)
        author = FieldPaths(fields.author)
        time = FieldPaths(fields.time)
        platform = FieldPaths(fields.platform)
        textHeading = fields.text.map(headings.firstIndex(of:))
        headingPaths = FieldPaths(headings)
    }

    public func document(from raw: RawPost, source: String) throws(CorruptPost) -> Document {
        var scratch = PostScratch()
        return try document(from: raw, source: source, reusing: &scratch)
    }

    /// The document of `raw`, its lists taken from `scratch` (see ``PostScratch``).
    public func document(from raw: RawPost, source: String, reusing scratch: inout PostScratch) throws(CorruptPost) -> Document {
        var platform = raw.platform
        // Every shape of post is read into one list of members, so each field is looked up
        // the same way (an enum of shapes was copied, and its payload retained, per lookup).
        let values: FlatJSONObject
        switch raw.body {
        case .fields(let row):
            values = FlatJSONObject(members: row)
        case .encoded:
            throw CorruptPost(description: "a text that encodes a file is read as that file, not as a post")
        case .text(var text):
            // A record of a text file: its text is all there is (character references
            // decoded as in a post's text field: dumps of posts keep them).
            CharacterReferences.decodeEscapedText(&text)
            var units = scratch.takeUnits()
            units.append(TextUnit(location: "text", bytes: text))
            Self.readEncodedTokens(in: text, units: &units, files: &scratch.files)
            return Document(
                source: source, offset: raw.offset, platform: (platform ?? fields.defaultPlatform).lowercasedUnlessPlain(), units: units)
        case .json(let bytes):
            if let object = FlatJSONObject.parse(bytes, reusing: &scratch.members), !Self.isWrapper(object) {
                values = object
                break
            }
            guard let object = try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed]) else {
                throw CorruptPost(description: "not valid JSON")
            }
            guard var dictionary = object as? [String: Any] else {
                throw CorruptPost(description: "a JSON \(type(of: object)) where a post object was expected")
            }
            // tweets.js wraps each tweet: {"tweet": {...}}.
            if dictionary.count == 1, let inner = dictionary["tweet"] as? [String: Any] {
                dictionary = inner
                platform = platform ?? "twitter"
            }
            if Self.isFacebookPost(dictionary) {
                platform = platform ?? "facebook"
                dictionary = dictionary.mapValues(Self.repairMojibake)
                dictionary = Self.flattenFacebook(dictionary)
            }
            values = FlatJSONObject(members: dictionary)
        }
        var units = scratch.takeUnits()
        /// The text field the text came from (its index in ``text``).
        var usedText: Int?
        /// A member's text as bytes to scan, in `buffer` (emptied first): a string's UTF-8
        /// straight from the post. Empty when the member holds no text.
        func bytes(of value: JSONFieldValue, heldBy holder: FlatJSONObject, in buffer: inout [UInt8]) {
            buffer.removeAll(keepingCapacity: true)
            if case .string(let text) = value {
                buffer += holder.bytes(of: text)
            } else if let text = holder.text(of: value) {
                buffer += text.utf8
            } else if let parts = holder.joinedText(of: value) {
                buffer += parts
            }
        }
        let declared = values.first(of: self.platform) { $0.text(of: $1) }
        // Messenger and Instagram write their text as Facebook's other exports do, each UTF-8
        // byte a code point.
        let implied = declared == nil && platform == nil ? Self.platform(impliedBy: values) : nil
        let writesBytesAsCodePoints = implied == "facebook" || implied == "instagram"
        var text = scratch.takeText()
        self.text.withNames { names in
            for index in names.paths.indices {
                var isHTML = isHTML[index]
                values.withValue(at: index, in: names) { holder, value in
                    bytes(of: value, heldBy: holder, in: &text)
                    // A Graph item body says what its content is: `html`, or `text` (where `<` is a character).
                    if isHTML, let type = holder["contentType"].flatMap(holder.text(of:)) { isHTML = type.lowercased() == "html" }
                }
                if !text.isEmpty {
                    usedText = index
                    if isHTML { text = HTMLText.text(text) } else { CharacterReferences.decodeEscapedText(&text) }
                    if writesBytesAsCodePoints { Self.repairMojibake(&text) }
                    break
                }
            }
        }
        if usedText == nil {
            scratch.text = text  // not used: kept for the next post
        } else {
            units.append(TextUnit(location: "text", bytes: text))
        }
        let listing = usedText == nil ? Self.listingPlatform(values) : nil
        if listing == "slack" {
            // A channel's topic and purpose are written by its members.
            for name in ["topic", "purpose"] {
                guard let field = values[name].flatMap(values.object), let text = field["value"].flatMap(field.text(of:)), !text.isEmpty
                else { continue }
                units.append(TextUnit(location: name, bytes: Array(text.utf8)))
            }
        }
        let textHeading = usedText.flatMap { self.textHeading[$0] }
        headingPaths.withNames { names in
            for number in names.paths.indices where number != textHeading {
                _ = values.withValue(at: number, in: names) { holder, value in
                    var title = [UInt8]()
                    bytes(of: value, heldBy: holder, in: &title)
                    CharacterReferences.decodeEscapedText(&title)
                    if !title.isEmpty { units.append(TextUnit(location: headings[number], bytes: title)) }
                }
            }
        }
        scratch.files = values.nests ? Self.attachedFiles(values) : []
        if usedText != nil { Self.readEncodedTokens(in: text, units: &units, files: &scratch.files) }
        var id = values.first(of: id) { $0.text(of: $1) }
        // A Message-ID as Graph gives it (`<…@…>`): the brackets are not part of the id, as in mail.
        if let value = id, value.utf8.count > 2, value.hasPrefix("<"), value.hasSuffix(">") { id = String(value.dropFirst().dropLast()) }
        // A Telegram message's number counts within its chat: joined to the chat's id, it names
        // one message wherever the export is and however often it is exported.
        if implied == "telegram", let number = id, let chat = values[RawPost.chatMember].flatMap(values.text(of:)) {
            id = chat + "/" + number
        }
        let author = values.first(of: author) { Self.author($1, in: $0, repairing: writesBytesAsCodePoints) }
        let time = values.first(of: time) { Self.date($1, in: $0) }
        var document = Document(
            source: source, offset: raw.offset, messageID: id, author: author, timestamp: time,
            platform: (listing ?? declared ?? platform ?? implied ?? fields.defaultPlatform).lowercasedUnlessPlain(),
            units: units)
        document.isListing = listing != nil
        return document
    }

    /// The platform whose export keeps a record as an entry of its own lists beside the
    /// messages, nil for any other record. In Slack's, a user (`users.json`: a `team_id` and a
    /// `profile`), a conversation (`channels.json`, `groups.json`, `mpims.json`, `dms.json`:
    /// `created` and `members`), an integration's log entry (`integration_logs.json`:
    /// `service_type` and `change_type`); in Discord's data package, a channel's description
    /// (`channel.json`: its `type` and its `recipients` or `guild`) and the index of channels
    /// by id (`messages/index.json`).
    static func listingPlatform(_ values: FlatJSONObject) -> String? {
        if values["team_id"] != nil && values["profile"] != nil || values["created"] != nil && values["members"] != nil
            || values["service_type"] != nil && values["change_type"] != nil
        {
            return "slack"
        }
        if values["type"] != nil && (values["recipients"] != nil || values["guild"] != nil) || values.isKeyedByNumbers {
            return "discord"
        }
        return nil
    }

    /// The platform a post's own fields imply when nothing names one: a Reddit dump's posts
    /// carry `subreddit` and no platform field, Mastodon's activities `actor` and `object`,
    /// Slack's messages `type` `message` and a `ts`, Discord's `Contents` and `Timestamp`,
    /// LinkedIn's shares `ShareLink`, Messenger's messages `sender_name` and `timestamp_ms`,
    /// Instagram's comments `string_map_data`, Telegram's messages `date_unixtime` and a sender
    /// id. Without it they were counted as the default `social` (a social networking site),
    /// though the survey gives message boards, microblogs and messaging rows of their own.
    static func platform(impliedBy values: FlatJSONObject) -> String? {
        if values["subreddit"] != nil { return "reddit" }
        // An ActivityPub activity (Mastodon's archive): who did it, to what.
        if values["actor"] != nil, values["object"] != nil { return "mastodon" }
        if values["ts"] != nil, let type = values["type"].flatMap(values.text(of:)), type == "message" { return "slack" }
        if values["ShareLink"] != nil || values["ShareCommentary"] != nil { return "linkedin" }
        if values["sender_name"] != nil, values["timestamp_ms"] != nil { return "facebook" }  // a Messenger thread's message
        // Instagram's export: comments under `string_map_data`, posts with a `creation_timestamp`.
        if values["string_map_data"] != nil || (values["creation_timestamp"] != nil && values["media"] != nil) { return "instagram" }
        // Discord's data package (`Contents` beside a `Timestamp`), and DiscordChatExporter's
        // channel exports (a message's `timestampEdited` or `isPinned`).
        if values["Contents"] != nil && values["Timestamp"] != nil || values["timestampEdited"] != nil || values["isPinned"] != nil {
            return "discord"
        }
        // Telegram Desktop's export: a message's sender id beside its Unix time.
        if values["date_unixtime"] != nil, values["from_id"] != nil || values["actor_id"] != nil { return "telegram" }
        // Microsoft Graph: an Outlook message (its Message-ID, or the preview Graph makes of
        // its body), and a Teams message (its `messageType`), in a chat or in a team's channel.
        if values["internetMessageId"] != nil || values["bodyPreview"] != nil { return "email" }
        if values["messageType"] != nil, values["createdDateTime"] != nil { return values["chatId"] != nil ? "teams-chat" : "teams" }
        return nil
    }

    /// The files in a post's `attachments` list that carry their bytes, as a Graph message's
    /// file attachments do (`contentBytes`, base64, beside its `name`), when its attachments
    /// were asked for (`$expand=attachments`). A Teams message's attachments are links, and
    /// carry none.
    static func attachedFiles(_ values: FlatJSONObject) -> [AttachedFile] {
        guard values.holdsNested("attachments", opening: UInt8(ascii: "[")), case .nested(let range)? = values["attachments"],
            let list = (try? JSONSerialization.jsonObject(with: Data(values.bytes(of: range)))) as? [Any]
        else { return [] }
        return list.enumerated().compactMap { index, element in
            guard let attachment = element as? [String: Any], let encoded = attachment["contentBytes"] as? String else { return nil }
            let name = (attachment["name"] as? String).flatMap { $0.isEmpty ? nil : $0 } ?? "attachment-\(index + 1)"
            return AttachedFile(name: name, location: "attachments/" + name, bytes: TransferDecoding.base64(Array(encoded.utf8)[...]))
        }
    }

    /// Base64 among a text's words (``EncodedTokens``): a sentence it decodes to is a unit
    /// beside the text, a file is read as the post's files are; each at `text/base64-N`.
    static func readEncodedTokens(in text: [UInt8], units: inout [TextUnit], files: inout [AttachedFile]) {
        for (number, (_, decoded)) in EncodedTokens.decoded(in: text).enumerated() {
            let location = "text/base64-\(number + 1)"
            switch decoded {
            case .text(let bytes): units.append(TextUnit(location: location, bytes: bytes))
            case .file(let bytes): files.append(AttachedFile(name: nil, location: location, bytes: bytes))
            }
        }
    }

    /// Whether a post read by ``FlatJSONObject`` is one whose nested values the Foundation path
    /// unwraps (a tweets.js `tweet` object, a Facebook post's `data` or `attachments` list). It
    /// then goes that way; other posts' nested values are read only when a field asks (an
    /// author's user object) or not at all (a Reddit comment's `gildings`).
    static func isWrapper(_ object: FlatJSONObject) -> Bool {
        guard object.nests else { return false }
        if object.holdsNested("tweet", opening: UInt8(ascii: "{")) { return true }
        guard case .number = object["timestamp"] else { return false }
        return object.holdsNested("data", opening: UInt8(ascii: "[")) || object.holdsNested("attachments", opening: UInt8(ascii: "["))
    }

    /// An author field may be a handle or a user object.
    /// - Parameter repairing: repair Facebook's byte-per-code-point text first (Messenger, Instagram).
    static func author(_ value: JSONFieldValue, in values: FlatJSONObject, repairing: Bool = false) -> String? {
        if let user = values.object(value) {
            // A string as it is, a number in its decimal form: what `text(of:)` gives.
            for name in ["screen_name", "username", "name"] {
                if let text = user[name].flatMap(user.text(of:)) { return text }
            }
            return nil
        }
        return values.text(of: value).map { text in
            let repaired = repairing ? repairMojibake(text) as? String ?? text : text
            return repaired.trimmedLowercased()
        }
    }

    /// ISO 8601, Twitter's `Wed Oct 10 20:19:24 +0000 2018`, RFC 5322, or Unix seconds (or
    /// milliseconds, as JavaScript exports write them).
    static func date(_ value: JSONFieldValue, in values: FlatJSONObject) -> Date? {
        if case .number(let number) = value { return unixTime(number.doubleValue) }
        guard case .string(let range) = value, !range.isEmpty else { return nil }
        // ISO 8601, the common form, read from the post's bytes: no string is made for it.
        if let day = values.bytes(of: range).withUnsafeBufferPointer(MailDate.parseISODate(utf8:)) { return day }
        guard let text = values.text(of: value) else { return nil }
        if let seconds = Double(text), seconds > 100_000_000 { return unixTime(seconds) }
        let tokens = text.split(separator: " ")
        if tokens.count == 6, tokens[3].contains(":") {
            // Twitter: weekday month day time zone year → RFC 5322 order.
            return MailDate.parse("\(tokens[2]) \(tokens[1]) \(tokens[5]) \(tokens[3]) \(tokens[4])")
        }
        return MailDate.parse(text)
    }

    /// Unix time in the years mail dates may have (1900–2199), read as seconds, else as
    /// milliseconds; nil for anything else. A post claiming `1e300` once crashed the scan when
    /// its incident's timestamp was written.
    static func unixTime(_ value: Double) -> Date? {
        let plausible = -2_208_988_800.0..<7_258_118_400.0
        if plausible.contains(value) { return Date(timeIntervalSince1970: value) }
        if plausible.contains(value / 1000) { return Date(timeIntervalSince1970: value / 1000) }
        return nil  // NaN, infinities and times no mail or post was written at
    }

    /// ``repairMojibake(_:)`` of a text's UTF-8.
    static func repairMojibake(_ bytes: inout [UInt8]) {
        guard let text = String(validating: bytes, as: UTF8.self), let repaired = repairMojibake(text) as? String, repaired != text else {
            return
        }
        bytes = Array(repaired.utf8)
    }

    static func isFacebookPost(_ value: [String: Any]) -> Bool {
        value["timestamp"] is NSNumber && (value["data"] is [Any] || value["attachments"] is [Any])
    }

    /// Facebook writes `{"timestamp": …, "data": [{"post": "…"}], "title": "…"}`.
    static func flattenFacebook(_ value: [String: Any]) -> [String: Any] {
        var flat = value
        if let data = value["data"] as? [[String: Any]] {
            let posts = data.compactMap { $0["post"] as? String }
            if !posts.isEmpty { flat["post"] = posts.joined(separator: "\n") }
        }
        return flat
    }

    /// Facebook's exports escape each UTF-8 byte as its own code point (`L\u00c3\u00b8ye`
    /// for `Løye`). A string made only of code points below 256 that, read as bytes, is
    /// valid UTF-8 with some multi-byte sequence is re-read that way.
    static func repairMojibake(_ value: Any) -> Any {
        switch value {
        case let text as String:
            let scalars = text.unicodeScalars
            guard scalars.contains(where: { $0.value >= 0x80 }), scalars.allSatisfy({ $0.value < 0x100 }) else { return text }
            let bytes = scalars.map { UInt8($0.value) }
            return String(validating: bytes, as: UTF8.self) ?? text
        case let array as [Any]:
            return array.map(repairMojibake)
        case let dictionary as [String: Any]:
            return dictionary.mapValues(repairMojibake)
        default:
            return value
        }
    }
}
