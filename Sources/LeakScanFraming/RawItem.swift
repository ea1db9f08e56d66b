import Foundation
import LeakScanCore

/// One record cut out of an input, still raw: parsing happens on the workers.
public enum RawItem: Sendable {
    case email(RawMessage)
    case post(RawPost)

    public var offset: UInt64 {
        switch self {
        case .email(let message): message.offset
        case .post(let post): post.offset
        }
    }

    /// Input offset just past the record.
    public var endOffset: UInt64 {
        switch self {
        case .email(let message): message.endOffset
        case .post(let post): post.endOffset
        }
    }

    public var byteCount: Int {
        switch self {
        case .email(let message): message.bytes.count
        case .post(let post): post.byteCount
        }
    }
}
