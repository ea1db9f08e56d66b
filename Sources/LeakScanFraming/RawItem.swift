import Foundation
import LeakScanCore

/// One record cut out of an input, still raw: parsing happens on the workers.
public enum RawItem: Sendable {
    case email(RawMessage)
    case post(RawPost)
    /// A file read whole as an attachment is — a picture, a PDF, an Office document (media
    /// and files beside a social export, or named as an input): its bytes and name.
    case file(bytes: [UInt8], name: String)
    /// A web page saved as a file, whole (its bytes as a message's, with no header).
    case page(RawMessage)

    public var offset: UInt64 {
        switch self {
        case .email(let message), .page(let message): message.offset
        case .post(let post): post.offset
        case .file: 0
        }
    }

    /// Input offset just past the record.
    public var endOffset: UInt64 {
        switch self {
        case .email(let message), .page(let message): message.endOffset
        case .post(let post): post.endOffset
        case .file(let bytes, _): UInt64(bytes.count)
        }
    }

    public var byteCount: Int {
        switch self {
        case .email(let message), .page(let message): message.bytes.count
        case .post(let post): post.byteCount
        case .file(let bytes, _): bytes.count
        }
    }
}
