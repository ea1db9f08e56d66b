import Foundation
import LeakScanCore

/// A file to scan, and whether the user named it (not found by walking a folder): a named
/// file that cannot be scanned makes the scan fail, a file in a folder is reported and skipped.
struct InputFile {
    var path: String
    var named: Bool
}

/// Expands command-line paths into the files to scan: files as given, directories walked
/// recursively in name order (hidden entries and Maildir `tmp/` skipped, symlink loops cut
/// by real path).
enum InputWalker {
    static func files(in paths: [String]) -> (files: [InputFile], problems: [ScanProblem]) {
        var result = [InputFile]()
        var problems = [ScanProblem]()
        // Paths are walked as bytes (``FileSystemPath``): a name that is not UTF-8 is still opened.
        var visited = Set<[UInt64]>()
        func walk(_ path: String, named: Bool) {
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
            // A Maildir's tmp/ holds messages still being delivered: never scan it.
            let isMaildir = entries.contains("cur") && entries.contains("new")
            for entry in entries.sorted() where !entry.hasPrefix(".") && !(isMaildir && entry == "tmp") {
                walk((path as NSString).appendingPathComponent(entry), named: false)
            }
        }
        for path in paths { walk(path, named: true) }
        return (result, problems)
    }
}
