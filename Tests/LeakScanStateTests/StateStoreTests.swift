import Foundation
import GRDB
import LeakScanCore
import Testing

@testable import LeakScanState

/// What the state database decides and stores, on its own.
@Suite struct StateStoreTests {
    /// An incident whose fingerprint's digits are `digits` followed by zeros.
    static func incident(_ digits: String) -> Incident {
        Incident(
            rule: "r", category: .confidential, severity: .high, source: "s", offset: 0, messageID: nil, author: nil, timestamp: nil,
            location: "body", excerpt: "x", fingerprint: Fingerprint(hex: stored(digits))!)
    }

    /// The fingerprint of ``incident(_:)`` as the store keeps it.
    static func stored(_ digits: String) -> String { digits + String(repeating: "0", count: 32 - digits.count) }

    struct WriteFailed: Error {}

    /// A fresh database in a temporary folder, a one-post JSON file beside it, and a run begun.
    /// A new, empty directory of this test's own.
    static func temporaryDirectory() throws -> String {
        let directory = NSTemporaryDirectory() + "leakscan-state-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        return directory
    }

    static func storeWithOneInput() throws -> (StateStore, input: String, run: Int64) {
        let directory = try Self.temporaryDirectory()
        let input = directory + "/posts.json"
        try "[{\"a\": 1}]\n".write(toFile: input, atomically: true, encoding: .utf8)
        let store = try StateStore(path: directory + "/state.db")
        return (store, input, try store.beginRun(rulesVersion: "v1"))
    }

    @Test func aFailedEmitStoresNothingAndCheckpointsFollowTheFile() throws {
        let (store, input, run) = try Self.storeWithOneInput()
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
        #expect(emitted.map(\.fingerprint.description) == [Self.stored("f1")])
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

    @Test func batchesCommittedTogetherAreStoredAllOrNothingAndEmittedInOrder() throws {
        let (store, input, run) = try Self.storeWithOneInput()
        let observed = try #require(StateStore.observe(input))
        let batches = ["a1", "a2", "a1"].enumerated().map { index, fingerprint in
            StateStore.PendingCommit(
                incidents: [Self.incident(fingerprint)], source: input,
                checkpoint: Checkpoint(offset: UInt64(index + 1), fileOffset: UInt64(index + 1)),
                endsInput: index == 2, observed: observed)
        }
        // The second batch's output fails: the first batch, emitted already, is not stored either.
        #expect(throws: WriteFailed.self) {
            try store.commit(batches, rulesVersion: "v1", run: run) { index, _ in if index == 1 { throw WriteFailed() } }
        }
        #expect(try store.listIncidents().isEmpty)
        #expect(try store.input(input) == nil)

        var emitted = [(Int, [String])]()
        try store.commit(batches, rulesVersion: "v1", run: run) { emitted.append(($0, $1.map(\.fingerprint.description))) }
        // In order; the third batch's incident was stored by the first, so it is not new.
        #expect(emitted.map(\.0) == [0, 1, 2])
        #expect(emitted.map(\.1) == [[Self.stored("a1")], [Self.stored("a2")], []])
        #expect(try store.input(input)?.checkpoint.offset == 3)
        #expect(try store.input(input)?.complete == true)
    }

    /// A database written before v7 (Maildir names in a column of their own, with an index)
    /// opens, and its known Maildir messages are still found: by the path key now.
    @Test func aVersion6DatabaseKeepsItsKnownMaildirMessages() throws {
        let directory = try Self.temporaryDirectory()
        let path = directory + "/state.sqlite"
        let old = try DatabaseQueue(path: path)
        try StateStore.migrator.migrate(old, upTo: "v6: Maildir folders read whole")
        let rows: [(path: String, name: String?, complete: Bool)] = [
            ("/m/Maildir/cur/17.a:2,S", "/m/Maildir/17.a", true), ("/m/Maildir/new/18.b", "/m/Maildir/18.b", false),
            ("/m/Maildir/new/archive.mbox", nil, true), ("/m/Maildir/.Sent/cur/19.c:2,", "/m/Maildir/.Sent/19.c", true),
            ("/m/Maildir/cur/sub/cur/20.d", "/m/Maildir/cur/sub/20.d", true),
        ]
        try old.write { db in
            for row in rows {
                try db.execute(
                    sql: """
                        INSERT INTO input (path, size, modified, inode, prefixHash, prefixLength, offset, complete, rulesVersion, updatedAt,
                            maildirName) VALUES (?, 1, 0, 1, '', 0, 1, ?, 'v', 0, ?)
                        """, arguments: [row.path, row.complete, row.name])
            }
        }
        try old.close()
        let store = try StateStore(path: path)
        // The incomplete message and the mbox are not known; a deeper Maildir's message is
        // listed with its own folder's name, which no message of this one has.
        #expect(try store.knownMaildirNames(in: "/m/Maildir") == ["/m/Maildir/17.a", "/m/Maildir/cur/sub/20.d"])
        #expect(try store.knownMaildirNames(in: "/m/Maildir/.Sent/") == ["/m/Maildir/.Sent/19.c"])
        #expect(try store.input("/m/Maildir/new/archive.mbox")?.complete == true)
        let columns = try store.queue.read { db in try db.columns(in: "input").map(\.name) }
        #expect(!columns.contains("maildirName"))
    }

    @Test func maildirMessagesAreKnownByFolderAndUniqueName() throws {
        #expect(MaildirName.of("/m/alice/Maildir/cur/1700000000.M1P2.host:2,S") == "/m/alice/Maildir/1700000000.M1P2.host")
        #expect(MaildirName.of("/m/alice/Maildir/new/1700000000.M1P2.host") == "/m/alice/Maildir/1700000000.M1P2.host")
        #expect(MaildirName.of("/m/alice/Maildir/.Sent/cur/17.x:2,") == "/m/alice/Maildir/.Sent/17.x")
        // Not a delivery's name, or not in cur/ or new/: an ordinary file, checked as one.
        #expect(MaildirName.of("/archive/new/big.mbox") == nil)
        #expect(MaildirName.of("/archive/cur/2009") == nil)
        #expect(MaildirName.of("/m/Maildir/tmp/1700000000.M1P2.host") == nil)
        #expect(MaildirName.of("/m/Maildir/cur/1700000000") == nil)  // no dot after the time
        #expect(MaildirName.of("/m/Maildir/cur/.1700000000") == nil)
        #expect(MaildirName.of("/m/Maildir/xcur/17.x") == nil)
        #expect(MaildirName.of("/m/Maildir/cur/") == nil)
        #expect(MaildirName.of("cur/17.x") == nil)
        #expect(MaildirName.of("/cur/17.x") == "/17.x")
        #expect(MaildirName.of("/m/Maildir/new/17.x:") == "/m/Maildir/17.x")
        #expect(MaildirName.of("/m/café/Maildir/new/17.h\u{F7E9}t:2,S") == "/m/café/Maildir/17.h\u{F7E9}t")
        #expect(MaildirName.folder(of: "/m/alice/Maildir/1700000000.M1P2.host") == "/m/alice/Maildir")
    }

    @Test func fingerprintPrefixesNameExactlyOneIncident() throws {
        let (store, input, run) = try Self.storeWithOneInput()
        try store.commit(
            incidents: [Self.incident("abcdef0123"), Self.incident("abcdef0199"), Self.incident("ffff000011")], source: input,
            checkpoint: Checkpoint(offset: 9, fileOffset: 9), endsInput: true, observed: try #require(StateStore.observe(input)),
            rulesVersion: "v1", run: run
        ) { _ in }

        #expect(try store.incident(matching: "ffff0000").fingerprint == Self.stored("ffff000011"))
        #expect(try store.incident(matching: "abcdef0199").fingerprint == Self.stored("abcdef0199"))
        // Two incidents share the prefix; a prefix under 8 characters is refused even when unique.
        #expect(throws: StateStore.LifecycleError.self) { try store.incident(matching: "abcdef01") }
        #expect(throws: StateStore.LifecycleError.self) { try store.incident(matching: "ffff") }
        #expect(throws: StateStore.LifecycleError.self) { try store.setStatus(.resolved, fingerprints: ["abcdef01"], by: "t") }
        #expect(
            try store.setStatus(.resolved, fingerprints: ["abcdef0123", "ffff0000"], by: "t") == [
                Self.stored("abcdef0123"), Self.stored("ffff000011"),
            ])
        #expect(try store.incident(matching: "ffff0000").status == "resolved")
    }

    @Test func theDefaultStateLocationFollowsXDG() throws {
        #expect(StateLocation.resolve("default", environment: ["XDG_STATE_HOME": "/x", "HOME": "/h"]) == "/x/leakscan/state.sqlite")
        #expect(
            StateLocation.resolve("default", environment: ["XDG_STATE_HOME": "", "HOME": "/h"]) == "/h/.local/state/leakscan/state.sqlite")
        #expect(StateLocation.resolve("night.db", environment: ["HOME": "/h"]) == "night.db")
        let missing = NSTemporaryDirectory() + "leakscan-missing-\(UUID().uuidString)/state.db"
        #expect(throws: StateLocation.OpenError.self) { try StateLocation.openExisting(missing) }
        #expect(!FileManager.default.fileExists(atPath: missing))
    }
}
