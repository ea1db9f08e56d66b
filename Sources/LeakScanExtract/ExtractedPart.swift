import LeakScanCore
import LeakScanImages

/// One piece of text found inside an attachment, with where it was.
public struct ExtractedPart: Sendable, Equatable {
    /// Member names from the attachment down to this text (`["export", "staff.xlsx", "sheet2"]`);
    /// empty for the attachment's own text (a PDF, a CSV sent as octet-stream).
    public var path: [String]
    public var content: Content

    /// What the bytes are, so the caller decodes them as it decodes message parts.
    public enum Content: Sendable, Equatable {
        /// UTF-8 text the extractor produced (documents, PDF, RTF).
        case utf8([UInt8])
        /// A text file as stored: charset unknown (UTF-8, UTF-16 with a BOM, or a legacy code page).
        case plain([UInt8])
        /// An HTML file, charset unknown.
        case html([UInt8])
        /// An email message (`.eml`, `message/rfc822` stored in an archive), to be read as one.
        case message([UInt8])
        /// A picture that shows a reference emblem.
        case emblem(EmblemMatch)
    }

    public init(path: [String], content: Content) {
        self.path = path
        self.content = content
    }
}

/// Something inside an attachment that was not read, and why: a responder must know what was
/// not scanned.
public struct ExtractionProblem: Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// Password-protected: an encrypted zip member, PDF or Office file.
        case encrypted
        /// A format LeakScan does not read (legacy binary Office, an unknown binary).
        case unsupported
        /// Corrupt or truncated data; what came before the damage was scanned.
        case damaged
        /// An extraction limit (bytes, ratio, entries, depth, time); read up to the limit.
        case limit
    }
    public var kind: Kind
    /// Member names down to the thing not read (empty: the attachment itself).
    public var path: [String]
    public var reason: String

    public init(kind: Kind, path: [String], reason: String) {
        self.kind = kind
        self.path = path
        self.reason = reason
    }

    public var description: String {
        (path.isEmpty ? "" : path.joined(separator: "/") + ": ") + "\(kind.rawValue): \(reason)"
    }
}

extension ExtractionProblem.Kind {
    init(_ kind: ImageProblem.Kind) {
        switch kind {
        case .damaged: self = .damaged
        case .limit: self = .limit
        case .unsupported: self = .unsupported
        }
    }
}

/// Everything read out of one attachment.
public struct Extraction: Sendable, Equatable {
    public var parts: [ExtractedPart] = []
    public var problems: [ExtractionProblem] = []
    /// Seconds spent per kind of content (`zip`, `pdf`, `docx`…), for `bench`.
    public var seconds: [String: Double] = [:]

    public init() {}
}
