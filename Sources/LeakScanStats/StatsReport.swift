import Foundation
import LeakScanCore

/// Everything the reports show, derived from a ``StatsState`` under a ``StatsPolicy``.
public struct StatsReport: Sendable {
    public struct ChannelRates: Sendable {
        public var channel: Channel?
        /// Share of organisations with at least one confidential incident on the channel.
        public var leak: Rate
        /// Share of organisations with at least one disciplinary-level incident on the channel.
        public var disciplinary: Rate
    }

    public struct PerHead: Sendable {
        public var org: String
        public var headcount: Int
        public var incidents: Int
        public var people: Int
        /// Incidents per 1,000 staff per year, with a Wilson interval on incidents / staff.
        public var incidentsPerThousand: (value: Double, low: Double, high: Double)
        /// People with an incident per 1,000 staff per year.
        public var peoplePerThousand: (value: Double, low: Double, high: Double)
    }

    public var policy: StatsPolicy
    public var totalIncidents: Int
    public var byCategory: [(String, Int)]
    public var byRule: [(String, Int)]
    public var bySeverity: [(String, Int)]
    public var byChannel: [(String, Int)]
    public var byOrg: [(String, Int)]
    public var byPerson: [(String, Int)]
    public var byMonth: [(String, Int)]
    /// First and last month of the window the rates cover.
    public var window: (first: String, last: String)?
    /// Months the archive spans (first to last message), used to annualise per-head rates.
    public var spanMonths: Double
    public var organisations: Int
    public var channels: [ChannelRates]
    public var perHead: [PerHead]
    public var overallPerHead: PerHead?
    /// People per outcome, in policy order.
    public var tiers: [(outcome: String, people: Int)]
    public var comparisons: [BaselineComparison]
    /// The published figures the report compares with.
    public var baselines: BaselineData

    /// - Parameters:
    ///   - directory: organisations known beyond those seen (they count in the denominator) and headcounts.
    public init(
        state: StatsState, policy: StatsPolicy = StatsPolicy(), directory: OrganisationDirectory = OrganisationDirectory(),
        baselines: BaselineData
    ) {
        self.policy = policy
        self.baselines = baselines
        // The window: the survey asks about "the past 12 months", so rates cover the last 12
        // calendar months of the archive (all of it when it spans less).
        let months = Set(state.messages.keys.map(\.month) + state.incidents.keys.map(\.month)).filter { $0 != "unknown" }.sorted()
        let windowMonths: Set<String>
        if let last = months.last {
            let start = Self.monthOffset(last, by: -11)
            windowMonths = Set(months.filter { $0 >= start })
            window = (windowMonths.min()!, last)
        } else {
            windowMonths = []
            window = nil
        }
        let inWindow = { (month: String) in windowMonths.isEmpty || windowMonths.contains(month) }
        if let first = state.first, let last = state.last {
            spanMonths = max(1, last.timeIntervalSince(first) / (86_400 * 365.2425 / 12))
        } else {
            spanMonths = 12
        }

        func tally(_ key: (StatsState.IncidentKey) -> String) -> [(String, Int)] {
            var counts = [String: Int]()
            for (cell, count) in state.incidents { counts[key(cell), default: 0] += count }
            return counts.sorted { ($0.value, $1.key) > ($1.value, $0.key) }
        }
        totalIncidents = state.incidents.values.reduce(0, +)
        byCategory = tally { $0.category.rawValue }
        byRule = tally(\.rule)
        bySeverity = tally { $0.severity.rawValue }
        byChannel = tally { $0.channel.rawValue }
        byOrg = tally(\.org)
        byPerson = tally(\.person)
        byMonth = tally(\.month).sorted { $0.0 < $1.0 }

        // The organisations known: those the statistics carry (from the run's organisations
        // file) and those of `directory`.
        var known = state
        known.know(directory)
        // Denominator: every organisation seen in the window, plus every organisation known.
        var orgs = Set(state.messages.filter { inWindow($0.key.month) }.map(\.key.org))
        orgs.formUnion(known.organisations.keys)
        orgs.remove(StatsState.unattributed)
        organisations = orgs.count

        let windowIncidents = state.incidents.filter { inWindow($0.key.month) && orgs.contains($0.key.org) }
        var perPerson = [String: Int]()
        for (cell, count) in windowIncidents { perPerson[cell.person, default: 0] += count }
        let countThreshold = policy.disciplinaryCount
        let isDisciplinary = { (cell: StatsState.IncidentKey) in
            cell.severity >= policy.disciplinarySeverity || countThreshold.map { perPerson[cell.person, default: 0] >= $0 } == true
        }
        func rates(_ channel: Channel?) -> ChannelRates {
            let cells = windowIncidents.keys.filter { channel == nil || $0.channel == channel }
            let leaking = Set(cells.filter { $0.category == .confidential }.map(\.org))
            let disciplined = Set(cells.filter(isDisciplinary).map(\.org))
            return ChannelRates(
                channel: channel, leak: Rate(count: leaking.count, total: orgs.count),
                disciplinary: Rate(count: disciplined.count, total: orgs.count))
        }
        channels = Channel.allCases.map(rates) + [rates(nil)]

        // Per head, annualised from the archive's span.
        let perYear = 12 / spanMonths
        func organisationPerHead(_ org: String, headcount: Int) -> PerHead {
            let cells = state.incidents.filter { $0.key.org == org }
            let incidents = cells.values.reduce(0, +)
            let people = Set(cells.keys.map(\.person)).count
            return Self.perHead(org: org, headcount: headcount, incidents: incidents, people: people, perYear: perYear)
        }
        perHead = known.organisations.keys.sorted().compactMap { id in
            (known.organisations[id] ?? nil).map { organisationPerHead(id, headcount: $0) }
        }
        if !perHead.isEmpty {
            let staff = perHead.map(\.headcount).reduce(0, +)
            overallPerHead = Self.perHead(
                org: "all", headcount: staff, incidents: perHead.map(\.incidents).reduce(0, +),
                people: perHead.map(\.people).reduce(0, +), perYear: perYear)
        }

        var tierCounts = [String: Int]()
        for (_, count) in perPerson { if let outcome = policy.outcome(for: count) { tierCounts[outcome, default: 0] += 1 } }
        tiers = policy.tiers.map { ($0.outcome, tierCounts[$0.outcome, default: 0]) }
        let measuredChannels = channels
        comparisons = baselines.proofpoint.compactMap { baseline in
            guard let measured = Self.measured(baseline, channels: measuredChannels) else { return nil }
            return BaselineComparison(baseline: baseline, measured: measured)
        }
    }

    static func perHead(org: String, headcount: Int, incidents: Int, people: Int, perYear: Double) -> PerHead {
        let incidentRate = Rate(count: min(incidents, headcount), total: headcount)
        let peopleRate = Rate(count: min(people, headcount), total: headcount)
        let scale = 1000 * perYear
        return PerHead(
            org: org, headcount: headcount, incidents: incidents, people: people,
            incidentsPerThousand: (Double(incidents) / Double(headcount) * scale, incidentRate.low * scale, incidentRate.high * scale),
            peoplePerThousand: (peopleRate.value * scale, peopleRate.low * scale, peopleRate.high * scale))
    }

    static func measured(_ baseline: Baseline, channels: [ChannelRates]) -> Rate? {
        guard let row = channels.first(where: { $0.channel == baseline.channel }) else { return nil }
        switch baseline.measure {
        case .investigated: return row.leak
        case .disciplined: return row.disciplinary
        case .terminated: return nil
        }
    }

    /// `YYYY-MM` moved by `delta` months.
    static func monthOffset(_ month: String, by delta: Int) -> String {
        let parts = month.split(separator: "-").compactMap { Int($0) }
        guard parts.count == 2 else { return month }
        let index = parts[0] * 12 + (parts[1] - 1) + delta
        return (index / 12).zeroPadded(4) + "-" + (index % 12 + 1).zeroPadded(2)
    }
}
