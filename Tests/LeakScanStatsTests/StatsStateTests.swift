import Foundation
import LeakScanCore
import LeakScanPipeline
import LeakScanStats
import Testing

/// Statistics add up exactly, and carry what their merge needs.
@Suite struct StatsStateTests {
    static func state(org: String, headcount: Int?, incidents: Int) -> StatsState {
        let sink = StatsSink()
        let documents = (0..<incidents).map { _ in
            DocumentTally(org: org, platform: "email", timestamp: Date(timeIntervalSince1970: 1_700_000_000))
        }
        let found = (0..<incidents).map { index in
            var incident = Incident(
                rule: "payment-card", category: .confidential, severity: .critical, source: "s", offset: UInt64(index), messageID: nil,
                author: "p\(index)@\(org)", timestamp: Date(timeIntervalSince1970: 1_700_000_000), location: "body", excerpt: "",
                fingerprint: Fingerprint(high: UInt64(index), low: 0))
            incident.org = org
            return incident
        }
        try? sink.batch(ScanBatch(source: "s", incidents: found, documents: documents, checkpoint: .start, endsInput: true))
        var state = sink.state
        state.know(OrganisationDirectory(entries: [OrganisationEntry(id: org, name: org, headcount: headcount)]))
        return state
    }

    @Test func shardsCarryTheirOrganisationsAndMergeExactly() throws {
        let a = Self.state(org: "north", headcount: 1000, incidents: 3)
        let b = Self.state(org: "south", headcount: 500, incidents: 1)
        let merged = a + b
        #expect(merged.organisations["north"] == 1000 && merged.organisations["south"] == 500)
        let report = StatsReport(state: merged, baselines: try BaselineData.shipped())
        #expect(report.perHead.map(\.org) == ["north", "south"])
        #expect(report.overallPerHead?.headcount == 1500)
        // Through stats.json and back: the same state.
        let decoded = try StatsJSON.decodeState(try StatsJSON.encode(report, state: merged))
        #expect(decoded == merged)
        #expect(a.headcountConflicts(with: Self.state(org: "north", headcount: 900, incidents: 0)) == ["north"])
    }

    @Test func mergingShardsOfDifferentRunsIsRefused() throws {
        let directory = NSTemporaryDirectory() + "leakscan-stats-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        for (name, headcount) in [("a", 1000), ("b", 900)] {
            let state = Self.state(org: "north", headcount: headcount, incidents: 1)
            try StatsJSON.encode(StatsReport(state: state, baselines: try BaselineData.shipped()), state: state)
                .write(to: URL(fileURLWithPath: directory + "/\(name).json"))
        }
        #expect(throws: StatsInputs.Failure.self) { try StatsInputs.combine([directory + "/a.json", directory + "/b.json"], merge: true) }
        #expect(try StatsInputs.combine([directory + "/a.json", directory + "/a.json"], merge: true).incidents.values.reduce(0, +) == 2)
    }

    @Test func tiersParseAsFourAscendingCountsFromOne() throws {
        let policy = try #require(StatsPolicy().withTiers("1,3,3,10"))
        #expect(policy.tiers.map(\.from) == [1, 3, 3, 10])
        #expect(policy.outcome(for: 2) == "words of advice")
        #expect(policy.outcome(for: 3) == "formal misconduct")
        #expect(policy.outcome(for: 12) == "dismissal")
        for bad in ["1,2,4", "1,2,4,7,9", "0,2,4,7", "1,4,2,7", "1,,4,7", "1,x,4,7", ""] {
            #expect(StatsPolicy().withTiers(bad) == nil, "\(bad)")
        }
    }
}
