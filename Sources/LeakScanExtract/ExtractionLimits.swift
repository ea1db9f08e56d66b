/// Bounds on what one attachment may cost, so a zip bomb, a deeply nested archive or a
/// pathological document stops at a counted, reported limit while the rest of the message is
/// still scanned.
public struct ExtractionLimits: Sendable, Equatable {
    /// Containers inside containers (an attachment itself is depth 0).
    public var maxDepth = 6
    /// Members read from all containers of one attachment.
    public var maxEntries = 10_000
    /// Decompressed bytes of one member.
    public var maxEntryBytes = 64 << 20
    /// Decompressed bytes of all members of one attachment, at every depth.
    public var maxTotalBytes = 256 << 20
    /// Decompressed bytes per compressed byte of an attachment, above `ratioFloor` bytes: a
    /// ratio no real document reaches (text zips about 3–10×, office files about 5–20×,
    /// sparse spreadsheets about 100×) but every bomb does.
    public var maxRatio = 250
    /// Expansion below which the ratio is not checked (small files compress very well).
    public var ratioFloor = 8 << 20
    /// Text produced from one document.
    public var maxTextBytes = 32 << 20
    /// Wall-clock time for one attachment, checked between members and pages.
    public var seconds = 20.0

    public init() {}
}
