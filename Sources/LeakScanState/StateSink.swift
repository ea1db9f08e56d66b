import Foundation
import LeakScanCore
import LeakScanPipeline
import Logging

/// A scan's use of the state database: it plans where each input starts (unchanged inputs
/// skipped, grown ones resumed from their checkpoint, known Maildir messages skipped by name
/// without being opened) and stores each batch's incidents with the checkpoint that covers
/// them, handing `downstream` (the incident writers) only what was not stored before, inside
/// the transaction: a write that fails stores nothing, so the next run reports it again.
///
/// Events are held and committed together, up to ``maxHeldBatches`` batches or
/// ``maxHeldSeconds`` seconds at a time, then passed on in their order: one transaction per
/// small file cost more than scanning the file. A kill loses at most the held batches, which
/// the next scan reads again.
public final class StateSink: ScanSink, ScanPlanner {
    let store: StateStore
    let run: Int64
    let rulesVersion: String
    let full: Bool
    let reportAll: Bool
    let downstream: ScanSink
    let logger: Logger
    /// What each input looked like when it was planned (its checkpoint is stored with that).
    private var observed = [String: InputState]()
    private let lock = NSLock()
    /// Incidents stored for the first time in this scan.
    public private(set) var newIncidents = 0
    /// Incidents handed to the writers: the new ones, or with `reportAll` every one but those
    /// marked false positive.
    public private(set) var writtenIncidents = 0
    /// Per Maildir folder: the unique names of messages already read (loaded on first use).
    private var knownNames = [String: Set<String>]()
    /// The folder `known(_:)` looked in last, and its names.
    private var lastFolder: (path: String, names: Set<String>) = ("", [])
    /// Maildir cur/ and new/ folders read whole by earlier scans (loaded on first use).
    private var settledFolders: [String: StateStore.SettledFolder]?
    /// How long before the walk looked at a folder its time must lie for the folder to be
    /// remembered as read whole: a message delivered within the same clock tick as the time
    /// stored could otherwise leave the time unchanged (file times tick by up to a second or
    /// two, depending on the filesystem).
    static let settleNanoseconds: Int64 = 2_000_000_000

    /// Most batches, and longest time, held before they are committed.
    public static let maxHeldBatches = 512
    public static let maxHeldSeconds = 1.0

    /// A sink event not yet passed on; batches with what will be stored for them.
    private enum Held {
        case begin(String, Checkpoint)
        case batch(ScanBatch, StateStore.PendingCommit)
        case problem(ScanProblem)
        case end(InputReport)
    }
    private var held = [Held]()
    private var heldBatches = 0
    private var heldSince = Date()

    /// - Parameters:
    ///   - full: read every input whole, even unchanged ones.
    ///   - reportAll: hand `downstream` every incident found (except false positives), not only new ones.
    public init(
        store: StateStore, run: Int64, rulesVersion: String, full: Bool, reportAll: Bool, downstream: ScanSink, logger: Logger
    ) {
        self.store = store
        self.run = run
        self.rulesVersion = rulesVersion
        self.full = full
        self.reportAll = reportAll
        self.downstream = downstream
        self.logger = logger
    }

    public func plan(_ path: String) -> InputPlan {
        if !full, let name = MaildirName.of(path) {
            // A message not seen before is read whole; its row needs no prefix hash, and what
            // it records is what its reader's descriptor says (``batch(_:)``).
            return lock.withLock { known(name) } ? .skip : .scan(from: .start)
        }
        guard let now = StateStore.observe(path) else { return .scan(from: .start) }
        lock.withLock { observed[path] = now }
        if full { return .scan(from: .start) }
        let decision = (try? store.decide(path, current: now)) ?? .whole(reason: "unknown")
        logger.debug("\(path): \(decision)")
        switch decision {
        case .unchanged: return .skip
        case .appended(let checkpoint): return .scan(from: checkpoint)
        case .whole: return .scan(from: .start)
        }
    }

    public func unchangedMessages(in folder: MaildirFolder) -> Int? {
        guard !full else { return nil }
        return lock.withLock {
            if settledFolders == nil { settledFolders = (try? store.settledFolders()) ?? [:] }
            guard let settled = settledFolders?[folder.path], settled.device == Int64(bitPattern: folder.device),
                settled.inode == Int64(bitPattern: folder.inode), settled.modified == folder.modified
            else { return nil }
            return settled.messages
        }
    }

    /// Remembers each listed folder whose every file is a Maildir message now stored as read
    /// to its end, and whose time lay safely before the walk looked at it; forgets the others.
    /// A failure to store this only costs the next scan a listing, so it is logged, not thrown.
    public func walked(_ folders: [ListedMaildirFolder]) {
        var settled = [StateStore.SettledFolder]()
        var unsettled = [String]()
        var known = [String: Set<String>]()
        do {
            for listed in folders {
                let maildir = MaildirName.folder(of: listed.folder.path)
                let names = listed.files.map(MaildirName.of)
                if known[maildir] == nil, listed.onlyFiles { known[maildir] = try store.knownMaildirNames(in: maildir) }
                guard listed.onlyFiles, listed.folder.modified <= listed.folder.observed - Self.settleNanoseconds,
                    names.allSatisfy({ $0.map { known[maildir]!.contains($0) } ?? false })
                else {
                    unsettled.append(listed.folder.path)
                    continue
                }
                settled.append(
                    StateStore.SettledFolder(
                        path: listed.folder.path, device: Int64(bitPattern: listed.folder.device),
                        inode: Int64(bitPattern: listed.folder.inode), modified: listed.folder.modified, messages: names.count, run: run))
            }
            try store.settle(settled, unsettled: unsettled)
            logger.debug("Maildir folders read whole: \(settled.count) remembered, \(unsettled.count) to list again")
        } catch {
            logger.warning("could not remember which Maildir folders were read whole (the next scan lists them): \(error)")
        }
    }

    /// Whether the Maildir message `name` has been read before (call under `lock`). A walk
    /// plans a folder's messages one after another, so the last folder's names are kept at
    /// hand; a first scan finds them empty and hashes no name.
    private func known(_ name: String) -> Bool {
        let folder = MaildirName.folder(of: name)
        if folder != lastFolder.path {
            if knownNames[folder] == nil { knownNames[folder] = (try? store.knownMaildirNames(in: folder)) ?? [] }
            lastFolder = (folder, knownNames[folder]!)
        }
        return !lastFolder.names.isEmpty && lastFolder.names.contains(name)
    }

    public func begin(input: String, from checkpoint: Checkpoint) throws { try hold(.begin(input, checkpoint)) }
    public func problem(_ problem: ScanProblem) throws { try hold(.problem(problem)) }
    public func end(input: InputReport) throws {
        lock.withLock { _ = observed.removeValue(forKey: input.path) }
        try hold(.end(input))
    }

    public func finish(_ summary: ScanSummary) throws {
        try commitHeld()
        try downstream.finish(summary)
    }

    public func batch(_ batch: ScanBatch) throws {
        // A stream's incidents are stored (known next time); the stream itself is no input to resume.
        var now: InputState?
        if !batch.isStream {
            let planned = lock.withLock { observed[batch.source] }
            let isMessage = MaildirName.of(batch.source) != nil
            let opened = isMessage ? batch.opened.map { StateStore.maildirMessage(batch.source, opened: $0) } : nil
            guard let found = planned ?? opened ?? StateStore.observe(batch.source) else { throw CheckpointError(path: batch.source) }
            now = found
        }
        let pending = StateStore.PendingCommit(
            incidents: batch.incidents, source: batch.source, checkpoint: batch.checkpoint, endsInput: batch.endsInput, observed: now)
        heldBatches += 1
        try hold(.batch(batch, pending))
    }

    private func hold(_ event: Held) throws {
        if held.isEmpty { heldSince = Date() }
        held.append(event)
        if heldBatches >= Self.maxHeldBatches || Date().timeIntervalSince(heldSince) >= Self.maxHeldSeconds { try commitHeld() }
    }

    /// Stores the held batches in one transaction and, inside it, passes every held event on
    /// in order, each batch with only its new incidents (or all but false positives).
    private func commitHeld() throws {
        let events = held
        held.removeAll()
        heldBatches = 0
        var next = 0
        func pass(_ event: Held) throws {
            switch event {
            case .begin(let input, let checkpoint): try downstream.begin(input: input, from: checkpoint)
            case .problem(let problem): try downstream.problem(problem)
            case .end(let input): try downstream.end(input: input)
            case .batch: break
            }
        }
        let pending = events.compactMap { if case .batch(_, let pending) = $0 { pending } else { nil } }
        if !pending.isEmpty {
            // Even when every incident is written, those marked false positive are not.
            let suppressed = reportAll ? try store.falsePositives() : []
            try store.commit(pending, rulesVersion: rulesVersion, run: run) { _, fresh in
                while next < events.count {
                    let event = events[next]
                    next += 1
                    guard case .batch(var shown, _) = event else {
                        try pass(event)
                        continue
                    }
                    shown.incidents = reportAll ? shown.incidents.filter { !suppressed.contains($0.fingerprint.description) } : fresh
                    try downstream.batch(shown)
                    newIncidents += fresh.count
                    writtenIncidents += shown.incidents.count
                    break
                }
            }
        }
        for event in events[next...] { try pass(event) }
    }
}

/// An input that vanished or became unreadable during the scan: its checkpoint cannot be
/// recorded, so the scan stops (status 2) and the next one reads it again.
public struct CheckpointError: Error, CustomStringConvertible {
    public var path: String
    public var description: String { "\(path) can no longer be read to record its checkpoint" }
}
