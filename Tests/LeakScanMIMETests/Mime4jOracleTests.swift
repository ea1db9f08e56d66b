import Foundation
import LeakScanFraming
import LeakScanMIME
import Testing

/// mime4j's expected decoded leaf bodies (`NAME_decoded_1_2.txt`) for its test messages.
@Suite struct Mime4jOracleTests {
    static let directory = corpora.appendingPathComponent("mime4j/core/src/test/resources/mimetools-testmsgs")

    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var expected: [String]
        var testDescription: String { name }
    }

    /// Messages with their decoded-part files, the files in document (path) order.
    static let cases: [Case] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        var byMessage = [String: [String]]()
        for name in names where name.contains("_decoded_") && (name.hasSuffix(".txt") || name.hasSuffix(".bin")) {
            let message = String(name[..<name.range(of: "_decoded_")!.lowerBound])
            byMessage[message, default: []].append(name)
        }
        func path(_ file: String) -> [Int] {
            let stem = file[file.range(of: "_decoded_")!.upperBound...].split(separator: ".")[0]
            return stem.split(separator: "_").compactMap { Int($0) }
        }
        return byMessage.keys.sorted().map { message in
            Case(name: message, expected: byMessage[message]!.sorted { path($0).lexicographicallyPrecedes(path($1)) })
        }
    }()

    @Test func oracleIsPresent() {
        #expect(Self.cases.count >= 40)
    }

    /// The exception, checked: LeakScan does scan the text mime4j treats as header.
    @Test func malformedHeaderEndTextIsScannedAsBody() throws {
        let path = Self.directory.appendingPathComponent("hdr-fakeout.msg").path
        let raw = try #require(try MboxReader(path: path).next())
        let (headers, body) = try MessageParser.split(raw.bytes)
        #expect(String(decoding: body, as: UTF8.self).contains("The header is not properly terminated"))
        #expect(!headers.isEmpty)
    }

    static func lf(_ bytes: [UInt8]) -> [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        for (index, byte) in bytes.enumerated() where !(byte == 0x0D && index + 1 < bytes.count && bytes[index + 1] == 0x0A) {
            out.append(byte)
        }
        while out.last == 0x0A { out.removeLast() }
        return out
    }

    /// Where LeakScan reads a message differently from mime4j, on purpose.
    static let exceptions: [String: String] = [
        // The "blank" line ending the header has a space in it. mime4j folds it and the
        // following text into the header, leaving an empty body; LeakScan ends the header at
        // the first line that is no header field and scans that text as body, because a
        // scanner that skips text it is unsure about is a hiding place.
        "hdr-fakeout": "text after a malformed header end is scanned as body"
    ]

    @Test(arguments: cases.filter { exceptions[$0.name] == nil })
    func decodedLeavesMatch(_ oracle: Case) throws {
        let path = Self.directory.appendingPathComponent(oracle.name + ".msg").path
        let raw = try #require(try MboxReader(path: path).next())
        let (headers, body) = try MessageParser.split(raw.bytes)
        let (leaves, _) = MIMEWalker().leaves(headers: headers, body: body)
        // mime4j writes decoded text with CRLF line ends (canonical form); LeakScan keeps the
        // message's own line ends. Line ends are compared normalised for text leaves, and
        // trailing ones ignored: for a message in an mbox file (jt-0498) the blank line that
        // ends it belongs to the mbox format, not to the last part.
        let contents = leaves.compactMap { leaf -> [UInt8]? in
            switch leaf {
            case .text(_, _, _, _, let content): Self.lf(content)
            case .binary(_, _, _, _, let content): content
            default: nil
            }
        }
        let expected = try oracle.expected.map { name in
            let bytes = Array(try Data(contentsOf: Self.directory.appendingPathComponent(name)))
            return name.hasSuffix(".txt") ? Self.lf(bytes) : bytes
        }
        #expect(contents.count == expected.count, "leaf count")
        for (index, pair) in zip(contents, expected).enumerated() {
            let firstDifference =
                zip(pair.0, pair.1).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(pair.0.count, pair.1.count)
            #expect(
                pair.0 == pair.1,
                "leaf \(index) (\(oracle.expected[index])): \(pair.0.count) vs \(pair.1.count) bytes, first difference at \(firstDifference)"
            )
        }
    }
}
