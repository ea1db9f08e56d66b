import Foundation

/// One piece of text that is scanned on its own (a subject, a body part, a post's text),
/// kept as raw UTF-8 bytes: nothing on the hot path converts bodies to `String`.
public struct TextUnit: Sendable, Equatable {
    /// Where the text came from inside its message: `subject`, `body`, or an attachment's name.
    public var location: String
    /// The decoded text as UTF-8 bytes (invalid sequences are tolerated by the matcher).
    public var bytes: [UInt8]

    public init(location: String, bytes: [UInt8]) {
        self.location = location
        self.bytes = bytes
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
    /// The texts to scan, in a stable order.
    public var units: [TextUnit]

    public init(
        source: String, offset: UInt64, messageID: String? = nil, author: String? = nil,
        timestamp: Date? = nil, units: [TextUnit]
    ) {
        self.source = source
        self.offset = offset
        self.messageID = messageID
        self.author = author
        self.timestamp = timestamp
        self.units = units
    }

    /// What identifies this message across runs: its Message-ID, else its place in the archive.
    public var identity: String { messageID ?? "\(source)@\(offset)" }
}
