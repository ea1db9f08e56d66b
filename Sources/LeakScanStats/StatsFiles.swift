import Foundation
import LeakScanCore

/// Where a run's statistics go: stats.json, the HTML report and the Markdown summary, each
/// optional, all judged under one policy.
public struct StatsFiles: Sendable {
    public var json: String?
    public var html: String?
    public var markdown: String?
    public var policy: StatsPolicy

    public init(json: String? = nil, html: String? = nil, markdown: String? = nil, policy: StatsPolicy = StatsPolicy()) {
        self.json = json
        self.html = html
        self.markdown = markdown
        self.policy = policy
    }

    /// Whether any file is asked for (a scan only accumulates statistics then).
    public var wanted: Bool { json != nil || html != nil || markdown != nil }

    /// Builds the report under this policy, beside the shipped baselines, and writes the
    /// files asked for. The run's organisations travel with the statistics, so a merge of
    /// shards has them. Counts per person and organisation: readable by the owner only.
    @discardableResult
    public func write(state: StatsState, directory: OrganisationDirectory) throws -> StatsReport {
        var state = state
        state.know(directory)
        let report = StatsReport(state: state, policy: policy, directory: directory, baselines: try BaselineData.shipped())
        if let json { try PrivateFiles.write(try StatsJSON.encode(report, state: state), to: json) }
        if let html { try PrivateFiles.write(Data(StatsHTML.render(report).utf8), to: html) }
        if let markdown { try PrivateFiles.write(Data(StatsMarkdown.render(report).utf8), to: markdown) }
        return report
    }
}
