/// Streams the elements of a JSON array without parsing the whole document: it tracks only
/// nesting depth and string state, and hands each element's bytes to a worker to parse.
///
/// The array is the first `[` in the input, so the same reader serves a plain array and the
/// X/Twitter archive's `window.YTD.tweets.part0 = [ … ]`. In an export object such as
/// Facebook's `{"status_updates_v2": [ … ]}` or a Messenger thread's `{"participants": [ … ],
/// "messages": [ … ], "title": …}`, the elements of every array member are records, except
/// members that list no posts (``membersWithoutPosts``); the object's other members are the
/// export's own. Telegram Desktop's export of a whole account keeps its chats one level down,
/// each with its own `messages` array (``isChatMessages``): those are read too, as are a TikTok
/// export's comments, captions and direct messages (``isTikTokRecords(_:)``). Trailing
/// commas (`[{…},]`, `{"a": 1,}`) are removed, since archive exports contain them and strict
/// parsers reject them.
final class JSONArrayReader {
    let lines: LineReader
    let maxElementBytes: Int
    var platform: String?
    var started = false
    var finished = false
    private(set) var error: InputError?

    /// Non-blank bytes found after the array's end, or of the whole input when it holds no
    /// array: text no record covers.
    private(set) var trailingBytes = 0

    /// Whether the input is an object whose array members hold the records.
    let isWrapper: Bool

    /// Array members of an export object that are not posts: a Messenger thread's
    /// `participants` (names) and `magic_words`, an ActivityPub collection's `@context`
    /// (Mastodon's archive may write it as a list), a Telegram account's `profile_pictures`.
    static let membersWithoutPosts: Set<[UInt8]> = [
        Array("participants".utf8), Array("magic_words".utf8), Array("@context".utf8), Array("profile_pictures".utf8),
    ]

    /// - Parameters:
    ///   - platform: what the file's start says of its posts (``platform(of:)``).
    ///   - isWrapper: the input is an object (``isWrapper(_:)`` of its first bytes).
    ///   - insideArray: `lines` starts just past an element (a resumed scan), not before the `[`.
    init(lines: LineReader, maxElementBytes: Int, platform: String?, isWrapper: Bool = false, insideArray: Bool = false) {
        self.lines = lines
        self.maxElementBytes = maxElementBytes
        self.platform = platform
        self.isWrapper = isWrapper
        started = insideArray
        // A resumed read of an object starts inside one of its array members.
        objectDepth = isWrapper && insideArray ? 1 : 0
    }

    /// Whether a file's first bytes open an object (after a byte-order mark and blanks).
    static func isWrapper(_ prefix: ArraySlice<UInt8>) -> Bool {
        var bytes = prefix
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        return bytes.first { $0 > 0x20 } == UInt8(ascii: "{")
    }

    /// `twitter` for an X/Twitter archive's `tweets.js`, from the file's first bytes.
    static func platform(of prefix: ArraySlice<UInt8>) -> String? {
        prefix.starts(with: Array("window.YTD.tweet".utf8)) ? "twitter" : nil
    }

    // Scanner state, kept across chunks.
    var chunk = ArraySlice<UInt8>()
    var chunkOffset: UInt64 = 0
    var depth = 0
    var strings = JSONStringState()
    var element = [UInt8]()
    var elementOffset: UInt64 = 0
    /// Input offset just past the element's last byte.
    var elementEnd: UInt64 = 0
    /// Index in `element` of a comma that may turn out to be trailing.
    var pendingComma: Int?
    /// Whether the record being read is one object, not an array's element (a TikTok
    /// profile, ``isTikTokProfile(_:)``): it ends with its own closing brace.
    var recordIsObject = false
    /// Where that object's opening brace is, until the element begins with it.
    var objectStart: UInt64?
    /// Whether bytes of the element being read were left out at ``maxElementBytes``.
    var elementOverflowed = false

    /// Adds `byte` to the element, or notes that the element passed its limit.
    func keep(_ byte: UInt8) {
        if element.count < maxElementBytes { element.append(byte) } else { elementOverflowed = true }
    }

    func nextByte() -> (UInt8, UInt64)? {
        while chunk.isEmpty {
            guard let (line, offset, _) = lines.nextLine() else { return nil }
            chunk = line
            chunkOffset = offset
        }
        let byte = chunk.first!
        chunk = chunk.dropFirst()
        defer { chunkOffset += 1 }
        return (byte, chunkOffset)
    }

    /// Outside the arrays read: how deep in the export object the scan is (1: among its members).
    var objectDepth = 0
    /// The containers below the export object's members that the scan is inside, outermost
    /// first: the name of the member each is the value of (empty for an array's element), and
    /// whether it is an array.
    var containers: [(name: [UInt8], isArray: Bool)] = []
    /// ``objectDepth`` at the array of records being read, restored at its end.
    var recordsDepth = 1
    /// Whether an array of records was found anywhere in the input.
    var foundArray = false
    /// Whether records were read from an array below the export object's own members (a
    /// Telegram account's chats). A later scan cannot resume inside such an array from an
    /// offset alone, so the input is read whole again when it changes.
    private(set) var readNestedRecords = false

    /// Whether the scan is inside one of a Telegram account export's chats, among its members:
    /// `{"chats": {"list": [{…`.
    var isInChat: Bool {
        containers.count == 3 && JSONShape.chatSections.contains(containers[0].name) && !containers[0].isArray
            && containers[1].name == Array("list".utf8) && containers[1].isArray && !containers[2].isArray
    }

    /// Whether an array opened after the member `name` is one of a Telegram account export's
    /// chats' messages.
    func isChatMessages(_ name: [UInt8]) -> Bool { name == Self.messages && isInChat }

    static let messages = Array("messages".utf8)

    /// Whether an array opened after the member `name` holds a TikTok export's own words
    /// (`user_data_tiktok.json`, one object of sections): its comments
    /// (`"Comments": {"CommentsList": [`), its posts' captions (`"Posts"` or `"Videos"`:
    /// `{"VideoList": [`; the watch history's `VideoList` holds only links) and its direct
    /// messages (`"ChatHistory": {"Chat History with NAME:": [`), and what it wrote in the
    /// LIVE streams it watched (`"WatchLiveMap": {"ID": {"Comments": [`, and `Questions`). They
    /// sit three to five levels down, where no other export keeps records.
    func isTikTokRecords(_ name: [UInt8]) -> Bool {
        guard let holder = containers.last, !holder.isArray else { return false }
        if name == Self.comments || name == Self.questions {
            return containers.count >= 2 && containers[containers.count - 2].name == Self.watchLiveMap
        }
        if name == Self.commentsList { return holder.name == Self.comments }
        if name == Self.videoList { return holder.name == Self.posts || holder.name == Self.videos }
        return holder.name == Self.chatHistory && name.starts(with: Self.chatHistoryWith)
    }

    /// Whether an object opened after the member `name` is a TikTok export's profile
    /// (`"Profile": {"Profile Information": {"ProfileMap": {…`), read as one record: its bio
    /// (`bioDescription`) is what the user wrote for all to see, under `userName`.
    func isTikTokProfile(_ name: [UInt8]) -> Bool {
        name == Self.profileMap && containers.count >= 2 && containers[containers.count - 1].name == Self.profileInformation
            && containers[containers.count - 2].name == Self.profile
    }

    static let profileMap = Array("ProfileMap".utf8)
    static let profileInformation = Array("Profile Information".utf8)
    static let profile = Array("Profile".utf8)
    static let commentsList = Array("CommentsList".utf8)
    static let comments = Array("Comments".utf8)
    static let videoList = Array("VideoList".utf8)
    static let posts = Array("Posts".utf8)
    static let videos = Array("Videos".utf8)
    static let chatHistory = Array("ChatHistory".utf8)
    static let chatHistoryWith = Array("Chat History with ".utf8)
    static let questions = Array("Questions".utf8)
    static let watchLiveMap = Array("WatchLiveMap".utf8)

    /// The numeric `id` of the object whose `messages` may follow: a chat's, in a Telegram
    /// export of one chat (the export object) or of an account (each chat).
    var chatID = [UInt8]()
    /// ``chatID`` of the array of messages being read, when it has one. Telegram numbers
    /// messages per chat, so each message is handed its chat's id as a member of its own,
    /// ``RawPost/chatMember``, which the post builder joins to its id: two chats' message 2 are
    /// different messages, and a re-export keeps both numbers.
    var recordsChat: [UInt8]?

    /// Moves to the start of the next array of records: the first `[` of a plain array or
    /// `tweets.js`, or the next array member of an export object (skipping
    /// ``membersWithoutPosts``). False when there is none. What precedes a first array
    /// (`window.YTD.tweets.part0 = `) and an export object's other members are no posts, but
    /// an input with no array at all went unscanned, and its bytes are counted.
    func findArray() -> Bool {
        guard isWrapper else {
            var skipped = 0
            while let (byte, _) = nextByte() {
                if byte == UInt8(ascii: "[") {
                    started = true
                    return true
                }
                if byte > 0x20 { skipped += 1 }
            }
            trailingBytes = skipped
            return false
        }
        var skipped = 0
        var strings = JSONStringState()
        var name = [UInt8]()
        /// The last string read among the object's members: the name of an array that follows.
        var lastName = [UInt8]()
        /// Whether the digits of an `id` member are being read into ``chatID``.
        var readingID = false
        while let (byte, offset) = nextByte() {
            if byte > 0x20 { skipped += 1 }
            if strings.consume(byte) {
                // Only short names are looked for: a long string is not kept whole.
                if strings.inString { if name.count < Self.longestName { name.append(byte) } } else { lastName = name }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                name.removeAll(keepingCapacity: true)
            case UInt8(ascii: "[") where objectDepth == 1 || isChatMessages(lastName) || isTikTokRecords(lastName):
                if objectDepth == 1 && Self.membersWithoutPosts.contains(lastName) {
                    skipValue()
                    continue
                }
                if objectDepth > 1, isTikTokRecords(lastName) { platform = platform ?? "tiktok" }
                beginRecords(chat: lastName == Self.messages && !chatID.isEmpty ? chatID : nil)
                return true
            case UInt8(ascii: "{") where objectDepth > 1 && isTikTokProfile(lastName):
                platform = platform ?? "tiktok"
                recordIsObject = true
                objectStart = offset
                beginRecords(chat: nil)
                return true
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                if objectDepth >= 1 {
                    let inArray = containers.last?.isArray ?? false
                    containers.append((inArray ? [] : lastName, byte == UInt8(ascii: "[")))
                }
                objectDepth += 1
                if isInChat { chatID.removeAll() }
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if !containers.isEmpty { containers.removeLast() }
                objectDepth -= 1
                if objectDepth <= 0 {
                    if !foundArray { trailingBytes += skipped }
                    countTrailingBytes()
                    return false
                }
            default:
                let digit = byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") || byte == UInt8(ascii: "-")
                if digit && lastName == Self.id && (objectDepth == 1 || isInChat) {
                    if !readingID { chatID.removeAll() }
                    readingID = true
                    if chatID.count < Self.longestName { chatID.append(byte) }
                    continue
                }
            }
            readingID = false
        }
        if !foundArray { trailingBytes += skipped }
        return false
    }

    /// Notes that records begin here, at the current depth: an array's elements, or one object
    /// (``recordIsObject``); `chat` is the Telegram chat they belong to (``recordsChat``).
    func beginRecords(chat: [UInt8]?) {
        started = true
        foundArray = true
        recordsDepth = objectDepth
        if objectDepth > 1 { readNestedRecords = true }
        recordsChat = chat
    }

    static let id = Array("id".utf8)
    /// The most bytes of a member name, or of a chat's id, kept while finding arrays: longer
    /// than any looked for, and a bound on what a hostile file's long strings or numbers cost.
    static let longestName = 64

    /// Reads past the array or object just opened, strings included.
    func skipValue() {
        var depth = 1
        var strings = JSONStringState()
        while depth > 0, let (byte, _) = nextByte() {
            if strings.consume(byte) { continue }
            if byte == UInt8(ascii: "[") || byte == UInt8(ascii: "{") { depth += 1 }
            if byte == UInt8(ascii: "]") || byte == UInt8(ascii: "}") { depth -= 1 }
        }
    }

    func next() -> RawPost? {
        while !finished {
            if !started && !findArray() {
                finished = true
                return nil
            }
            if let post = nextElement() { return post }
        }
        return nil
    }

    /// The next element of the array being read; nil at its end (``started`` is then false,
    /// or ``finished`` when nothing can follow).
    func nextElement() -> RawPost? {
        element.removeAll(keepingCapacity: true)
        elementOverflowed = false
        pendingComma = nil
        if let start = objectStart {
            element.append(UInt8(ascii: "{"))
            elementOffset = start
            elementEnd = start + 1
            depth = 1
            objectStart = nil
        }
        while let (byte, offset) = nextByte() {
            if strings.consume(byte) {
                keep(byte)
                elementEnd = offset + 1
                continue
            }
            switch byte {
            case UInt8(ascii: "\""):
                pendingComma = nil
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                depth += 1
                pendingComma = nil
            case UInt8(ascii: "}"), UInt8(ascii: "]"):
                if depth == 0 {
                    // End of the array: an export object may hold more.
                    if isWrapper {
                        started = false
                        objectDepth = recordsDepth
                    } else {
                        finished = true
                        countTrailingBytes()
                    }
                    return finishElement()
                }
                depth -= 1
                if let comma = pendingComma {
                    element.remove(at: comma)
                    pendingComma = nil
                }
                if recordIsObject && depth == 0 {
                    // The object's own closing brace: the record ends, and the export goes on.
                    keep(byte)
                    elementEnd = offset + 1
                    recordIsObject = false
                    started = false
                    objectDepth = recordsDepth
                    return finishElement()
                }
            case UInt8(ascii: ","):
                if depth == 0 {
                    if let post = finishElement() { return post }
                    continue
                }
                // (Past the element limit the comma is not kept, so there is none to remove.)
                pendingComma = element.count < maxElementBytes ? element.count : nil
            case 0x20, 0x09, 0x0A, 0x0D:
                if element.isEmpty { continue }
            default:
                pendingComma = nil
            }
            if element.isEmpty { elementOffset = offset }
            keep(byte)
            // The element ends at its last byte that is not a blank: what follows it may change
            // when the array grows.
            if byte > 0x20 { elementEnd = offset + 1 }
        }
        finished = true
        if depth > 0 || strings.inString {
            error = InputError(path: "", reason: "JSON ends inside an element (truncated file)")
        }
        return finishElement()
    }

    func finishElement() -> RawPost? {
        guard element.contains(where: { $0 > 0x20 }) else { return nil }
        defer { element.removeAll(keepingCapacity: true) }
        if elementOverflowed {
            // Its start is not valid JSON: matched as text, so an identifier in it is found.
            var post = RawPost(offset: elementOffset, body: .text(element), platform: platform)
            post.cutReason =
                "a JSON element longer than \(maxElementBytes) bytes: only its first \(maxElementBytes) bytes were scanned, as text"
            post.endOffset = elementEnd
            return post
        }
        if let chat = recordsChat { addChat(chat) }
        var post = RawPost(offset: elementOffset, body: .json(element), platform: platform)
        post.endOffset = elementEnd
        return post
    }

    /// Adds ``RawPost/chatMember`` to the element, when it is a whole object, before its closing brace.
    func addChat(_ chat: [UInt8]) {
        guard element.count < maxElementBytes, element.first == UInt8(ascii: "{"),
            let close = element.lastIndex(of: UInt8(ascii: "}"))
        else { return }
        let empty = !element[1..<close].contains { $0 > 0x20 }
        element.insert(contentsOf: Array("\(empty ? "" : ",")\"\(RawPost.chatMember)\":".utf8) + chat, at: close)
    }

    /// Reads what follows the array's end; anything but blanks (and a `;` or the `}` of a
    /// wrapper object) is counted, since no record covers it.
    func countTrailingBytes() {
        let ignorable: Set<UInt8> = [0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ";"), UInt8(ascii: "}")]
        while let (byte, _) = nextByte() {
            if !ignorable.contains(byte) { trailingBytes += 1 }
        }
    }
}
