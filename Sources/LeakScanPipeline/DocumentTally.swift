import Foundation
import LeakScanCore

/// What statistics need of a scanned document: who (organisation), where (platform) and when.
public struct DocumentTally: Sendable, Equatable {
    public var org: String?
    public var platform: String
    public var timestamp: Date?

    public init(org: String?, platform: String, timestamp: Date?) {
        self.org = org
        self.platform = platform
        self.timestamp = timestamp
    }
}
