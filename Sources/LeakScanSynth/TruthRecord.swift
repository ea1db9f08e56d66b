import Foundation
import LeakScanCore

/// A planted incident as written to `truth.jsonl`.
public struct TruthRecord: Sendable, Equatable {
    public var source: String
    public var messageID: String
    public var rule: String
    public var category: Category
    public var severity: Severity
    public var organisation: String
    public var author: String
    public var channel: String
    public var encoding: String
}
