import Foundation
import LeakScanCore
import LeakScanPipeline

/// What SARIF says about a rule: its reporting descriptor.
public struct SARIFRule: Sendable {
    public var id: String
    public var title: String
    public var description: String?
    public var category: Category
    public var severity: Severity
    /// The rule's match examples as masked excerpts: a SARIF file holds no raw value, not even
    /// a rule's test value.
    public var maskedExamples: [String]

    public init(id: String, title: String, description: String?, category: Category, severity: Severity, maskedExamples: [String]) {
        self.id = id
        self.title = title
        self.description = description
        self.category = category
        self.severity = severity
        self.maskedExamples = maskedExamples
    }
}
