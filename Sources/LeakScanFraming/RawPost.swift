import Foundation
import LeakScanCore

/// A social-media post as read: a JSON object's bytes, a CSV row's fields, or a record of
/// plain text.
public struct RawPost: Sendable {
    public enum Body: Sendable {
        case json([UInt8])
        case fields([String: String])
        /// A paragraph or line of a text file (``PlainTextReader``), its bytes as they are: no
        /// field to look up, so none is made (a line of a dump of posts is a record, and a
        /// dictionary and a string per line cost a fifth of its scan).
        case text([UInt8])
        /// A file encoded in a text file (``EncodedText``), its encoded bytes whole (up to the
        /// message limit): the pipeline decodes it and reads the file.
        case encoded(EncodedText, [UInt8])
    }

    /// Byte offset of the record in the (decompressed) input.
    public var offset: UInt64
    public var body: Body
    /// The platform the file format implies (`twitter` for tweets.js), if it implies one.
    public var platform: String?
    /// Input offset just past the record.
    public var endOffset: UInt64 = 0
    /// Why the record was cut at the size limit (`--max-message-bytes`), for the scan to
    /// report; what follows the cut is read as records of its own, so nothing goes unscanned.
    public var cutReason: String?

    /// The member the framing adds to a chat's message whose number counts only within its
    /// chat (Telegram's): the chat's id, for the post builder to join to the message's own.
    public static let chatMember = "leakscan_chat"

    var byteCount: Int {
        switch body {
        case .json(let bytes): bytes.count
        case .fields(let fields): fields.values.reduce(0) { $0 + $1.utf8.count }
        case .text(let bytes), .encoded(_, let bytes): bytes.count
        }
    }
}

extension RawPost {
    /// Delegates to the memberwise initializer (see ``TextUnit``'s, in LeakScanCore).
    public init(offset: UInt64, body: Body, platform: String? = nil) {
        self.init(offset: offset, body: body, platform: platform, endOffset: 0, cutReason: nil)
    }
}
