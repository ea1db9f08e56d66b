import Foundation

/// One message cut out of an archive, still raw.
public struct RawMessage: Sendable {
    /// Byte offset of the message's first byte (its `From ` line in an mbox) in the file.
    public var offset: UInt64
    /// The `From ` separator line without its line ending, or empty for a single-message file.
    public var envelope: [UInt8]
    /// Header and body bytes, with mboxrd `>From ` quoting removed.
    public var bytes: [UInt8]
    /// Set when the message was longer than the per-message limit and its tail was dropped.
    public var truncatedAt: Int?
    /// Why the message ends before the end it declares, when its file says more than the size
    /// limit does (an Apple Mail file shorter than the length on its first line).
    public var cutReason: String?
    /// Input offset just past the message (where the next one starts): a safe resume point.
    public var endOffset: UInt64 = 0
    /// Where the message sits inside a store that has folders (an Outlook `.pst`), prefixed to
    /// its locations; nil for mail files.
    public var folder: String?

    public init(offset: UInt64, envelope: [UInt8], bytes: [UInt8], truncatedAt: Int? = nil) {
        self.offset = offset
        self.envelope = envelope
        self.bytes = bytes
        self.truncatedAt = truncatedAt
    }
}
