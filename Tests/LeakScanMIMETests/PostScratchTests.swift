import Foundation
import LeakScanCore
import LeakScanFraming
import Testing

@testable import LeakScanMIME

/// A worker reads its posts through one ``PostScratch``: the documents must be those a fresh
/// read gives, whatever the post before left in the scratch, and the unit list a recycled
/// document hands back must be the one the next post's document uses.
@Suite struct PostScratchTests {
    /// Real tweets in every shape the builder reads: flat JSON (the scratch's member list), a
    /// nested author (read from its JSON text) and a tweets.js wrapper (Foundation's path), a separate title (two units),
    /// an empty text (no unit), CSV fields, and lines that are not JSON at all.
    static func posts() throws -> [RawPost] {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpora/labelled/olid-train")
        let tweets = try String(contentsOf: folder.appendingPathComponent("train_text.txt"), encoding: .utf8)
            .split(separator: "\n").prefix(600).map(String.init)
        var posts = [RawPost]()
        func json(_ object: Any) throws -> RawPost.Body { .json(Array(try JSONSerialization.data(withJSONObject: object))) }
        for (index, tweet) in tweets.enumerated() {
            let body: RawPost.Body
            switch index % 7 {
            case 0: body = try json(["id": "\(index)", "author": "@user\(index)", "text": tweet, "created_at": "2019-01-01T00:00:00Z"])
            case 1: body = try json(["id": index, "user": ["screen_name": "nested\(index)"], "text": tweet])
            case 2: body = try json(["tweet": ["id_str": "\(index)", "full_text": tweet]])
            case 3: body = try json(["id": "\(index)", "text": tweet, "title": "Re: \(index)"])
            case 4: body = try json(["id": "\(index)", "text": "", "platform": "Reddit"])
            case 5: body = .fields(["id": "\(index)", "text": tweet, "author": "csv\(index)"])
            default: body = .json(Array("{\"id\": \"\(index)\", \"text\": \(tweet.count)".utf8))  // cut short
            }
            posts.append(RawPost(offset: UInt64(index * 100), body: body))
        }
        return posts
    }

    @Test func aReusedScratchReadsEveryPostAsAFreshReadDoes() throws {
        let builder = PostDocumentBuilder()
        var scratch = PostScratch()
        var read = 0
        var corrupt = 0
        for raw in try Self.posts() {
            let fresh: Document
            do {
                fresh = try builder.document(from: raw, source: "posts.jsonl")
            } catch {
                corrupt += 1
                #expect(throws: CorruptPost.self) { try builder.document(from: raw, source: "posts.jsonl", reusing: &scratch) }
                continue
            }
            var reused = try builder.document(from: raw, source: "posts.jsonl", reusing: &scratch)
            #expect(reused == fresh)
            scratch.recycle(&reused)
            read += 1
        }
        #expect(read > 400)
        #expect(corrupt > 50)
    }

    @Test func aRecycledUnitListIsTheNextDocumentsList() throws {
        let builder = PostDocumentBuilder()
        var scratch = PostScratch()
        let raw = RawPost(offset: 0, body: .json(Array(#"{"id": "1", "text": "first", "title": "and a title"}"#.utf8)))
        var first = try builder.document(from: raw, source: "posts.jsonl", reusing: &scratch)
        let storage = first.units.withUnsafeBufferPointer { $0.baseAddress }
        let textStorage = first.units[0].bytes.withUnsafeBufferPointer { $0.baseAddress }
        #expect(first.units.count == 2)
        scratch.recycle(&first)
        #expect(first.units.isEmpty)
        let second = try builder.document(
            from: RawPost(offset: 60, body: .json(Array(#"{"id": "2", "text": "second"}"#.utf8))), source: "posts.jsonl",
            reusing: &scratch)
        #expect(second.units.map(\.bytes) == [Array("second".utf8)])
        #expect(second.units.withUnsafeBufferPointer { $0.baseAddress } == storage)
        #expect(second.units[0].bytes.withUnsafeBufferPointer { $0.baseAddress } == textStorage)
    }

    /// A post's title and subject are units of their own, in that order after the text,
    /// unless the title is the text itself (a post with no other text field); entity escapes
    /// in them are decoded, and an empty one is no unit.
    @Test func titlesAndSubjectsAreUnitsUnlessTakenAsTheText() throws {
        let builder = PostDocumentBuilder()
        func units(_ json: String) throws -> [String] {
            let raw = RawPost(offset: 0, body: .json(Array(json.utf8)))
            return try builder.document(from: raw, source: "posts.jsonl").units.map {
                $0.location + "=" + String(decoding: $0.bytes, as: UTF8.self)
            }
        }
        #expect(
            try units(#"{"text": "body", "subject": "Re: rota", "title": "A &amp; B"}"#) == [
                "text=body", "title=A & B", "subject=Re: rota",
            ])
        #expect(try units(#"{"title": "only a title", "subject": "and a subject"}"#) == ["text=only a title", "subject=and a subject"])
        #expect(try units(#"{"text": "body", "title": ""}"#) == ["text=body"])
        #expect(try units(#"{"Title": "capitalised", "id": "7"}"#) == ["text=capitalised"])
    }

    /// A text longer than the scratch keeps is not held on to after its post.
    @Test func aLongTextIsNotKept() throws {
        let builder = PostDocumentBuilder()
        var scratch = PostScratch()
        let long = String(repeating: "x", count: PostScratch.keptTextBytes + 1)
        let object = ["id": "1", "text": long]
        var document = try builder.document(
            from: RawPost(offset: 0, body: .json(Array(try JSONSerialization.data(withJSONObject: object)))), source: "posts.jsonl",
            reusing: &scratch)
        #expect(document.units.first?.bytes.count == long.utf8.count)
        scratch.recycle(&document)
        #expect(scratch.text.capacity < PostScratch.keptTextBytes)
    }
}
