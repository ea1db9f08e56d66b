import LeakScanExtract

/// Something in a message that was not scanned whole: a MIME limit (the message is scanned in
/// part), or an attachment, or a member of one, that could not be read.
public struct MessageWarning: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A MIME structure limit: depth, parts.
        case mimeLimit = "limit"
        /// Attachment content not read: encrypted, unsupported, damaged, or over an extraction limit.
        case encrypted, unsupported, damaged
        case extractionLimit = "extraction_limit"

        /// The kind of a content that could not be read, as summaries and metrics count it.
        public init(_ kind: ExtractionProblem.Kind) {
            switch kind {
            case .encrypted: self = .encrypted
            case .unsupported: self = .unsupported
            case .damaged: self = .damaged
            case .limit: self = .extractionLimit
            }
        }
    }
    public var kind: Kind
    /// The attachment (and member) concerned, as incident locations name it; nil for the message.
    public var location: String?
    public var reason: String

    public init(kind: Kind, location: String? = nil, reason: String) {
        self.kind = kind
        self.location = location
        self.reason = reason
    }

    init(_ problem: ExtractionProblem, attachment: String) {
        self.init(kind: Kind(problem.kind), location: ([attachment] + problem.path).joined(separator: "/"), reason: problem.reason)
    }

    /// Whether the attachment's content was not read (as opposed to a MIME limit).
    public var isUnextracted: Bool { kind != .mimeLimit }

    public var description: String { (location.map { "attachment \($0): " } ?? "") + reason }
}
