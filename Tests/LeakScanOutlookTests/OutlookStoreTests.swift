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

/// LeakScan's `.msg` reader against extract-msg on real Outlook messages, notes and contacts.
@Suite struct OutlookMessageFileTests {
    @Test func subjectSenderAndBodyMatchExtractMsg() throws {
        let folder = repository.appendingPathComponent("../shared/corpora/archives/msg-ruby-msg")
        let out = NSTemporaryDirectory() + "leakscan-msg-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".msg") }
        #expect(files.count >= 8)
        for file in files {
            guard case .message(let bytes) = OutlookMessageFile.read(Array(try Data(contentsOf: folder.appendingPathComponent(file))))
            else {
                Issue.record("\(file): not read as a message")
                continue
            }
            try Data(bytes).write(to: URL(fileURLWithPath: out + "/" + file.dropLast(4) + ".eml"))
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", repository.appendingPathComponent("scripts/oracle/compare_msg.py").path, folder.path, out]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let report = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }

    @Test func legacyOfficeAndDamagedFilesAreNotMessages() {
        // An OLE2 header and nothing behind it.
        let truncated: [UInt8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1] + [UInt8](repeating: 0, count: 600)
        guard case .damaged = OutlookMessageFile.read(truncated) else {
            Issue.record("a truncated OLE2 file was read")
            return
        }
    }
}

/// Outlook's compressed RTF, on the specification's example and on real messages.
@Suite struct CompressedRTFTests {
    @Test func theSpecificationExampleDecompresses() throws {
        // MS-OXRTFCP 3.1.1, "Example 1: Simple Compressed RTF".
        let compressed: [UInt8] = [
            0x2D, 0x00, 0x00, 0x00, 0x2B, 0x00, 0x00, 0x00, 0x4C, 0x5A, 0x46, 0x75, 0xF1, 0xC5, 0xC7, 0xA7, 0x03, 0x00, 0x0A, 0x00,
            0x72, 0x63, 0x70, 0x67, 0x31, 0x32, 0x35, 0x42, 0x32, 0x0A, 0xF3, 0x20, 0x68, 0x65, 0x6C, 0x09, 0x00, 0x20, 0x62, 0x77,
            0x05, 0xB0, 0x6C, 0x64, 0x7D, 0x0A, 0x80, 0x0F, 0xA0,
        ]
        let text = try #require(OutlookMessageFile.decompressRTF(compressed))
        #expect(String(decoding: text, as: UTF8.self) == "{\\rtf1\\ansi\\ansicpg1252\\pard hello world}\r\n")
        #expect(OutlookMessageFile.decompressRTF(Array("not compressed RTF at all".utf8)) == nil)
    }
}
