/// Where a later scan of an input can pick up. The reader produces it, the state database
/// keeps it, and the next scan hands it back to the reader: no other part needs to know what
/// an offset means for a format.
public struct Checkpoint: Sendable, Equatable, Codable {
    /// Every record that starts before this offset of the input's text (after decompression
    /// and transcoding) has been read.
    public var offset: UInt64
    /// Where in the file itself reading can restart at `offset`: the same offset for a plain
    /// file, a member boundary for gzip. Nil when the text must be read from the start and
    /// skipped up to `offset` (UTF-16, or a gzip file left mid-member by a killed scan).
    public var fileOffset: UInt64?

    public init(offset: UInt64, fileOffset: UInt64?) {
        self.offset = offset
        self.fileOffset = fileOffset
    }

    /// The start of an input.
    public static let start = Checkpoint(offset: 0, fileOffset: 0)
}
