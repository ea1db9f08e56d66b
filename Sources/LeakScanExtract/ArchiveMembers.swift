import CArchive
import Foundation

/// The members of a container (zip, tar, 7z, rar, and gzip / bzip2 / xz streams, compressed
/// tars included) read through libarchive from memory, within an ``ExtractionBudget``, and
/// handed on one at a time, so memory holds one member rather than the whole expanded archive.
///
/// libarchive rather than a hand-written zip reader: it is the reader bsdtar and most Linux
/// tools use, it handles every container people attach (and ZIP64, data descriptors, the
/// usual archiver quirks), and it is fuzzed by OSS-Fuzz.
struct ArchiveMembers {
    struct Member {
        var name: String
        var bytes: [UInt8]
    }

    var problems: [ExtractionProblem] = []

    /// Reads every regular file in `data`. `streamName` names the content of a bare
    /// compressed stream (gzip of one file), which carries no member name of its own.
    init(_ data: [UInt8], kind: ContentKind, streamName: String, budget: ExtractionBudget, each: (Member) -> Void) {
        guard let archive = archive_read_new() else {
            problems.append(ExtractionProblem(kind: .damaged, path: [], reason: "libarchive could not start"))
            return
        }
        defer { archive_read_free(archive) }
        archive_read_support_filter_all(archive)
        archive_read_support_format_all(archive)
        // A bare gzip / bzip2 / xz stream is one file with no container around it.
        if [.gzip, .bzip2, .xz].contains(kind) { archive_read_support_format_raw(archive) }
        data.withUnsafeBytes { buffer in
            guard archive_read_open_memory(archive, buffer.baseAddress, buffer.count) == ARCHIVE_OK else {
                problems.append(ExtractionProblem(kind: .damaged, path: [], reason: Self.message(archive)))
                return
            }
            readMembers(archive, streamName: streamName, budget: budget, each: each)
        }
    }

    private mutating func readMembers(_ archive: OpaquePointer, streamName: String, budget: ExtractionBudget, each: (Member) -> Void) {
        var entry: OpaquePointer?
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let status = archive_read_next_header(archive, &entry)
            if status == ARCHIVE_EOF { return }
            guard status >= ARCHIVE_WARN, let entry else {
                // A header that cannot be read ends the walk: some formats report the same
                // failure again on every later call, and members already read are kept.
                let kind: ExtractionProblem.Kind = Self.isEncryption(archive) ? .encrypted : .damaged
                problems.append(ExtractionProblem(kind: kind, path: [], reason: Self.message(archive)))
                return
            }
            let isRaw = archive_format(archive) == ARCHIVE_FORMAT_RAW
            let name = isRaw ? streamName : Self.name(of: entry)
            // Regular files only (AE_IFREG): no directories, links or devices.
            guard isRaw || archive_entry_filetype(entry) == 0o100000 else { continue }
            if let reason = budget.admitEntry() {
                problems.append(ExtractionProblem(kind: .limit, path: [name], reason: reason))
                return
            }
            if archive_entry_is_encrypted(entry) != 0 {
                problems.append(ExtractionProblem(kind: .encrypted, path: [name], reason: "password-protected member"))
                archive_read_data_skip(archive)
                continue
            }
            var bytes = [UInt8]()
            // Sized up front when the archive says, so a large member is not copied as it grows.
            if archive_entry_size_is_set(entry) != 0 {
                bytes.reserveCapacity(Int(min(max(0, archive_entry_size(entry)), Int64(budget.limits.maxEntryBytes))))
            }
            var stop: String?
            var failed: String?
            while stop == nil {
                let count = chunk.withUnsafeMutableBytes { archive_read_data(archive, $0.baseAddress, $0.count) }
                if count == 0 { break }
                if count < 0 {
                    failed = Self.message(archive)
                    break
                }
                if bytes.count + count > budget.limits.maxEntryBytes {
                    stop = "member larger than \(budget.limits.maxEntryBytes) bytes; the first \(budget.limits.maxEntryBytes) were scanned"
                    bytes += chunk[0..<(budget.limits.maxEntryBytes - bytes.count)]
                    break
                }
                bytes += chunk[0..<count]
                stop = budget.spend(count)
            }
            if let failed {
                let kind: ExtractionProblem.Kind = Self.isEncryption(archive) ? .encrypted : .damaged
                problems.append(ExtractionProblem(kind: kind, path: [name], reason: failed))
            }
            if let stop { problems.append(ExtractionProblem(kind: .limit, path: [name], reason: stop)) }
            each(Member(name: name, bytes: bytes))
            if budget.exhausted != nil { return }
        }
    }

    /// The member's path as UTF-8 (libarchive converts legacy zip code pages when it can),
    /// without a leading `./` or `/`, so locations read the same whatever made the archive.
    static func name(of entry: OpaquePointer) -> String {
        var name =
            archive_entry_pathname_utf8(entry).map { String(cString: $0) } ?? archive_entry_pathname(entry).map { String(cString: $0) }
            ?? ""
        while name.hasPrefix("./") || name.hasPrefix("/") { name.removeFirst(name.hasPrefix("/") ? 1 : 2) }
        return name.isEmpty ? "member" : name
    }

    static func message(_ archive: OpaquePointer) -> String {
        archive_error_string(archive).map { String(cString: $0) } ?? "unreadable archive"
    }

    static func isEncryption(_ archive: OpaquePointer) -> Bool {
        let text = message(archive).lowercased()
        return text.contains("encrypt") || text.contains("passphrase") || text.contains("password")
    }
}
