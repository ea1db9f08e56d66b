import Foundation
import LeakScanCore
import LeakScanPipeline
import LeakScanRules
import LeakScanSession
import LeakScanState
import Logging
import Testing

/// A scan run as a library: outputs, state, failures.
@Suite(.serialized) struct ScanSessionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// A sink that fails on its first batch with incidents, like a full disk.
    final class FailingSink: ScanSink {
        struct Full: Error {}
        func batch(_ batch: ScanBatch) throws { if !batch.incidents.isEmpty { throw Full() } }
    }

    static func configuration(_ inputs: [String], state: String?) throws -> ScanSession.Configuration {
        let rules = try RuleSet.load(directory: root.appendingPathComponent("Patterns"))
        var configuration = ScanSession.Configuration(
            ruleSet: rules, inputs: inputs, fingerprintKey: Array("session-test-key".utf8),
            options: ScanOptions(jobs: 2, directory: rules.directory))
        configuration.outputs = []
        configuration.state = state.map { .init(path: $0) }
        configuration.statistics = true
        return configuration
    }

    @Test func aSinkThatFailsStoresNothingAndTheNextRunHasEverything() throws {
        let directory = NSTemporaryDirectory() + "leakscan-session-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let state = directory + "/state.db"
        let demo = Self.root.appendingPathComponent("Samples/demo.mbox").path
        var failing = try Self.configuration([demo], state: state)
        failing.writers = [FailingSink()]
        let stopped = try ScanSession(failing, logger: Logger(label: "test")).run()
        #expect(stopped.summary.outputError != nil && stopped.status == .error)
        #expect(try StateStore(path: state).listIncidents().isEmpty)

        let whole = try ScanSession(try Self.configuration([demo], state: state), logger: Logger(label: "test")).run()
        #expect(whole.status == .incidentsFound)
        #expect(whole.newIncidents == whole.summary.incidents)
        #expect(try StateStore(path: state).listIncidents().count == whole.summary.incidents)
        #expect(whole.statistics?.incidents.values.reduce(0, +) == whole.summary.incidents)
        // Unchanged: nothing read, nothing new.
        let again = try ScanSession(try Self.configuration([demo], state: state), logger: Logger(label: "test")).run()
        #expect(again.summary.skippedUnchanged == 1 && again.newIncidents == 0 && again.status == .clean)
    }

    @Test func aHeldStateDatabaseIsReportedAsLocked() throws {
        let directory = NSTemporaryDirectory() + "leakscan-session-\(UUID().uuidString)"
        let state = directory + "/state.db"
        let held = try #require(try StateLock(databasePath: state))
        #expect(throws: ScanSession.Failure.self) {
            _ = try ScanSession(try Self.configuration([], state: state), logger: Logger(label: "test")).run()
        }
        withExtendedLifetime(held) {}
    }
}
