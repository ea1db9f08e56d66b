import Foundation
import Testing

/// Nightly scans over every input format: an unchanged input is not read, a grown one is read
/// from its checkpoint only (reporting only the new record's incident), and a rewritten one is
/// read whole.
@Suite(.serialized) struct CheckpointFormatTests {
    /// One input format: its file name, its text for some records, and how it grows.
    struct Case: CustomStringConvertible, Sendable {
        var name: String
        var file: String
        /// The file's bytes holding these cards, one record each.
        var make: @Sendable ([String]) -> String
        var gzip = false
        /// Whether growing rewrites the file (a JSON array's closing bracket) instead of appending.
        var rewritesToGrow = false
        var description: String { name }
    }

    static func mail(_ card: String, _ number: Int) -> String {
        "From a\(number)@example.org Mon Jan  1 00:00:00 2024\nFrom: a\(number)@example.org\nMessage-ID: <\(number)@example.org>\n\ncard \(card)\n"
    }

    static let cases: [Case] = [
        Case(name: "mbox", file: "archive.mbox", make: { cards in cards.enumerated().map { mail($1, $0) }.joined(separator: "\n") }),
        Case(
            name: "mbox.gz", file: "archive.mbox.gz", make: { cards in cards.enumerated().map { mail($1, $0) }.joined(separator: "\n") },
            gzip: true),
        Case(
            name: "jsonl", file: "posts.jsonl",
            make: { cards in cards.enumerated().map { #"{"id": "\#($0)", "text": "card \#($1)"}"# + "\n" }.joined() }),
        Case(
            name: "jsonl.gz", file: "posts.jsonl.gz",
            make: { cards in cards.enumerated().map { #"{"id": "\#($0)", "text": "card \#($1)"}"# + "\n" }.joined() }, gzip: true),
        Case(name: "csv", file: "posts.csv", make: { cards in "id,text\r\n" + cards.enumerated().map { "\($0),card \($1)\r\n" }.joined() }),
        Case(
            name: "json array", file: "posts.json",
            make: { cards in
                "[\n" + cards.enumerated().map { #"  {"id": "\#($0)", "text": "card \#($1)"}"# }.joined(separator: ",\n") + "\n]\n"
            },
            rewritesToGrow: true),
        Case(
            name: "tweets.js", file: "tweets.js",
            make: { cards in
                "window.YTD.tweets.part0 = [\n"
                    + cards.enumerated().map { #"  {"tweet": {"id_str": "\#($0)", "full_text": "card \#($1)"}}"# }.joined(separator: ",\n")
                    + "\n]"
            },
            rewritesToGrow: true),
    ]

    static let cards = ["4111 1111 1111 1111", "5500 0000 0000 0004", "3782 822463 10005"]

    static func put(_ text: String, _ testCase: Case, at path: String, append: Bool = false) throws {
        let plain = path + ".text"
        try text.write(toFile: plain, atomically: true, encoding: .utf8)
        let command = testCase.gzip ? "gzip -c \(plain)" : "cat \(plain)"
        try shell("\(command) \(append ? ">>" : ">") \(path)")
    }

    @Test(arguments: cases) func unchangedSkippedGrownResumedRewrittenWhole(_ testCase: Case) throws {
        let work = try temporaryDirectory()
        let path = work + "/" + testCase.file
        let metrics = work + "/m.prom"
        let scan = ["scan", "--quiet", "--state", work + "/state.db", "--metrics-file", metrics, path]
        func bytesRead() throws -> Double? { try metric("leakscan_bytes_read", in: metrics) }
        func fingerprints(_ run: Run) throws -> [String] {
            try ReliabilityRegressionTests.incidents(run).compactMap { $0["fingerprint"] as? String }
        }

        try Self.put(testCase.make(Array(Self.cards.prefix(2))), testCase, at: path)
        let first = try leakscan(scan)
        #expect(try fingerprints(first).count == 2, "\(first.stderr)")

        let unchanged = try leakscan(scan)
        #expect(unchanged.status == 0 && unchanged.stdout.isEmpty)
        #expect(try bytesRead() == 0)

        let grownText = testCase.make(Self.cards)
        let wholeSize = Double(grownText.utf8.count)
        if testCase.rewritesToGrow {
            try Self.put(grownText, testCase, at: path)
        } else {
            let before = testCase.make(Array(Self.cards.prefix(2)))
            let appended = String(grownText.dropFirst(before.count))
            try Self.put(appended, testCase, at: path, append: true)
        }
        let grown = try leakscan(scan)
        #expect(try fingerprints(grown).count == 1, "\(grown.stdout)")
        #expect((try ReliabilityRegressionTests.incidents(grown).first?["excerpt"] as? String)?.hasPrefix("card 37") == true)
        let read = try #require(try bytesRead())
        #expect(read > 0 && read < wholeSize / 2, "read \(read) of \(wholeSize)")

        // Rewritten: other text from the first byte on. Read whole; its old incidents stay known.
        try Self.put(testCase.make(Array(Self.cards.reversed())), testCase, at: path)
        let rewritten = try leakscan(scan)
        #expect(try bytesRead() == wholeSize)
        #expect(try fingerprints(rewritten).allSatisfy { !(try fingerprints(first) + fingerprints(grown)).contains($0) })
        // The exit status says whether incidents were written: a nightly job alerts on new ones,
        // not on those an earlier run reported and the whole read found again.
        #expect(rewritten.status == (try fingerprints(rewritten).isEmpty ? 0 : 1), "\(rewritten.stderr)")
        #expect(try metric("leakscan_new_incidents", in: metrics) == Double(try fingerprints(rewritten).count))
    }
}
