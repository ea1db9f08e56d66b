import Foundation
import LeakScanCore
import LeakScanHadoop

/// A file to scan, and whether the user named it (not found by walking a folder): a named
/// file that cannot be scanned makes the scan fail, a file in a folder is reported and skipped.
struct InputFile {
    var path: String
    var named: Bool
}

/// What a walk found: the files to scan, what could not be walked, and the Maildir folders
/// listed or left unlisted.
struct InputWalk {
    var files = [InputFile]()
    var problems = [ScanProblem]()
    /// The `cur/` and `new/` folders of Maildirs that were listed.
    var maildirFolders = [ListedMaildirFolder]()
    /// Maildir folders the planner knew unchanged, not listed, and the messages they held.
    var unlistedFolders = 0
    var unlistedMessages = 0
}

/// Expands command-line paths into the files to scan: files as given, directories walked
/// recursively in name order (hidden entries and Maildir `tmp/` skipped, symlink loops cut
/// by real path). A URI (`hdfs://…`) is walked the same way on its Hadoop filesystem. A
/// Maildir's `cur/` or `new/` that `planner` knows unchanged is not listed at all: a mail
/// store's nightly scan then costs a `stat` per folder, not a name per message.
enum InputWalker {
    /// - Parameter ownFiles: files passed over in folders (``ScanOptions/ownFiles``).
    static func files(in paths: [String], planner: ScanPlanner? = nil, ownFiles: Set<String> = []) -> InputWalk {
        var walk = InputWalk()
        // Paths are walked as bytes (``FileSystemPath``): a name that is not UTF-8 is still opened.
        var visited = Set<[UInt64]>()
        func visit(_ path: String, named: Bool, regularFile: Bool = false, maildirPart: Bool = false) {
            if regularFile {
                walk.files.append(InputFile(path: path, named: named))
                return
            }
            if RemotePath.isURI(path) {
                walkRemote(path, named: named)
                return
            }
            // Before the stat: a folder changed after this moment has a later time than it.
            let observed = maildirPart ? Self.now() : 0
            guard let info = FileSystemPath.stat(path) else {
                walk.problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: "no such file or directory"))
                return
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                // A pipe, socket or device met in a folder is no file to read: opening a pipe
                // that no one writes to waits for ever, and a nightly scan of a folder with a
                // stray one never ended. Named, it is read (`leakscan scan <(zcat mail.gz)`).
                if !named, let kind = Self.specialKind(info.st_mode) {
                    walk.problems.append(
                        ScanProblem(kind: .unrecognised, source: path, offset: nil, reason: "a \(kind), not a file; skipped"))
                    return
                }
                walk.files.append(InputFile(path: path, named: named))
                return
            }
            // A folder met again (through a symbolic link) is not walked twice.
            guard visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
            let maildirFolder =
                maildirPart
                ? MaildirFolder(
                    path: path, device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
                    modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec), observed: observed) : nil
            if let maildirFolder, let messages = planner?.unchangedMessages(in: maildirFolder) {
                walk.unlistedFolders += 1
                walk.unlistedMessages += messages
                return
            }
            guard let entries = FileSystemPath.entries(of: path) else {
                walk.problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: "cannot list directory"))
                return
            }
            if let maildirFolder {
                let visible = entries.filter { !$0.name.hasPrefix(".") }
                walk.maildirFolders.append(
                    ListedMaildirFolder(
                        folder: maildirFolder, files: visible.map { joined(path, $0.name) }, onlyFiles: visible.allSatisfy(\.isRegularFile))
                )
            }
            // Files the listing calls regular need no stat; folders, links and unknown types do.
            walkEntries(of: path, entries.map { ($0.name, $0.isRegularFile) })
        }
        func walkEntries(of path: String, _ entries: [(name: String, isRegularFile: Bool)]) {
            // A Maildir's tmp/ holds messages still being delivered: never scan it.
            let isMaildir = entries.contains { $0.name == "cur" } && entries.contains { $0.name == "new" }
            // The folder resolved once, when the scan writes files somewhere (local folders only).
            let resolved = ownFiles.isEmpty || RemotePath.isURI(path) ? nil : FileSystemPath.resolvedFolder(path)
            for entry in entries.sorted(by: { $0.name < $1.name })
            where !entry.name.hasPrefix(".") && !(isMaildir && entry.name == "tmp")
                && !(resolved.map { ownFiles.contains($0 + entry.name) } ?? false)
            {
                visit(
                    joined(path, entry.name), named: false, regularFile: entry.isRegularFile,
                    maildirPart: isMaildir && (entry.name == "cur" || entry.name == "new"))
            }
        }
        func joined(_ folder: String, _ name: String) -> String { folder.hasSuffix("/") ? folder + name : folder + "/" + name }
        func walkRemote(_ path: String, named: Bool) {
            do {
                let filesystem = try HadoopFileSystem.shared()
                switch try filesystem.status(path) {
                case .missing:
                    walk.problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: "no such file or directory"))
                case .file:
                    walk.files.append(InputFile(path: path, named: named))
                case .directory:
                    // A Hadoop listing says which entries are directories; no symbolic links to cut.
                    walkEntries(of: path, try filesystem.list(path).map { ($0.name, !$0.isDirectory) })
                }
            } catch {
                walk.problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: error.reason))
            }
        }
        // `-` is the standard input, as for other tools.
        for path in paths { visit(path == "-" ? "/dev/stdin" : path, named: true) }
        return walk
    }

    /// Whether `path` is a pipe, a socket or a character device (a terminal, `/dev/stdin` fed
    /// by a pipe): bytes that come once, not a file that can be read again.
    static func isStream(_ path: String) -> Bool {
        guard !RemotePath.isURI(path), let info = FileSystemPath.stat(path) else { return false }
        return [S_IFIFO, S_IFSOCK, S_IFCHR].contains(info.st_mode & S_IFMT)
    }

    /// What a file of `mode` is when it is neither a regular file nor a folder.
    static func specialKind(_ mode: mode_t) -> String? {
        switch mode & S_IFMT {
        case S_IFIFO: "named pipe"
        case S_IFSOCK: "socket"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        default: nil
        }
    }

    /// The wall clock in nanoseconds since 1970 (what file times count in).
    static func now() -> Int64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return Int64(time.tv_sec) * 1_000_000_000 + Int64(time.tv_nsec)
    }
}
