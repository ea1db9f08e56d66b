import Foundation
import LeakScanCore

/// One record cut out of an input, still raw: parsing happens on the workers.
public enum RawItem: Sendable {
    case email(RawMessage)
    case post(RawPost)
    /// A picture file on its own (media beside a social export): the file's bytes and name.
    case picture(bytes: [UInt8], name: String)

    /// The item read from the file `member` inside a container input: the member's path is
    /// prefixed to its locations (a picture is named by it).
    public func inMember(_ member: String) -> RawItem {
        switch self {
        case .email(var message):
            message.locationPrefix = member
            return .email(message)
        case .post(var post):
            post.locationPrefix = member
            return .post(post)
        case .picture(let bytes, _):
            return .picture(bytes: bytes, name: member)
        }
    }

    /// What is prefixed to its locations: the folder in an Outlook store, the member in a
    /// container (a picture's name).
    public var locationPrefix: String? {
        switch self {
        case .email(let message): message.locationPrefix
        case .post(let post): post.locationPrefix
        case .picture(_, let name): name
        }
    }

    public var offset: UInt64 {
        switch self {
        case .email(let message): message.offset
        case .post(let post): post.offset
        case .picture: 0
        }
    }

    /// Input offset just past the record.
    public var endOffset: UInt64 {
        switch self {
        case .email(let message): message.endOffset
        case .post(let post): post.endOffset
        case .picture(let bytes, _): UInt64(bytes.count)
        }
    }

    public var byteCount: Int {
        switch self {
        case .email(let message): message.bytes.count
        case .post(let post): post.byteCount
        case .picture(let bytes, _): bytes.count
        }
    }
}
