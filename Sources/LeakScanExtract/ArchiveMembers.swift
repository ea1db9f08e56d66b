import Foundation

/// The members of a container (zip, tar, 7z, rar, and gzip / bzip2 / xz streams, compressed
/// tars included) read through libarchive from memory, within an ``ExtractionBudget``, and
/// handed on one at a time, so memory holds one member rather than the whole expanded archive.
struct ArchiveMembers {
    struct Member {
        var name: String
        var bytes: [UInt8]
    }

    var problems: [ExtractionProblem] = []

    /// Reads every regular file in `data`. `streamName` names the content of a bare
    /// compressed stream (gzip of one file), which carries no member name of its own.
    init(_ data: [UInt8], kind: ContentKind, streamName: String, budget: ExtractionBudget, each: (Member) -> Void) {
        guard let cursor = ArchiveCursor(bareStream: [.gzip, .bzip2, .xz].contains(kind)) else {
            problems.append(ExtractionProblem(kind: .damaged, path: [], reason: "libarchive could not start"))
            return
        }
        data.withUnsafeBytes { buffer in
            if let problem = cursor.open(memory: buffer) {
                problems.append(problem)
                return
            }
            readMembers(cursor, streamName: streamName, budget: budget, each: each)
        }
    }

    private mutating func readMembers(_ cursor: ArchiveCursor, streamName: String, budget: ExtractionBudget, each: (Member) -> Void) {
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let name: String
            let declaredSize: Int?
            switch cursor.next(streamName: streamName) {
            case .end:
                return
            case .failed(let problem):
                // Members already read are kept.
                problems.append(problem)
                return
            case .member(let memberName, let size, let encrypted):
                if let reason = budget.admitEntry() {
                    problems.append(ExtractionProblem(kind: .limit, path: [memberName], reason: reason))
                    return
                }
                if encrypted {
                    problems.append(ExtractionProblem(kind: .encrypted, path: [memberName], reason: "password-protected member"))
                    continue
                }
                name = memberName
                declaredSize = size
            }
            var bytes = [UInt8]()
            // Sized up front when the archive says, so a large member is not copied as it grows.
            if let declaredSize { bytes.reserveCapacity(min(declaredSize, budget.limits.maxEntryBytes)) }
            var stop: String?
            while stop == nil {
                let count = chunk.withUnsafeMutableBytes { cursor.read(into: $0) }
                if count == 0 { break }
                if count < 0 {
                    problems.append(cursor.failure(path: [name]))
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
            if let stop { problems.append(ExtractionProblem(kind: .limit, path: [name], reason: stop)) }
            each(Member(name: name, bytes: bytes))
            if budget.exhausted != nil { return }
        }
    }
}
