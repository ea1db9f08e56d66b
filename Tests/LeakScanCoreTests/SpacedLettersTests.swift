import Foundation
import LeakScanCore
import Testing

@Suite struct SpacedLettersTests {
    static let labelled = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpora/labelled")

    /// The text as ``SpacedLetters`` reads it; checks on the way that every byte of it comes
    /// from where its origin says (a word gap read as one space, from the gap's first space).
    func read(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard let (read, origin) = SpacedLetters.collapsed(bytes) else { return text }
        #expect(origin.count == read.count + 1 && origin.last == bytes.count)
        #expect(zip(origin, origin.dropFirst()).allSatisfy { $0 < $1 }, "origins ascend")
        #expect(read.indices.allSatisfy { bytes[origin[$0]] == read[$0] }, "\(text)")
        return String(decoding: read, as: UTF8.self)
    }

    @Test func spacedRunsAreReadTogether() {
        #expect(read("marked O F F I C I A L - S E N S I T I V E today") == "marked OFFICIAL-SENSITIVE today")
        #expect(read("O F F I C I A L   S E N S I T I V E") == "OFFICIAL SENSITIVE")
        #expect(read("T O P S    S E C R E T") == "TOPS SECRET")
        #expect(read("T O P S     S E C R E T") == "TOPS     SECRET")
        #expect(read("my N I N O is A B 1 2 3 4 5 6 C ok") == "my NINO is AB123456C ok")
        #expect(read("s.e.c.r.e.t and 0-7-7-0-0-9 and t_o_p_s") == "secret and 077009 and tops")
        #expect(read("U.S.A.B.") == "USAB.")
        #expect(read("O F F I \u{0421} I A L") == "OFFI\u{0421}IAL")
        #expect(read("A\tB C D E\nF") == "A\tBCDE\nF")
        // Wherever a run starts against the eight-byte words the scan reads, of one-byte
        // characters or of two-byte ones only.
        for lead in 0..<20 {
            let words = String(repeating: "w", count: lead + 2)
            #expect(read("\(words) s e c r e t") == "\(words) secret")
            #expect(read("\(words) \u{0421} \u{0415} \u{041A} \u{0420} ok") == "\(words) \u{0421}\u{0415}\u{041A}\u{0420} ok")
        }
    }

    /// Long runs that are not read together (punctuation only; a dotted number's chain) are
    /// walked once, not once from each of their separators: 400 KB of `! ! ! …` took minutes.
    /// The limit is a guard against the quadratic walk, not a speed target (this takes
    /// milliseconds).
    @Test(.timeLimit(.minutes(1))) func longRunsThatAreNotReadTogetherAreWalkedOnce() {
        #expect(SpacedLetters.collapsed(Array(String(repeating: "! ", count: 200_000).utf8)) == nil)
        #expect(SpacedLetters.collapsed(Array(("10." + String(repeating: "1.", count: 200_000) + "5").utf8)) == nil)
        let long = String(repeating: "- ", count: 200_000) + "then s e c r e t"
        #expect(SpacedLetters.collapsed(Array(long.utf8)).map { String(decoding: $0.text, as: UTF8.self).hasSuffix("then secret") } == true)
    }

    @Test func initialsListsAndNumbersAreLeftAlone() {
        for text in [
            "a b c", "U.S.A.", "e.g. i.e.", "version 10.1.2.3.4 is out", "1.2.3.4.56", "I am a b", "A-B-C",
            "😂 😂 😂 😂 😂", "x. y. z. w.", "hi  a  b  c  d", "",
        ] {
            #expect(SpacedLetters.collapsed(Array(text.utf8)) == nil, "\(text)")
        }
    }

    /// The definition again, as regular expressions (Python's `re`, a separate implementation):
    /// the texts it is given (files of tweets as arguments, or a JSON list on its input), each
    /// with what it reads them as (null: no run).
    static let oracle = #"""
        import csv, json, re, sys
        one = r"[\x21-\x7e\u0080-\U0010ffff]"
        space = re.compile(r"(?<![^ \t\n\r])(" + one + r"(?: " + one + r")+)(?![^ \t\n\r])")
        def counts(c): return (c.isascii() and c.isalnum()) or len(c.encode()) == 2
        def runs(text):
            found = [(m.start(1), m.end(1), " ") for m in space.finditer(text)]
            for mark in ".-_":
                e = re.escape(mark)
                pattern = r"(?<![A-Za-z0-9" + e + r"])([A-Za-z0-9](?:" + e + r"[A-Za-z0-9])+)(?![A-Za-z0-9])(?!" + e + r"[A-Za-z0-9])"
                found += [(m.start(1), m.end(1), mark) for m in re.finditer(pattern, text)]
            return sorted(r for r in found if sum(counts(c) for c in text[r[0]:r[1]:2]) >= 4)
        def collapsed(text):
            out, last, previous = [], 0, None
            for start, end, mark in runs(text):
                if start < last: continue  # runs of two marks that share a character: the first is read
                gap = text[last:start]
                wordgap = previous == " " and mark == " " and 2 <= len(gap) <= 4 and set(gap) == {" "}
                out += [" " if wordgap else gap, text[start:end:2]]
                last, previous = end, mark
            return "".join(out + [text[last:]]) if out else None
        if sys.argv[1:]:
            texts = [line.rstrip("\n") for line in open(sys.argv[1], encoding="utf-8")]
            texts += [row["tweet"] for row in csv.DictReader(open(sys.argv[2], encoding="utf-8"))]
        else:
            texts = json.load(sys.stdin)
        json.dump([[t, collapsed(t)] for t in texts], sys.stdout)
        """#

    /// Each text with what the oracle reads it as, and the texts SpacedLetters reads otherwise
    /// (at most five), and how many it collapsed.
    static func compareWithOracle(arguments: [String], texts: [String] = []) throws -> (count: Int, collapsed: Int, differing: [String]) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", oracle] + arguments
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        // The oracle reads all its input before it writes.
        if arguments.isEmpty { input.fileHandleForWriting.write(try JSONSerialization.data(withJSONObject: texts)) }
        try input.fileHandleForWriting.close()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let pairs = try #require(try JSONSerialization.jsonObject(with: data) as? [[Any]])
        var collapsed = 0
        var differing = [String]()
        for pair in pairs {
            guard let text = pair[0] as? String else { continue }
            let expected = pair[1] as? String
            let swift = SpacedLetters.collapsed(Array(text.utf8)).map { String(decoding: $0.text, as: UTF8.self) }
            if swift != nil { collapsed += 1 }
            if swift != expected, differing.count < 5 {
                differing.append("\(text.debugDescription) → \(swift ?? "nil") / \(expected ?? "nil")")
            }
        }
        return (pairs.count, collapsed, differing)
    }

    /// On every real tweet of the OLID training split and Davidson's (36,699), the runs read
    /// together are exactly those the oracle finds: the hand-written scan skips none and invents
    /// none, on text full of one-letter words, initials, emoticons and dotted numbers.
    @Test func realTweetsReadAsTheOracleReadsThem() throws {
        let olid = Self.labelled.appendingPathComponent("olid-train/train_text.txt").path
        let davidson = Self.labelled.appendingPathComponent("davidson-hate-speech/data/labeled_data.csv").path
        let (count, collapsed, differing) = try Self.compareWithOracle(arguments: [olid, davidson])
        #expect(count > 36_000)
        #expect(differing.isEmpty, "\(differing)")
        // Real tweets have spaced runs, but few (13): the second reading is rare.
        #expect(collapsed > 0 && collapsed * 100 < count, "\(collapsed) of \(count)")
    }

    /// 20,000 texts drawn from marks, one-letter words, two-byte and four-byte characters,
    /// white space and words, where runs begin, end, meet and nearly form everywhere: the
    /// oracle and SpacedLetters read each the same.
    @Test func randomTextsReadAsTheOracleReadsThem() throws {
        let characters = ["a", "B", "7", "x", "Q", "0", "\u{0421}", "\u{00E9}", "\u{00A0}", "&", "\u{2014}", "\u{1F602}", ".", "-"]
        let others = [" ", "  ", "   ", "    ", "     ", ".", "-", "_", "\t", "\n", "word", "AB", "12"]
        let marks = [" ", " ", " ", ".", "-", "_"]
        var random = TestRandom(state: 15)
        func pick(_ list: [String]) -> String { list[Int(random.next() % UInt64(list.count))] }
        // Pieces, half of them characters one mark apart (one to six of them): runs, and runs a
        // character short.
        let texts = (0..<20_000).map { _ in
            (0..<(1 + Int(random.next() % 8))).map { _ in
                guard random.next() % 2 == 0 else { return pick(others) }
                let mark = pick(marks)
                return (0...Int(random.next() % 6)).map { _ in pick(characters) }.joined(separator: mark)
            }.joined()
        }
        let (count, collapsed, differing) = try Self.compareWithOracle(arguments: [], texts: texts)
        #expect(count == texts.count)
        #expect(differing.isEmpty, "\(differing)")
        #expect(collapsed > 1_000, "\(collapsed)")
    }
}
