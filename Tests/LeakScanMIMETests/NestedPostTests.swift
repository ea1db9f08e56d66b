import Foundation
import LeakScanCore
import LeakScanFraming
import Testing

@testable import LeakScanMIME

/// Posts whose members nest, as real exports write them, are read by the post reader's own
/// JSON path; the document must be the one Foundation's path gives for the same post.
@Suite struct NestedPostTests {
    /// A member the own path declines (a fraction with more digits than a `Double` holds,
    /// which Foundation keeps as a decimal) and no field reads: put in a post where it changes
    /// nothing else (inside a tweets.js wrapper, which must stay the only member), it sends the
    /// post through Foundation's path.
    static let declinedMember = #""zz": 0.1234567890123456789012, "#

    /// Real tweets in the shapes of a Reddit comment and submission (nested awards, flair and
    /// `gildings`, a fraction), a v1.1 tweet (a `user` object, `entities`, a quoted tweet), a
    /// user object the own path declines, a tweets.js wrapper, a Facebook post, a long tweet
    /// from the streaming API (its whole text in `extended_tweet`), and nesting deeper than the
    /// own path checks. Each with `\u{1}` where ``declinedMember`` can go.
    static func templates() throws -> [String] {
        func json(_ text: String) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed]), as: UTF8.self)
        }
        return try tweets().enumerated().map { index, tweet in
            let text = try json(tweet)
            switch index % 8 {
            case 0:
                return
                    #"{\#u{1}"all_awardings": [], "author": "U\#(index)", "author_flair_richtext": [{"e": "text", "t": "Met"}], "body": \#(text), "created_utc": \#(1_546_300_800 + index), "gildings": {"gid_1": 1}, "id": "c\#(index)", "score": -3, "subreddit": "police", "treatment_tags": []}"#
            case 1:
                return
                    #"{\#u{1}"author": "u\#(index)", "created_utc": "\#(1_546_300_800 + index)", "title": "On \#(index)", "selftext": \#(text), "upvote_ratio": 0.97, "media_metadata": {"m": {"s": {"x": 640, "y": 480}}}, "subreddit": "police"}"#
            case 2:
                return
                    #"{\#u{1}"created_at": "Wed Oct 10 20:19:24 +0000 2018", "id": 1050118621198921728, "full_text": \#(text), "user": {"id": 1234567890123456789, "screen_name": "Handle\#(index)", "entities": {"url": {"urls": []}}}, "entities": {"hashtags": [{"text": "h", "indices": [0, 2]}]}, "quoted_status": {"full_text": "quoted"}}"#
            case 3:
                return #"{\#u{1}"user": {"id": 99999999999999999999, "screen_name": "Big\#(index)"}, "text": \#(text)}"#
            case 4:
                return #"{"tweet": {\#u{1}"id_str": "\#(index)", "full_text": \#(text), "entities": {"user_mentions": []}}}"#
            case 5:
                return #"{\#u{1}"timestamp": \#(1_257_253_500 + index), "data": [{"post": \#(text)}], "title": "Ole shared a post"}"#
            case 6:
                return
                    #"{\#u{1}"truncated": true, "text": \#(try json(String(tweet.prefix(20)) + "…")), "extended_tweet": {"full_text": \#(text), "display_text_range": [0, 300]}, "user": {"screen_name": "s\#(index)"}}"#
            default:
                return #"{\#u{1}"text": \#(text), "deep": "# + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "}"
            }
        }
    }

    /// The first 400 tweets of OLID's validation split.
    static func tweets() throws -> [String] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpora/labelled/olid-train")
        return try String(contentsOf: folder.appendingPathComponent("val_text.txt"), encoding: .utf8)
            .split(separator: "\n").prefix(400).map(String.init)
    }

    static func lines() throws -> [String] { try templates().map { $0.replacingOccurrences(of: "\u{1}", with: "") } }

    @Test func aNestedPostReadsAsFoundationsPathReadsIt() throws {
        let builder = PostDocumentBuilder()
        var own = 0
        var list = [FlatJSONObject.Member]()
        for template in try Self.templates() {
            let line = template.replacingOccurrences(of: "\u{1}", with: "")
            let forced = template.replacingOccurrences(of: "\u{1}", with: Self.declinedMember)
            #expect(FlatJSONObject.parse(Array(forced.utf8), reusing: &list) == nil, "\(forced)")
            if FlatJSONObject.parse(Array(line.utf8), reusing: &list) != nil { own += 1 }
            let document = try builder.document(from: RawPost(offset: 7, body: .json(Array(line.utf8))), source: "posts.jsonl")
            let reference = try builder.document(from: RawPost(offset: 7, body: .json(Array(forced.utf8))), source: "posts.jsonl")
            #expect(document == reference, "\(line)")
            #expect(!document.units.isEmpty, "\(line)")
        }
        // All but the deep nesting go the own way (the wrapper and Facebook shapes are then handed on).
        #expect(own > 300)
    }

    /// What the shapes above must give, so that agreeing with Foundation's path is not agreeing on nothing.
    @Test func nestedFieldsAreRead() throws {
        let lines = try Self.lines()
        let builder = PostDocumentBuilder()
        func document(_ index: Int) throws -> Document {
            try builder.document(from: RawPost(offset: 0, body: .json(Array(lines[index].utf8))), source: "posts.jsonl")
        }
        #expect(try document(0).platform == "reddit")
        #expect(try document(0).timestamp == Date(timeIntervalSince1970: 1_546_300_800))
        #expect(try document(1).units.map(\.location) == ["text", "title"])
        #expect(try document(2).author == "Handle2")
        #expect(try document(3).author == "Big3")
        #expect(try document(4).platform == "twitter")
        #expect(try document(5).platform == "facebook")
        #expect(try document(6).units.first?.bytes == Array(try Self.tweets()[6].utf8))
        #expect(try document(6).author == "s6")
    }
}

/// Names that differ only in case are matched case-blind (``FlatJSONObject/value(named:)``),
/// the last in file order winning. Foundation's dictionary keeps no order, and a Swift
/// dictionary's order changes from one instance to the next: the same post read twice gave a
/// different author (the fuzzer found it, a `user` object holding `usernAme` and `usernaMe`).
@Suite struct CaseBlindMemberTests {
    @Test func aPostFoundationReadsGivesTheSameDocumentEveryTime() throws {
        let line =
            #"{\#(NestedPostTests.declinedMember)"id": "126", "user": {"usernAme": {"gi_1": 1}, "usernaMe": "u2", "USERNAME": "u3", "userName": ["x"]}, "text": "t", "Text": "T", "TEXT": "T2"}"#
        let builder = PostDocumentBuilder()
        var documents = [Document]()
        for _ in 0..<200 {
            var retained = [[String: Int]]()  // allocations between reads, so each dictionary lands elsewhere
            retained.append(Dictionary(uniqueKeysWithValues: (0..<Int.random(in: 1...40)).map { ("k\($0)", $0) }))
            documents.append(try builder.document(from: RawPost(offset: 0, body: .json(Array(line.utf8))), source: "posts.jsonl"))
            _ = retained
        }
        #expect(Set(documents.map(\.author)).count == 1)
        #expect(documents.allSatisfy { $0 == documents[0] })
        #expect(documents[0].author != nil)
    }
}
