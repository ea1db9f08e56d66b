import Foundation
import LeakScanOutlook
import Testing

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let pst = repository.appendingPathComponent("../shared/corpora/archives/pst-libyal/outlook.pst").path

/// LeakScan's Outlook reader against `readpst` (libpst, pst-utils) on a real store.
@Suite struct OutlookStoreTests {
    /// readpst's messages as (folder below the store's root, subject).
    static func readpst() throws -> [(folder: String, subject: String)] {
        let out = NSTemporaryDirectory() + "leakscan-readpst-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["readpst", "-q", "-M", "-o", out, pst]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "readpst failed (apt-get install pst-utils)")
        var found = [(String, String)]()
        let files = FileManager.default.enumerator(atPath: out)!.compactMap { $0 as? String }.sorted()
        for file in files where !file.hasSuffix("/") {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: out + "/" + file, isDirectory: &isDirectory), !isDirectory.boolValue else {
                continue
            }
            let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: out + "/" + file)), as: UTF8.self)
            let subject =
                text.split(separator: "\n").first { $0.lowercased().hasPrefix("subject:") }.map {
                    $0.dropFirst("subject:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                } ?? ""
            // readpst names the root folder after the store and each message file by number.
            let components = file.split(separator: "/").dropFirst().dropLast()
            found.append((components.joined(separator: "/"), subject))
        }
        return found
    }

    @Test func messagesFoldersAndSubjectsMatchReadpst() throws {
        let store = try OutlookStore(path: pst)
        var ours = [(folder: String, subject: String)]()
        store.messages { message in
            let text = String(decoding: message.bytes, as: UTF8.self)
            let subject =
                text.split(separator: "\r\n").first { $0.lowercased().hasPrefix("subject:") }.map {
                    $0.dropFirst("subject:".count).trimmingCharacters(in: .whitespacesAndNewlines)
                } ?? ""
            ours.append((message.folder.split(separator: "/").dropFirst().joined(separator: "/"), subject))
        }
        let theirs = try Self.readpst()
        #expect(ours.count == theirs.count && store.problems.isEmpty, "\(store.problems)")
        #expect(ours.map { "\($0.folder)|\($0.subject)" }.sorted() == theirs.map { "\($0.folder)|\($0.subject)" }.sorted())
    }
}
