import Foundation
import Testing

@testable import LeakScanCore

/// Excerpts are copied eight bytes at a time between the places they mask or tidy
/// (``ExcerptBuilder/keptAsWritten``); written byte by byte they must read the same.
@Suite struct ExcerptWordCopyTests {
    /// Pieces chosen to sit on either side of every test the word copy makes: spaces single
    /// and doubled, tabs and line ends, control characters and DEL, `!` (the byte above a
    /// space), and characters of two, three and four bytes.
    static let pieces = [
        "a", "Z", "7", "word", "police", " ", "  ", "\t", "\n", "\r\n", "\u{1}", "\u{7f}", "!", "é", "€", "😀", "AB123456C", "-", "*",
    ]

    static func compare(_ text: [UInt8], match: Range<Int>, spans: [SensitiveSpan], context: Int) {
        let byWord = ExcerptBuilder.excerpt(of: text, match: match, spans: spans, context: context, wordAtATime: true)
        let byByte = ExcerptBuilder.excerpt(of: text, match: match, spans: spans, context: context, wordAtATime: false)
        #expect(byWord == byByte, "\(String(decoding: text, as: UTF8.self).debugDescription) \(match) \(spans)")
    }

    static func randomSpans(in count: Int, _ random: inout TestRandom) -> [SensitiveSpan] {
        (0..<Int(random.next() % 4)).map { _ in
            let start = Int(random.next() % UInt64(count))
            let end = min(count, start + 1 + Int(random.next() % 12))
            let style: MaskStyle = [.full, .partial, .none][Int(random.next() % 3)]
            return SensitiveSpan(range: start..<end, style: style)
        }
    }

    @Test func wordCopyReadsAsByteCopyOnRandomText() {
        var random = TestRandom(state: 2026)
        for _ in 0..<20_000 {
            let text = Array(
                (0..<Int(random.next() % 40 + 1)).map { _ in Self.pieces[Int(random.next() % UInt64(Self.pieces.count))] }.joined().utf8)
            let start = Int(random.next() % UInt64(text.count))
            let match = start..<min(text.count, start + Int(random.next() % 10))
            Self.compare(text, match: match, spans: Self.randomSpans(in: text.count, &random), context: Int(random.next() % 50))
        }
    }

    /// The OLID training tweets, real text with its own spacing, each with random masks.
    @Test func wordCopyReadsAsByteCopyOnRealTweets() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpora/labelled/olid-train/train_text.txt")
        var random = TestRandom(state: 7)
        let tweets = try String(contentsOf: file, encoding: .utf8).split(separator: "\n")
        #expect(tweets.count > 10_000)
        for tweet in tweets {
            let text = Array(tweet.utf8)
            let start = Int(random.next() % UInt64(text.count))
            let match = start..<min(text.count, start + Int(random.next() % 10))
            Self.compare(text, match: match, spans: Self.randomSpans(in: text.count, &random), context: ExcerptBuilder.contextBytes)
        }
    }
}
