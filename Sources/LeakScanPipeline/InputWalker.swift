import Foundation
import LeakScanCore
import LeakScanHadoop

/// A file to scan, and whether the user named it (not found by walking a folder): a named
/// file that cannot be scanned makes the scan fail, a file in a folder is reported and skipped.
struct InputFile {
    var path: String
    var named: Bool
}

/// Expands command-line paths into the files to scan: files as given, directories walked
/// recursively in name order (hidden entries and Maildir `tmp/` skipped, symlink loops cut
/// by real path). A URI (`hdfs://…`) is walked the same way on its Hadoop filesystem.
enum InputWalker {
    static func files(in paths: [String]) -> (files: [InputFile], problems: [ScanProblem]) {
        var result = [InputFile]()
        var problems = [ScanProblem]()
        // Paths are walked as bytes (``FileSystemPath``): a name that is not UTF-8 is still opened.
        var visited = Set<[UInt64]>()
        func walk(_ path: String, named: Bool, regularFile: Bool = false) {
            if regularFile {
                result.append(InputFile(path: path, named: named))
                return
            }
            if RemotePath.isURI(path) {
                walkRemote(path, named: named)
                return
            }
            guard let info = FileSystemPath.stat(path) else {
                problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: "no such file or directory"))
                return
            }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                result.append(InputFile(path: path, named: named))
                return
            }
            // A folder met again (through a symbolic link) is not walked twice.
            guard visited.insert([UInt64(info.st_dev), UInt64(info.st_ino)]).inserted else { return }
            guard let entries = FileSystemPath.entries(of: path) else {
                problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: "cannot list directory"))
                return
            }
            // Files the listing calls regular need no stat; folders, links and unknown types do.
            walkEntries(of: path, entries.map { ($0.name, $0.isRegularFile) })
        }
        func walkEntries(of path: String, _ entries: [(name: String, isRegularFile: Bool)]) {
            // A Maildir's tmp/ holds messages still being delivered: never scan it.
            let isMaildir = entries.contains { $0.name == "cur" } && entries.contains { $0.name == "new" }
            let folder = path.hasSuffix("/") ? path : path + "/"
            for entry in entries.sorted(by: { $0.name < $1.name })
            where !entry.name.hasPrefix(".") && !(isMaildir && entry.name == "tmp") {
                walk(folder + entry.name, named: false, regularFile: entry.isRegularFile)
            }
        }
        func walkRemote(_ path: String, named: Bool) {
            do {
                let filesystem = try HadoopFileSystem.shared()
                switch try filesystem.status(path) {
                case .missing:
                    problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: "no such file or directory"))
                case .file:
                    result.append(InputFile(path: path, named: named))
                case .directory:
                    // A Hadoop listing says which entries are directories; no symbolic links to cut.
                    walkEntries(of: path, try filesystem.list(path).map { ($0.name, !$0.isDirectory) })
                }
            } catch {
                problems.append(ScanProblem(kind: .unreadable, source: path, offset: nil, reason: error.reason))
            }
        }
        for path in paths { walk(path, named: true) }
        return (result, problems)
    }
}
