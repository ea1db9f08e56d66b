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
            #"{"a": 0.97, "b": 1.0, "c": 1E-2, "d": -2.5e-3, "e": 12345678901234.5}"#, #"{"a": 0.1234567890123456789012}"#,
            #"{"a": 1e400}"#, #"{"a": 1.}"#, #"{"a": .5}"#, #"{"a": 1e}"#, #"{"a": -}"#, #"{"a": 9223372036854775808}"#,
            #"{"a": {"nested": 1}}"#, #"{"a": [1, 2]}"#, #"{"a": [], "b": {}, "c": [{}, [[]], "x"]}"#,
            #"{"a": {"b": [1, -2, 3.5, true, false, null, "s\"\u00e9\ud83d\ude00"], "c": {"d": {"e": []}}}, "text": "t"}"#,
            #"{"a": [1,]}"#, #"{"a": {,}}"#, #"{"a": {"b"}}"#, #"{"a": {"b": 1,}}"#, #"{"a": [1 2]}"#, #"{"a": [1e400]}"#,
            #"{"a": [0.1234567890123456789012]}"#, #"{"a": ["\ud83d"]}"#, #"{"a": {"\ud83d": 1}}"#, "{\"a\": [\"tab\traw\"]}",
            #"{"a": [01]}"#, #"{"a": [tru]}"#, #"{"a": [}"#, #"{"a": {"b": 1]}"#, #"{"a": [1}"#,
            "{\"a\": " + String(repeating: "[", count: 64) + String(repeating: "]", count: 64) + "}",
            "{\"a\": " + String(repeating: "[", count: 65) + String(repeating: "]", count: 65) + "}",
            "{\"a\": " + String(repeating: "[", count: 600) + String(repeating: "]", count: 600) + "}",
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
        // Nesting is answered, to the depth checked here; a fraction Foundation keeps as a decimal is not.
        let answered = [lines[19], lines[20], lines[21], lines[22], lines[38]]
        for line in answered { #expect(FlatJSONObject.parse(Array(line.utf8), reusing: &list)?.nests == true, "\(line)") }
        #expect(FlatJSONObject.parse(Array(lines[11].utf8), reusing: &list)?.nests == false)
        for line in [lines[12], lines[39], lines[40]] { #expect(FlatJSONObject.parse(Array(line.utf8), reusing: &list) == nil) }
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

    /// A flat post, and one that nests as a Reddit comment and a tweet do, with fractions.
    static let mutationSeeds = [
        #"{"id": "7", "text": "a \"b\" \u00e9 \ud83d\ude00", "n": 12, "ok": true}"#,
        #"{"gildings": {"gid_1": 2}, "all_awardings": [], "ratio": 0.97, "body": "x \u00e9", "user": {"screen_name": "a\/b", "id": 1234567890123456789}, "entities": {"hashtags": [{"text": "t", "indices": [0, 12]}], "urls": [null, true, -1.5e-3]}}"#,
    ]

    @Test(arguments: mutationSeeds) func randomMutationsNeverDisagree(seedText: String) {
        var state: UInt64 = 99
        let seed = Array(seedText.utf8)
        var list = [FlatJSONObject.Member]()  // one list throughout: a declined object leaves members in it
        #expect(FlatJSONObject.parse(seed, reusing: &list) != nil)
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

extension FlatJSONObjectTests {
    /// A dotted name reaches into nested objects, through Foundation's objects as well; a member
    /// whose own name has the dot comes first.
    @Test func dottedNamesReachIntoNestedObjects() throws {
        var list = [FlatJSONObject.Member]()
        let line = #"{"a": {"b": {"c": "deep \u00e9"}, "n": 7}, "x.y": "literal", "x": {"y": "nested"}, "s": "not an object"}"#
        let object = try #require(FlatJSONObject.parse(Array(line.utf8), reusing: &list))
        let foundation = FlatJSONObject(members: foundation(line) as! [String: Any])
        for reader in [object, foundation] {
            #expect(reader.first(of: FieldPaths(["a.b.c"])) { $0.text(of: $1) } == "deep é")
            #expect(reader.first(of: FieldPaths(["a.n"])) { $0.text(of: $1) } == "7")
            #expect(reader.first(of: FieldPaths(["x.y"])) { $0.text(of: $1) } == "literal")
            #expect(reader.first(of: FieldPaths(["s.t", "a.z", "a.b"])) { $0.text(of: $1) } == nil)
            // The first of several that holds a value, each name's parts its own: the names
            // share one buffer, so a part read from the wrong name would find another member.
            #expect(reader.first(of: FieldPaths(["s.t", "q", "a.b.z", "a.b.c", "a.n"])) { $0.text(of: $1) } == "deep é")
            #expect(reader.first(of: FieldPaths(["a.q", "x.y.z", "a.n", "x.y"])) { $0.text(of: $1) } == "7")
            #expect(reader.first(of: FieldPaths([])) { $0.text(of: $1) } == nil)
        }
    }

    /// Names match in any ASCII case, an exact match first and then the last member in another
    /// case; only ASCII letters fold (`_` is not `\u{7f}`, `é` is not `É`).
    @Test func namesMatchInAnyASCIICase() throws {
        var list = [FlatJSONObject.Member]()
        let line = #"{"Text": "capital", "text": "exact", "DATE": "d1", "Date": "d2", "a_b": "under", "Café": "accent", "A": "one"}"#
        let object = try #require(FlatJSONObject.parse(Array(line.utf8), reusing: &list))
        let foundation = FlatJSONObject(members: foundation(line) as! [String: Any])
        for reader in [object, foundation] {
            #expect(reader["text"].flatMap(reader.text(of:)) == "exact")
            #expect(reader["TEXT"].flatMap(reader.text(of:)) != nil)
            #expect(reader["a"].flatMap(reader.text(of:)) == "one")
            #expect(reader["A_B"].flatMap(reader.text(of:)) == "under")
            #expect(reader["a\u{7f}b"] == nil)
            #expect(reader["CAFÉ"] == nil)
            #expect(reader["cafÉ"] == nil)
            #expect(reader["café"].flatMap(reader.text(of:)) == "accent")
            #expect(reader["texts"] == nil)
        }
        // The last member in file order wins among other-case names (Foundation's dictionary
        // has no order, so only this reader says which).
        #expect(object["date"].flatMap(object.text(of:)) == "d2")
    }

    /// Names of every length from 0 to 130 bytes (past the 64 the length filter folds over),
    /// each in a post beside names of other lengths: each is found, in any case, and no name of
    /// another length is.
    @Test func namesOfEveryLengthAreFoundAndOnlyThey() throws {
        var list = [FlatJSONObject.Member]()
        for length in 0...130 {
            let name = String((0..<length).map { Character(UnicodeScalar(UInt8(ascii: "a") + UInt8($0 % 26))) })
            let line = #"{"id": "1", "created_at": "x", ""# + name + #"": "here"}"#
            let object = try #require(FlatJSONObject.parse(Array(line.utf8), reusing: &list))
            #expect(object[name].flatMap(object.text(of:)) == "here", "length \(length)")
            #expect(object[name.uppercased()].flatMap(object.text(of:)) == "here", "length \(length)")
            for other in [length + 1, length + 64] where other != 2 && other != 10 {
                #expect(object[String(repeating: "a", count: other)] == nil, "length \(other) beside \(length)")
            }
        }
    }

    /// Numbers of every length and scale: whatever is read here is the `NSNumber` Foundation
    /// gives (a fraction with more digits than a `Double` holds would differ: Foundation keeps
    /// it as a decimal).
    @Test func numbersReadAsFoundationReadsThem() {
        var generator = SystemRandomNumberGenerator()
        var list = [FlatJSONObject.Member]()
        var answered = 0
        for _ in 0..<20_000 {
            let digits = (0..<Int.random(in: 1...22, using: &generator)).map { _ in String(Int.random(in: 0...9, using: &generator)) }
                .joined()
            let point = Int.random(in: 0...digits.count, using: &generator)
            var number = (Bool.random(using: &generator) ? "-" : "") + digits
            if point < digits.count { number.insert(".", at: number.index(number.endIndex, offsetBy: point - digits.count)) }
            if Bool.random(using: &generator) { number += "e\(Int.random(in: -330...330, using: &generator))" }
            let line = #"{"a": \#(number), "b": [\#(number)]}"#
            guard let flat = FlatJSONObject.parse(Array(line.utf8), reusing: &list) else { continue }
            #expect(foundation(line) == (flat.dictionary as NSDictionary), "\(line)")
            // Equal as numbers is not enough: a decimal equals the double nearest it. The text
            // an id or time is read from must be Foundation's too.
            guard case .number(let read)? = flat["a"] else {
                Issue.record("\(line): not read as a number")
                continue
            }
            #expect((foundation(line)?["a"] as? NSNumber)?.stringValue == read.stringValue, "\(line)")
            answered += 1
        }
        #expect(answered > 5_000)
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
        case .nested(let range): try! JSONSerialization.jsonObject(with: Data(bytes(of: range)), options: [.fragmentsAllowed])
        case .null: NSNull()
        }
    }
}
