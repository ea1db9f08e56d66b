import Foundation
import Testing

@testable import LeakScanMIME

/// The post reader's own JSON path must agree with Foundation's whenever it answers at all:
/// same keys, same values, same types; everything it declines goes to Foundation.
@Suite struct FlatJSONObjectTests {
    func foundation(_ line: String) -> NSDictionary? {
        (try? JSONSerialization.jsonObject(with: Data(line.utf8), options: [.fragmentsAllowed])) as? NSDictionary
    }

    /// - Parameter list: one list for every line of a test, as a worker keeps it from post to post.
    func agrees(_ line: String, _ list: inout [FlatJSONObject.Member]) -> Bool {
        guard let flat = FlatJSONObject.parse(Array(line.utf8), reusing: &list) else { return true }  // declined: Foundation decides
        return foundation(line) == (flat.dictionary as NSDictionary)
    }

    @Test func answersAsFoundationDoesOrDeclines() {
        let lines = [
            #"{"id": "1", "text": "plain"}"#,
            #"{"text":"quote \" backslash \\ slash \/ tab \t newline \n","n":42,"neg":-7,"t":true,"f":false,"z":null}"#,
            #"{"text": "caf\u00e9 \ud83d\ude00 \u2028", "id": 9007199254740993}"#,
            #"  { "a" : "x" , "b" : "y" }  "#,
            #"{}"#,
            #"{"a": "é 😀 directly"}"#,
            #"{"a": 1.5}"#, #"{"a": 1e3}"#, #"{"a": 01}"#, #"{"a": -0}"#, #"{"a": 99999999999999999999}"#,
            #"{"a": {"nested": 1}}"#, #"{"a": [1, 2]}"#,
            #"{"a": "\ud83d"}"#, #"{"a": "\ude00x"}"#, #"{"a": "\ud83d \ude00"}"#, #"{"a": "\x"}"#, "{\"a\": \"tab\traw\"}",
            #"{"a": "b",}"#, #"{"a" "b"}"#, #"{"a": "b"} trailing"#, #"["a"]"#, #"{"a": tru}"#, #"{"a": "unterminated}"#,
            #"{"a": "x", "a": "y"}"#,
        ]
        var list = [FlatJSONObject.Member]()
        for line in lines { #expect(agrees(line, &list), "\(line)") }
        // The plain shapes are answered, not declined.
        #expect(FlatJSONObject.parse(Array(lines[0].utf8), reusing: &list) != nil)
        #expect(FlatJSONObject.parse(Array(lines[1].utf8), reusing: &list) != nil)
        #expect(FlatJSONObject.parse(Array(lines[2].utf8), reusing: &list) != nil)
        #expect(FlatJSONObject.parse(Array(#"{"a": {"nested": 1}}"#.utf8), reusing: &list) == nil)
        #expect(FlatJSONObject.parse([0x7B, 0x22, 0x61, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D], reusing: &list) == nil)  // invalid UTF-8
    }

    @Test func everyRealTweetReadsAsFoundationReadsIt() throws {
        let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpora/labelled/olid-train")
        let text = try String(contentsOf: folder.appendingPathComponent("train_text.txt"), encoding: .utf8)
        var answered = 0
        var list = [FlatJSONObject.Member]()
        for (index, tweet) in text.split(separator: "\n").enumerated() {
            let object: [String: Any] = ["id": index, "author": "@user", "text": String(tweet), "score": -index]
            let line = String(decoding: try JSONSerialization.data(withJSONObject: object), as: UTF8.self)
            let flat = try #require(FlatJSONObject.parse(Array(line.utf8), reusing: &list), "\(line)")
            #expect(foundation(line) == (flat.dictionary as NSDictionary), "\(line)")
            answered += 1
        }
        #expect(answered > 10_000)
    }

    @Test func randomMutationsNeverDisagree() {
        var state: UInt64 = 99
        let seed = Array(#"{"id": "7", "text": "a \"b\" \u00e9 \ud83d\ude00", "n": 12, "ok": true}"#.utf8)
        var list = [FlatJSONObject.Member]()  // one list throughout: a declined object leaves members in it
        for _ in 0..<5_000 {
            var bytes = seed
            for _ in 0..<3 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let position = Int(state >> 33) % bytes.count
                bytes[position] = UInt8(truncatingIfNeeded: state >> 17)
            }
            guard let flat = FlatJSONObject.parse(bytes, reusing: &list) else { continue }
            let reference = (try? JSONSerialization.jsonObject(with: Data(bytes), options: [.fragmentsAllowed])) as? NSDictionary
            #expect(reference == (flat.dictionary as NSDictionary), "\(bytes)")
        }
    }
}

extension FlatJSONObject {
    /// The object as `JSONSerialization` gives it, to compare with Foundation's answer.
    var dictionary: [String: Any] {
        Dictionary(members.map { (text(of: .string($0.name))!, foundationValue($0.value)) }, uniquingKeysWith: { _, last in last })
    }

    func foundationValue(_ value: JSONFieldValue) -> Any {
        switch value {
        case .string: text(of: value)!
        case .number(let number): number
        case .object(let object): object
        case .null: NSNull()
        }
    }
}
