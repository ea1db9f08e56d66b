import LeakScanExtract
import LeakScanImages

/// Bounds on one message's MIME structure, so a hostile or broken message cannot make a
/// worker recurse or allocate without end. What fits inside the limits is still scanned.
public struct MIMELimits: Sendable, Equatable {
    public var maxDepth: Int
    public var maxParts: Int
    /// What reading an attachment may cost; nil reads no attachment content (only its
    /// description: name, type, size, SHA-256).
    public var extraction: ExtractionLimits?
    /// How pictures are read (emblems, OCR), with their own bounds; nil reads none.
    public var images: ImageAnalyzer?

    public init(maxDepth: Int = 20, maxParts: Int = 1000, extraction: ExtractionLimits? = ExtractionLimits(), images: ImageAnalyzer? = nil)
    {
        self.maxDepth = maxDepth
        self.maxParts = maxParts
        self.extraction = extraction
        self.images = images
    }
}
