import LeakScanCore
import LeakScanPipeline
import LeakScanSynth
import Testing

/// The incident counts of a summary: per category, per severity and per both, kept in one table
/// indexed by the enums' ordinals, must add up across workers exactly as dictionaries would.
@Suite struct ScanSummaryTests {
    @Test func countsAddUpPerCategoryAndSeverityAcrossSummaries() {
        var generator = SplitMix64(seed: 11)
        var parts = [ScanSummary(), ScanSummary(), ScanSummary()]
        var expected = [Category: [Severity: Int]]()
        for _ in 0..<500 {
            let category = Category.allCases[Int(generator.next() % UInt64(Category.allCases.count))]
            let severity = Severity.allCases[Int(generator.next() % UInt64(Severity.allCases.count))]
            parts[Int(generator.next() % 3)].record(rule: "r\(category.ordinal)", category: category, severity: severity)
            expected[category, default: [:]][severity, default: 0] += 1
        }
        let sum = parts.reduce(ScanSummary(), +)
        #expect(sum.incidents == 500)
        for category in Category.allCases {
            for severity in Severity.allCases {
                #expect(sum.count(category, severity) == expected[category]?[severity] ?? 0)
            }
        }
        #expect(sum.byCategory == expected.mapValues { $0.values.reduce(0, +) })
        var bySeverity = [Severity: Int]()
        for counts in expected.values { bySeverity.merge(counts, uniquingKeysWith: +) }
        #expect(sum.bySeverity == bySeverity)
        #expect(sum.byRule == Dictionary(uniqueKeysWithValues: expected.map { ("r\($0.key.ordinal)", $0.value.values.reduce(0, +)) }))
    }

    @Test func categoriesWithoutIncidentsAreLeftOut() {
        var summary = ScanSummary()
        summary.record(rule: "logo-rule", category: .logo, severity: .high)
        summary.record(rule: "logo-rule", category: .logo, severity: .low)
        #expect(summary.byCategory == [.logo: 2])
        #expect(summary.bySeverity == [.high: 1, .low: 1])
        #expect(summary.text.contains("by category: logo 2"))
        #expect(summary.text.contains("by severity: high 1, low 1"))
    }

    @Test func ordinalsArePositionsInAllCases() {
        #expect(Category.allCases.map(\.ordinal) == Array(Category.allCases.indices))
        #expect(Severity.allCases.map(\.ordinal) == Array(Severity.allCases.indices))
    }
}
