import Foundation
import LeakScanCore
import LeakScanState
import Testing

/// What the state database decides and stores, on its own.
@Suite struct StateStoreTests {
    static func incident(_ fingerprint: String) -> Incident {
        Incident(
            rule: "r", category: .confidential, severity: .high, source: "s", offset: 0, messageID: nil, author: nil, timestamp: nil,
            location: "body", excerpt: "x", fingerprint: fingerprint)
    }

    struct WriteFailed: Error {}

    @Test func aFailedEmitStoresNothingAndCheckpointsFollowTheFile() throws {
        let directory = NSTemporaryDirectory() + "leakscan-state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let input = directory + "/posts.json"
        try "[{\"a\": 1}]\n".write(toFile: input, atomically: true, encoding: .utf8)
        let store = try StateStore(path: directory + "/state.db")
        let run = try store.beginRun(rulesVersion: "v1")
        let observed = try #require(StateStore.observe(input))
        let checkpoint = Checkpoint(offset: 9, fileOffset: 9)

        #expect(throws: WriteFailed.self) {
            try store.commit(
                incidents: [Self.incident("f1")], source: input, checkpoint: checkpoint, endsInput: true, observed: observed,
                rulesVersion: "v1", run: run
            ) { _ in throw WriteFailed() }
        }
        #expect(try store.listIncidents().isEmpty)
        #expect(try store.input(input) == nil)

        var emitted = [Incident]()
        try store.commit(
            incidents: [Self.incident("f1")], source: input, checkpoint: checkpoint, endsInput: true, observed: observed,
            rulesVersion: "v1",
            run: run
        ) { emitted = $0 }
        #expect(emitted.map(\.fingerprint) == ["f1"])
        // The prefix hash stops at the checkpoint: an array that grows past its last element is an append.
        #expect(try store.input(input)?.prefixLength == 9)
        #expect(try store.decide(input, current: observed) == .unchanged)
        try "[{\"a\": 1}, {\"b\": 2}]\n".write(toFile: input, atomically: false, encoding: .utf8)
        #expect(try store.decide(input, current: try #require(StateStore.observe(input))) == .appended(from: checkpoint))
        try "[{\"c\": 3}, {\"d\": 4}]\n".write(toFile: input, atomically: false, encoding: .utf8)
        #expect(try store.decide(input, current: try #require(StateStore.observe(input))) == .whole(reason: "rewritten"))
        try "[]\n".write(toFile: input, atomically: false, encoding: .utf8)
        #expect(try store.decide(input, current: try #require(StateStore.observe(input))) == .whole(reason: "truncated"))
        // Seen again: stored once, not emitted again.
        try store.commit(
            incidents: [Self.incident("f1")], source: input, checkpoint: checkpoint, endsInput: true, observed: observed,
            rulesVersion: "v1",
            run: run
        ) { emitted = $0 }
        #expect(emitted.isEmpty)
        #expect(try store.listIncidents().count == 1)
    }
}
