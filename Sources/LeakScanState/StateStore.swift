import Foundation
import GRDB
import LeakScanCore
import LeakScanCrypto

/// The state kept between scans, in SQLite through GRDB: inputs with their checkpoints, runs,
/// and every incident with its lifecycle. Checkpoints are written in the same transaction as
/// the incidents they cover, so a scan killed at any moment resumes without losing or
/// duplicating an incident.
///
/// SAFETY: `DatabaseQueue` serialises all access; the class holds nothing else mutable.
public final class StateStore: @unchecked Sendable {
    let queue: DatabaseQueue
    public let path: String

    public init(path: String) throws {
        self.path = path
        // It holds masked excerpts, authors and file names: readable by its owner only.
        try PrivateFiles.createDirectory(forFile: path)
        try PrivateFiles.create(path)
        var configuration = Configuration()
        configuration.busyMode = .timeout(5)
        // Write-ahead log, synced at checkpoints rather than at every commit: a killed scan
        // still loses no committed transaction (the log survives the process), and a commit
        // costs microseconds instead of two fsyncs. A power cut may drop the last commits; the
        // next scan then reads their inputs again, so nothing is lost, only re-reported.
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA journal_mode = WAL")
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        queue = try DatabaseQueue(path: path, configuration: configuration)
        try Self.migrator.migrate(queue)
    }

    /// Schema migrations, one per released change; never edited once shipped.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.create(table: "input") { table in
                table.primaryKey("path", .text)
                table.column("size", .integer).notNull()
                table.column("modified", .double).notNull()
                table.column("inode", .integer).notNull()
                table.column("prefixHash", .text).notNull()
                table.column("prefixLength", .integer).notNull()
                table.column("offset", .integer).notNull()
                table.column("complete", .boolean).notNull()
                table.column("rulesVersion", .text).notNull()
                table.column("updatedAt", .double).notNull()
            }
            try db.create(table: "run") { table in
                table.autoIncrementedPrimaryKey("id")
                table.column("startedAt", .double).notNull()
                table.column("finishedAt", .double)
                table.column("rulesVersion", .text).notNull()
                table.column("messages", .integer)
                table.column("bytesRead", .integer)
                table.column("incidents", .integer)
                table.column("newIncidents", .integer)
                table.column("errors", .integer)
                table.column("exitStatus", .integer)
            }
            try db.create(table: "incident") { table in
                table.primaryKey("fingerprint", .text)
                table.column("rule", .text).notNull()
                table.column("category", .text).notNull()
                table.column("severity", .text).notNull()
                table.column("source", .text).notNull()
                table.column("offset", .integer).notNull()
                table.column("messageId", .text)
                table.column("author", .text)
                table.column("org", .text)
                table.column("channel", .text).notNull()
                table.column("location", .text).notNull()
                table.column("excerpt", .text).notNull()
                table.column("timestamp", .double)
                table.column("rulesVersion", .text).notNull()
                table.column("firstSeen", .double).notNull()
                table.column("lastSeen", .double).notNull()
                table.column("firstRun", .integer).notNull()
                table.column("lastRun", .integer).notNull()
                table.column("status", .text).notNull().defaults(to: "new")
                table.column("statusBy", .text)
                table.column("statusAt", .double)
            }
            try db.create(index: "incident_rule", on: "incident", columns: ["rule"])
            try db.create(index: "incident_status", on: "incident", columns: ["status"])
        }
        migrator.registerMigration("v2: sightings per rule-set version") { db in
            // Which rule-set versions found each incident, so `diff` can compare two versions.
            try db.create(table: "sighting") { table in
                table.column("fingerprint", .text).notNull().references("incident", onDelete: .cascade)
                table.column("rulesVersion", .text).notNull()
                table.column("run", .integer).notNull()
                table.primaryKey(["fingerprint", "rulesVersion"])
            }
            try db.execute(
                sql: "INSERT INTO sighting (fingerprint, rulesVersion, run) SELECT fingerprint, rulesVersion, firstRun FROM incident")
        }
        migrator.registerMigration("v3: checkpoints in the reader's units") { db in
            // `offset` counts the reader's text (inflated, transcoded); `fileOffset` is where in
            // the file that text can be read again (a gzip member boundary), or NULL. Rows from
            // v2 get NULL: their next scan reads from the start and skips to `offset`.
            try db.alter(table: "input") { table in table.add(column: "fileOffset", .integer) }
        }
        migrator.registerMigration("v4: Maildir messages by unique name") { db in
            // A Maildir message never changes under its unique name (the part before `:2,`; a
            // flag change renames it, a move between new/ and cur/ too): a known name is skipped
            // without being read. NULL for every other input.
            try db.alter(table: "input") { table in table.add(column: "maildirName", .text) }
            try db.create(index: "input_maildir_name", on: "input", columns: ["maildirName"])
        }
        migrator.registerMigration("v5: derogatory kind and target") { db in
            // What a derogatory incident is (insult, slur, threat…) and at whom (colleague,
            // public, employer, protected-group); NULL for other rules and for rows stored before.
            try db.alter(table: "incident") { table in
                table.add(column: "kind", .text)
                table.add(column: "target", .text)
            }
        }
        migrator.registerMigration("v6: Maildir folders read whole") { db in
            // A Maildir's cur/ or new/ whose every message was read, with its directory entry
            // then: while device, inode and modification time (nanoseconds) are unchanged, no
            // message was added, removed or renamed, and the next scan does not list it.
            try db.create(table: "maildirFolder") { table in
                table.primaryKey("path", .text)
                table.column("device", .integer).notNull()
                table.column("inode", .integer).notNull()
                table.column("modified", .integer).notNull()
                table.column("messages", .integer).notNull()
                table.column("run", .integer).notNull()
            }
        }
        migrator.registerMigration("v7: Maildir messages found by path") { db in
            // A Maildir's known messages are found by a range of the path key (its cur/ and
            // new/), their unique names worked out from the paths: the name column's index was
            // two fifths of SQLite's work per message stored.
            try db.drop(index: "input_maildir_name")
            try db.alter(table: "input") { table in table.drop(column: "maildirName") }
        }
        return migrator
    }

    // MARK: Inputs

    public func input(_ path: String) throws -> InputState? {
        try queue.read { db in try StoredInput.fetchOne(db, key: path) }.map(\.state)
    }

    /// What an input looks like on disk now.
    public static func observe(_ path: String, prefixLength: Int = 64 * 1024) -> InputState? {
        guard let info = FileSystemPath.stat(path) else { return nil }
        let status = FileStatus(info)
        let length = Int(min(UInt64(prefixLength), status.size))
        guard let hash = length == 0 ? emptyHash : prefixHash(path, length: length) else { return nil }
        return InputState(path: path, status: status, prefixHash: hash, prefixLength: length)
    }

    /// A Maildir message as its reader opened it: no prefix is hashed, since a known message
    /// is skipped by its name (``MaildirName``), never compared.
    public static func maildirMessage(_ path: String, opened: FileStatus) -> InputState {
        InputState(path: path, status: opened, prefixHash: emptyHash, prefixLength: 0)
    }

    static let emptyHash = SHA256Hash().finalize().hexString()

    static func prefixHash(_ path: String, length: Int) -> String? {
        let descriptor = FileSystemPath.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        let data = (try? handle.read(upToCount: length)) ?? Data()
        return SHA256Hash.hash(data).hexString()
    }

    /// Where to start `path`, given what was stored and what is on disk now.
    public enum Decision: Sendable, Equatable {
        case unchanged
        case appended(from: Checkpoint)
        case whole(reason: String)
    }

    /// - Parameter current: the input as observed now (``observe(_:prefixLength:)``); hashed
    ///   again only when the stored prefix had another length.
    public func decide(_ path: String, current: InputState) throws -> Decision {
        guard let stored = try input(path) else { return .whole(reason: "new input") }
        let observed = current.prefixLength == stored.prefixLength ? current : Self.observe(path, prefixLength: stored.prefixLength)
        guard let now = observed else { return .whole(reason: "cannot stat") }
        // Sizes compare file bytes with file bytes (a gzip file's checkpoint counts inflated text).
        if now.size < stored.size || now.size < stored.checkpoint.fileOffset ?? 0 { return .whole(reason: "truncated") }
        if now.prefixHash != stored.prefixHash || now.inode != stored.inode { return .whole(reason: "rewritten") }
        if stored.complete && now.size == stored.size && now.modified == stored.modified { return .unchanged }
        if stored.checkpoint.offset > 0 { return .appended(from: stored.checkpoint) }
        return .whole(reason: "changed")
    }

    // MARK: Runs

    public func beginRun(rulesVersion: String) throws -> Int64 {
        try queue.write { db in
            try db.execute(
                sql: "INSERT INTO run (startedAt, rulesVersion) VALUES (?, ?)", arguments: [Date().timeIntervalSince1970, rulesVersion])
            return db.lastInsertedRowID
        }
    }

    public func finishRun(_ id: Int64, messages: Int, bytesRead: UInt64, incidents: Int, newIncidents: Int, errors: Int, exitStatus: Int32)
        throws
    {
        try queue.write { db in
            try db.execute(
                sql:
                    "UPDATE run SET finishedAt = ?, messages = ?, bytesRead = ?, incidents = ?, newIncidents = ?, errors = ?, exitStatus = ? WHERE id = ?",
                arguments: [Date().timeIntervalSince1970, messages, Int64(bytesRead), incidents, newIncidents, errors, exitStatus, id])
        }
    }

    // MARK: Incidents and checkpoints

    /// One batch's incidents and the checkpoint that covers them, waiting to be stored.
    public struct PendingCommit: Sendable {
        public var incidents: [Incident]
        public var source: String
        public var checkpoint: Checkpoint
        public var endsInput: Bool
        /// The input as it was when planned, whose row the checkpoint updates; nil for a
        /// stream (``ScanBatch/isStream``), which has no row: only its incidents are stored.
        public var observed: InputState?

        public init(incidents: [Incident], source: String, checkpoint: Checkpoint, endsInput: Bool, observed: InputState?) {
            self.incidents = incidents
            self.source = source
            self.checkpoint = checkpoint
            self.endsInput = endsInput
            self.observed = observed
        }
    }

    /// Stores a batch's incidents and the checkpoint that covers them, in one transaction, and
    /// hands `emit` the incidents that were not in the database before (what a nightly run
    /// reports) inside that transaction: when `emit` throws (the output could not be written),
    /// nothing is stored and the next scan finds and reports them again.
    public func commit(
        incidents: [Incident], source: String, checkpoint: Checkpoint, endsInput: Bool, observed: InputState,
        rulesVersion: String, run: Int64, emit: ([Incident]) throws -> Void
    ) throws {
        let pending = PendingCommit(incidents: incidents, source: source, checkpoint: checkpoint, endsInput: endsInput, observed: observed)
        try commit([pending], rulesVersion: rulesVersion, run: run) { _, fresh in try emit(fresh) }
    }

    /// Stores many batches in one transaction (a nightly scan of many small files commits
    /// hundreds of inputs at once: one commit per file cost more than scanning it), through
    /// prepared statements; `emit` gets each batch's index and new incidents, in order, inside
    /// the transaction, with the same all-or-nothing contract as a single batch.
    ///
    /// The stored prefix hash covers no byte past the checkpoint, so that appending to a JSON
    /// array (which rewrites its closing bracket) still counts as an append.
    public func commit(_ batches: [PendingCommit], rulesVersion: String, run: Int64, emit: (Int, [Incident]) throws -> Void) throws {
        let prepared = batches.map { batch -> InputState? in
            guard var observed = batch.observed else { return nil }
            let hashed = Int(min(UInt64(observed.prefixLength), batch.checkpoint.fileOffset ?? observed.size))
            if hashed != observed.prefixLength, let rehashed = Self.observe(batch.source, prefixLength: hashed) {
                observed.prefixHash = rehashed.prefixHash
                observed.prefixLength = rehashed.prefixLength
            }
            return observed
        }
        try queue.write { db in
            let now = Date().timeIntervalSince1970
            let known = try db.cachedStatement(sql: "SELECT 1 FROM incident WHERE fingerprint = ?")
            let seen = try db.cachedStatement(sql: "UPDATE incident SET lastSeen = ?, lastRun = ? WHERE fingerprint = ?")
            let sighting = try db.cachedStatement(sql: "INSERT OR IGNORE INTO sighting (fingerprint, rulesVersion, run) VALUES (?, ?, ?)")
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO incident (fingerprint, rule, category, severity, source, offset, messageId, author, org, channel,
                        location, excerpt, timestamp, rulesVersion, firstSeen, lastSeen, firstRun, lastRun, kind, target)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            let checkpoint = try db.cachedStatement(
                sql: """
                    INSERT INTO input (path, size, modified, inode, prefixHash, prefixLength, offset, fileOffset, complete, rulesVersion,
                        updatedAt)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified = excluded.modified, inode = excluded.inode,
                        prefixHash = excluded.prefixHash, prefixLength = excluded.prefixLength, offset = excluded.offset,
                        fileOffset = excluded.fileOffset, complete = excluded.complete, rulesVersion = excluded.rulesVersion,
                        updatedAt = excluded.updatedAt
                    """)
            for (index, batch) in batches.enumerated() {
                var fresh = [Incident]()
                for incident in batch.incidents {
                    let fingerprint = incident.fingerprint.description
                    if try Bool.fetchOne(known, arguments: [fingerprint]) != nil {
                        try seen.execute(arguments: [now, run, fingerprint])
                    } else {
                        try insert.execute(arguments: [
                            fingerprint, incident.rule, incident.category.rawValue, incident.severity.rawValue, incident.source,
                            Int64(incident.offset), incident.messageID, incident.author, incident.org, incident.channel.rawValue,
                            incident.location, incident.excerpt, incident.timestamp?.timeIntervalSince1970, rulesVersion, now, now, run,
                            run, incident.kind, incident.target,
                        ])
                        fresh.append(incident)
                    }
                    try sighting.execute(arguments: [fingerprint, rulesVersion, run])
                }
                if let observed = prepared[index] {
                    // Bound as they are (the statement's arguments are its own, checked once when
                    // written): GRDB's checked, temporarily bound execution cost more per small file
                    // than SQLite's own work.
                    checkpoint.setUncheckedArguments([
                        batch.source, Int64(observed.size), observed.modified, Int64(bitPattern: observed.inode), observed.prefixHash,
                        observed.prefixLength, Int64(batch.checkpoint.offset), batch.checkpoint.fileOffset.map(Int64.init),
                        batch.endsInput, rulesVersion, now,
                    ])
                    try checkpoint.execute()
                }
                try emit(index, fresh)
            }
        }
    }

    /// The unique names of the Maildir messages stored as read to their end in the Maildir at
    /// `folder` (the folder holding cur/, new/ and tmp/): what ``MaildirName`` skips. Found by
    /// two ranges of the path key ('0' is the byte after '/').
    public func knownMaildirNames(in folder: String) throws -> Set<String> {
        let base = folder.hasSuffix("/") ? String(folder.dropLast()) : folder
        return try queue.read { db in
            let paths = try String.fetchAll(
                db,
                sql: """
                    SELECT path FROM input WHERE ((path >= ? AND path < ?) OR (path >= ? AND path < ?)) AND complete
                    """,
                arguments: [base + "/cur/", base + "/cur0", base + "/new/", base + "/new0"])
            return Set(paths.compactMap(MaildirName.of))
        }
    }

    /// A Maildir folder stored as read whole: its directory entry then, and how many messages
    /// it held.
    public struct SettledFolder: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
        public static let databaseTableName = "maildirFolder"
        public var path: String
        public var device: Int64
        public var inode: Int64
        public var modified: Int64
        public var messages: Int
        public var run: Int64
    }

    /// Every settled Maildir folder, by path.
    public func settledFolders() throws -> [String: SettledFolder] {
        try queue.read { db in
            Dictionary(try SettledFolder.fetchAll(db).map { ($0.path, $0) }, uniquingKeysWith: { $1 })
        }
    }

    /// Stores `settled` and forgets `unsettled` (folders listed again that are not read whole
    /// now), in one transaction.
    public func settle(_ settled: [SettledFolder], unsettled: [String]) throws {
        try queue.write { db in
            for folder in settled { try folder.upsert(db) }
            for path in unsettled { _ = try SettledFolder.deleteOne(db, key: path) }
        }
    }

    // MARK: Lifecycle

    /// Incident statuses, with who set them and when.
    public enum Status: String, Sendable, CaseIterable {
        case new
        case acknowledged
        case resolved
        case falsePositive = "false_positive"
    }

    /// Sets the status of the incidents whose fingerprints are given (a unique prefix of at
    /// least 8 characters will do); returns the full fingerprints changed.
    public func setStatus(_ status: Status, fingerprints: [String], by person: String) throws -> [String] {
        try queue.write { db in
            try fingerprints.map { prefix in
                let fingerprint = try Self.fingerprint(matching: prefix, in: db)
                try db.execute(
                    sql: "UPDATE incident SET status = ?, statusBy = ?, statusAt = ? WHERE fingerprint = ?",
                    arguments: [status.rawValue, person, Date().timeIntervalSince1970, fingerprint])
                return fingerprint
            }
        }
    }

    /// The one incident whose fingerprint starts with `prefix` (8 characters or more).
    public func incident(matching prefix: String) throws -> StoredIncident {
        try queue.read { db in
            try StoredIncident.fetchOne(db, key: ["fingerprint": try Self.fingerprint(matching: prefix, in: db)])!
        }
    }

    /// The full fingerprint a prefix names, so people can type the first few characters of
    /// what a list printed without ever touching two incidents at once.
    static func fingerprint(matching prefix: String, in db: Database) throws -> String {
        let matches = try String.fetchAll(db, sql: "SELECT fingerprint FROM incident WHERE fingerprint LIKE ? || '%'", arguments: [prefix])
        guard prefix.count >= 8, matches.count == 1 else { throw LifecycleError.noSuchIncident(prefix, matches: matches.count) }
        return matches[0]
    }

    public enum LifecycleError: Error, CustomStringConvertible {
        case noSuchIncident(String, matches: Int)

        public var description: String {
            switch self {
            case .noSuchIncident(let prefix, let matches):
                matches == 0
                    ? "no incident with fingerprint \(prefix)"
                    : "fingerprint prefix \(prefix) is ambiguous (\(matches) incidents) or shorter than 8"
            }
        }
    }

    /// Fingerprints marked false positive: suppressed in every later scan's output.
    public func falsePositives() throws -> Set<String> {
        try queue.read { db in Set(try String.fetchAll(db, sql: "SELECT fingerprint FROM incident WHERE status = 'false_positive'")) }
    }

    /// Stored incidents, newest first, optionally of one status or rule.
    public func listIncidents(status: Status? = nil, rule: String? = nil) throws -> [StoredIncident] {
        try queue.read { db in
            var sql = "SELECT * FROM incident WHERE 1 = 1"
            var arguments = StatementArguments()
            if let status {
                sql += " AND status = ?"
                _ = arguments.append(contentsOf: [status.rawValue])
            }
            if let rule {
                sql += " AND rule = ?"
                _ = arguments.append(contentsOf: [rule])
            }
            sql += " ORDER BY firstSeen DESC, fingerprint"
            return try StoredIncident.fetchAll(db, sql: sql, arguments: arguments)
        }
    }

    // MARK: Rule-set versions

    /// Rule-set versions that have run on this database, most recent last.
    public func rulesVersions() throws -> [String] {
        try queue.read { db in
            try String.fetchAll(db, sql: "SELECT rulesVersion FROM run GROUP BY rulesVersion ORDER BY MAX(id)")
        }
    }

    /// Incidents found by version `to` and not by `from` (gained), and the reverse (lost).
    public func diff(from: String, to: String) throws -> (gained: [StoredIncident], lost: [StoredIncident]) {
        try queue.read { db in
            func only(_ a: String, _ b: String) throws -> [StoredIncident] {
                try StoredIncident.fetchAll(
                    db,
                    sql: """
                        SELECT incident.* FROM incident JOIN sighting ON sighting.fingerprint = incident.fingerprint AND sighting.rulesVersion = ?
                        WHERE NOT EXISTS (SELECT 1 FROM sighting other WHERE other.fingerprint = incident.fingerprint AND other.rulesVersion = ?)
                        ORDER BY incident.rule, incident.fingerprint
                        """, arguments: [a, b]
                )
            }
            return (try only(to, from), try only(from, to))
        }
    }

    /// Every input path scanned so far (what `rescan` reads again).
    public func inputPaths() throws -> [String] {
        try queue.read { db in try String.fetchAll(db, sql: "SELECT path FROM input ORDER BY path") }
    }
}
