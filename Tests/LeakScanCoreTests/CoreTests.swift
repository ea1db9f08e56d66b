import Foundation
import LeakScanCore
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A small deterministic generator for the tests of this module (SplitMix64).
struct TestRandom {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Path strings for file names that are not UTF-8 turn back into the same bytes.
@Suite struct FileSystemPathTests {
    @Test func everyByteStringRoundTrips() {
        var generator = TestRandom(state: 11)
        for _ in 0..<2000 {
            let count = Int(generator.next() % 24) + 1
            let name = (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) | 1 }  // no NUL in a file name
            let path = FileSystemPath.string(fromBytes: name)
            #expect(FileSystemPath.bytes(path).dropLast().map { UInt8(bitPattern: $0) } == name)
        }
        #expect(FileSystemPath.string(fromBytes: Array("café.eml".utf8)) == "café.eml")
    }

    /// A plain path is passed to the system as it is, an escaped one as its bytes: both open
    /// the file, and `fstat` on the descriptor says what `stat` on the path does.
    @Test func plainAndEscapedNamesOpenAndStatTheSameFile() throws {
        let folder = NSTemporaryDirectory() + "leakscan-names-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in [Array("café.eml".utf8), [0x63, 0x61, 0x66, 0xE9, 0x2E, 0x65, 0x6D, 0x6C], [0xEF, 0xBF, 0xBD, 0x61]] {
            let path = folder + "/" + FileSystemPath.string(fromBytes: name)
            let created = (Array(folder.utf8) + [0x2F] + name + [0]).withUnsafeBufferPointer { bytes in
                bytes.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_WRONLY | O_CREAT | O_EXCL, 0o600) }
            }
            #expect(created >= 0)
            _ = write(created, "hello", 5)
            close(created)
            let descriptor = FileSystemPath.open(path, O_RDONLY)
            #expect(descriptor >= 0)
            defer { close(descriptor) }
            let info = try #require(FileSystemPath.stat(path))
            #expect(info.st_size == 5)
            #expect(FileStatus.of(descriptor: descriptor) == FileStatus(info))
        }
        #expect(FileSystemPath.entries(of: folder)?.count == 3)
    }
}

/// Files with personal data are the owner's alone, whatever the umask.
@Suite struct PrivateFilesTests {
    /// What Foundation's path functions give, where they do not trap.
    static func foundationsDirectory(of path: String) -> String {
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard path.hasPrefix("/") else {
            let here = FileManager.default.currentDirectoryPath
            return parent == here ? "." : String(parent.dropFirst(here.count + (here == "/" ? 0 : 1)))
        }
        return parent
    }

    @Test func filesAndFoldersAreCreatedOwnerOnly() throws {
        let old = umask(0o022)
        defer { umask(old) }
        let folder = NSTemporaryDirectory() + "leakscan-private-\(UUID().uuidString)/a/b"
        try PrivateFiles.createDirectory(forFile: folder + "/report.json")
        try PrivateFiles.write(Data("{}".utf8), to: folder + "/report.json")
        func mode(_ path: String) throws -> Int? { try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int }
        #expect(try mode(folder) == 0o700)
        #expect(try mode(folder + "/report.json") == 0o600)
        #expect(try String(contentsOfFile: folder + "/report.json", encoding: .utf8) == "{}")
        #expect(PrivateFiles.directory(of: "state.db") == ".")
        for (path, folder) in [("-", "."), ("/tmp/a/b.jsonl", "/tmp/a"), ("/b.jsonl", "/"), ("a//b", "a"), ("a/b/", "a"), ("/", "/")] {
            #expect(PrivateFiles.directory(of: path) == folder, "\(path)")
            #expect(PrivateFiles.directory(of: path) == Self.foundationsDirectory(of: path), "\(path)")
        }
        // A failed write leaves nothing behind and says why.
        #expect(throws: POSIXFailure.self) { try PrivateFiles.write(Data(), to: folder + "/report.json/inside") }
    }
}

/// Excerpts mask what they must and show the context a responder needs.
@Suite struct ExcerptTests {
    @Test func everySensitiveSpanIsMaskedAndContextKept() {
        let text = Array("Please pay sort code 20-00-00 account 41926817 today".utf8)
        let code = 21..<29
        let account = 38..<46
        let excerpt = ExcerptBuilder.excerpt(
            of: text, match: 21..<46, spans: [SensitiveSpan(range: code, style: .partial), SensitiveSpan(range: account, style: .partial)])
        #expect(excerpt == "Please pay sort code 2*-**-** account 41*****7 today")
        let full = ExcerptBuilder.excerpt(of: text, match: code, spans: [SensitiveSpan(range: code, style: .full)])
        #expect(full.contains(ExcerptBuilder.fullMask) && !full.contains("20-00"))
    }

    @Test func timesAreISO8601InUTC() {
        #expect(ISO8601.format(Date(timeIntervalSince1970: 1_257_257_100)) == "2009-11-03T14:05:00Z")
        // Years outside 0000–9999 keep their sign or fifth digit.
        #expect(ISO8601.format(Date(timeIntervalSince1970: 253_402_300_800)) == "10000-01-01T00:00:00Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: -62_167_219_200)) == "0000-01-01T00:00:00Z")
        #expect(ISO8601.format(Date(timeIntervalSince1970: -62_167_219_201)) == "-0001-12-31T23:59:59Z")
        // Foundation's formatter is the oracle, over years 1583–9999 and leap days (before 1583
        // it uses the Julian calendar, where ISO 8601 and gmtime extend the Gregorian one).
        let oracle = ISO8601DateFormatter()
        oracle.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        let instants =
            [-12_212_553_600.0, 951_782_400, 253_402_300_799]
            + (0..<2000).map { _ in
                Double(Int64.random(in: -12_212_553_600...253_402_300_799, using: &generator)) + 0.75
            }
        for seconds in instants {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ISO8601.format(date) == oracle.string(from: date), "\(seconds)")
        }
    }

    /// The calendar fields agree with glibc's `gmtime_r` over ±3 million years (day and second
    /// boundaries, negative times), and times beyond any calendar give fields instead of trapping.
    @Test func fieldsAgreeWithGmtimeAndNeverTrap() {
        var generator = TestRandom(state: 21)
        let edges = [0, -1, 86_399, 86_400, -86_400, -86_401, 951_782_400, -62_135_596_800, 253_402_300_799]
        let instants = edges + (0..<20_000).map { _ in Int(Int64(bitPattern: generator.next()) % 100_000_000_000_000) }
        for seconds in instants {
            var time = seconds
            var moment = tm()
            gmtime_r(&time, &moment)
            let expected = ISO8601.Fields(
                year: Int(moment.tm_year) + 1900, month: Int(moment.tm_mon) + 1, day: Int(moment.tm_mday), hour: Int(moment.tm_hour),
                minute: Int(moment.tm_min), second: Int(moment.tm_sec))
            #expect(ISO8601.fields(of: Date(timeIntervalSince1970: Double(seconds))) == expected, "\(seconds)")
        }
        for extreme in [Double.nan, .infinity, -.infinity, 1e300, -1e300, 1e16] {
            let year = ISO8601.fields(of: Date(timeIntervalSince1970: extreme)).year
            #expect(abs(year) < 40_000_000, "\(extreme)")
        }
    }
}

/// `UTF8Encoding.isValid` decides as the standard library's `String(validating:as:)` does.
@Suite struct ValidUTF8Tests {
    /// Valid text of every sequence length, then each with bytes flipped, cut or inserted:
    /// invalid leads, lone continuations, overlong forms, surrogates, truncated sequences,
    /// and invalid bytes past the first eight (where the ASCII check reads words).
    @Test func agreesWithTheStandardLibrary() {
        let pieces: [[UInt8]] = [
            Array("plain ascii text, long enough for words".utf8), Array("é".utf8), Array("€".utf8), Array("😀".utf8),
            [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xFF], [0xE2, 0x82],
        ]
        var generator = TestRandom(state: 5)
        var invalid = 0
        for _ in 0..<20_000 {
            var bytes = [UInt8]()
            for _ in 0..<Int(generator.next() % 6) { bytes += pieces[Int(generator.next() % UInt64(pieces.count))] }
            if !bytes.isEmpty, generator.next() % 3 == 0 {
                bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            let expected = String(validating: bytes, as: UTF8.self) != nil
            if !expected { invalid += 1 }
            #expect(bytes.withUnsafeBufferPointer(UTF8Encoding.isValid) == expected, "\(bytes)")
        }
        #expect(invalid > 5_000)  // both outcomes are exercised
    }
}

/// `appendDecimal` writes what `String(value)` and `zeroPadded` write, after what is there.
@Suite struct AppendDecimalTests {
    @Test func agreesWithStringFormatting() {
        var generator = TestRandom(state: 3)
        let values: [UInt64] =
            [0, 1, 9, 10, 99, 100, 12_345, UInt64.max] + (0..<2000).map { _ in generator.next() >> (generator.next() % 64) }
        for value in values {
            for width in [1, 2, 4, 25] {
                var bytes: [UInt8] = [0x41]
                bytes.appendDecimal(value, width: width)
                #expect(bytes == [0x41] + Array(value.zeroPadded(width).utf8), "\(value) width \(width)")
            }
        }
    }
}

@Suite struct ChannelTests {
    /// The survey's rows by platform name: every listed name in three casings maps to its
    /// row, and every other name (Facebook included) is a social network.
    @Test func platformsMapToTheSurveyRows() {
        let rows: [(Channel, [String])] = [
            (.email, ["email", "mail"]), (.smsTwitter, ["twitter", "x", "sms", "text", "mms", "whatsapp", "telegram"]),
            (.videoSharing, ["youtube", "vimeo", "tiktok", "video", "dailymotion", "soundcloud"]),
            (
                .blogMessageBoard,
                ["blog", "forum", "reddit", "message-board", "messageboard", "wordpress", "tumblr", "blogger", "slack"]
            ),
        ]
        for (channel, names) in rows {
            for name in names {
                for spelling in [name, name.uppercased(), name.prefix(1).uppercased() + name.dropFirst()] {
                    #expect(Channel(platform: spelling) == channel, "\(spelling)")
                }
            }
        }
        for other in [
            "facebook", "Facebook", "FACEBOOK", "instagram", "Instagram", "linkedin", "LinkedIn", "", "twitters", "e-mail", "TWİTTER",
            "réseau",
        ] {
            #expect(Channel(platform: other) == .socialNetworking, "\(other)")
        }
    }
}

/// Trimming and the normalised person: the byte fast paths give what trimming `Character`s and
/// lower-casing as Unicode give, including where they must fall back.
@Suite struct TrimmingTests {
    @Test(
        arguments: [
            (" Bob@Example.ORG ", "bob@example.org"), ("alice", "alice"), ("\talice.smith@met.police.uk\t", "alice.smith@met.police.uk"),
            ("ÉMILE", "émile"), ("  ", nil), ("", nil), ("@handle_123", "@handle_123"), ("Zoë", "zoë"),
        ] as [(String, String?)])
    func personIsTrimmedAndLowerCased(author: String, person: String?) {
        #expect(OrganisationDirectory.person(author) == person)
        #expect(OrganisationDirectory.person(author) == Self.slowPerson(author))
    }

    /// What `person` gave before its fast paths, on random blanks, capitals and marks.
    @Test func personAgreesWithTrimmingCharactersAndUnicodeLowerCase() {
        var generator = SystemRandomNumberGenerator()
        let pieces = [" ", "\t", "a", "Q", "z", "@", ".", "é", "É", "\u{301}", "\r\n", "1", "İ", "ß"]
        for _ in 0..<3_000 {
            let author = (0..<Int.random(in: 0..<8, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined()
            #expect(OrganisationDirectory.person(author) == Self.slowPerson(author), "\(Array(author.unicodeScalars))")
        }
    }

    static func slowPerson(_ author: String) -> String? {
        var slice = author[...]
        while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
        let lower = String(slice).lowercased()
        return lower.isEmpty ? nil : lower
    }

    @Test func aBlankJoinedToAMarkIsNotTrimmed() {
        #expect(" \u{301}x ".trimming(.blanks) == " \u{301}x")
        #expect("\r\n name \r\n".trimming(.blanksAndNewlines) == "name")
        #expect("name".trimming(.blanksAndNewlines) == "name")
    }
}

/// `firstIndex(of:from:)` for byte strings finds what a naive search finds, on texts of a
/// three-letter alphabet (many near misses), from every start, including past the last place
/// a match fits.
@Suite struct ByteSearchTests {
    @Test func substringSearchAgreesWithANaiveOne() {
        var generator = TestRandom(state: 9)
        var found = 0
        for _ in 0..<2_000 {
            let text = (0..<Int(generator.next() % 24)).map { _ in UInt8(97 + generator.next() % 3) }
            let needle = (1...Int(1 + generator.next() % 4)).map { _ in UInt8(97 + generator.next() % 3) }
            for start in 0...(text.count + 1) {
                let naive =
                    start > text.count - needle.count
                    ? nil
                    : (start...(text.count - needle.count)).first {
                        text[$0..<($0 + needle.count)].elementsEqual(needle)
                    }
                #expect(text.firstIndex(of: needle[...], from: start) == naive, "\(text) \(needle) \(start)")
                found += naive == nil ? 0 : 1
            }
        }
        #expect(found > 1_000)
    }
}

/// `JSONBytes.firstSpecial` finds what a byte-by-byte search finds, wherever the special byte
/// falls in the sixteen-byte blocks, in the last block (read back from the end, its lanes before
/// the start masked off) or in a text shorter than a block (read as its first and last eight or
/// four bytes, overlapping), with and without DEL, from every start.
@Suite struct JSONBytesTests {
    @Test func firstSpecialAgreesWithAByteByByteSearch() {
        let alphabet: [UInt8] = [0x61, 0x20, 0x21, 0x22, 0x5C, 0x5B, 0x5D, 0x1F, 0x00, 0x0A, 0x7F, 0x7E, 0x80, 0xC3, 0xFF]
        var generator = TestRandom(state: 13)
        for _ in 0..<3_000 {
            // Mostly plain bytes, so specials fall at every offset of the words.
            let text = (0..<Int(generator.next() % 70)).map { _ in
                generator.next() % 6 == 0 ? alphabet[Int(generator.next() % UInt64(alphabet.count))] : UInt8(ascii: "x")
            }
            for orDelete in [false, true] {
                for start in 0...text.count {
                    let naive =
                        text[start...].firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || (orDelete && $0 == 0x7F) } ?? text.count
                    let found = text.withUnsafeBufferPointer { JSONBytes.firstSpecial(in: $0, from: start, orDelete: orDelete) }
                    #expect(found == naive, "\(text) from \(start), DEL \(orDelete)")
                }
            }
        }
    }
}

/// Runs of base64 lines: two full lines of base64 open one, the base64 lines after them belong
/// to it up to a shorter one; a token alone, hex digits alone and a short line first are text.
@Suite struct Base64LinesTests {
    func runs(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return Base64Lines.runs(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func runsAreTheLinesOfBase64BetweenProse() {
        let line = String(repeating: "QUJD", count: 19)  // 76 characters, as MIME writes them
        let run = "\(line)\n\(line)\r\n  \(line)\nQUI=\n"
        #expect(runs("Dear all,\n\(run)\nregards\n") == [run])
        #expect(runs("\(line)\n\(line)") == ["\(line)\n\(line)"])  // to the text's end
        #expect(runs("\(run)Thanks\n") == [run])  // the shorter line was the last
        #expect(runs("a\n\(run)b\n\(run)") == [run, run])
    }

    @Test func aTokenAloneHexDigitsAndShortLinesAreText() {
        let line = String(repeating: "QUJD", count: 19)
        #expect(runs("see\n\(line)\nbelow\n").isEmpty)
        #expect(runs(String(repeating: "0123456789abcdef0123456789abcdef0123456789abcdef\n", count: 3)).isEmpty)
        #expect(runs("QUI=\n\(line)\nhello world\n").isEmpty)
        #expect(runs("\(line) \(line)\n\(line)\n").isEmpty)  // a blank inside: two words
    }
}

/// Base64 tokens among words: the search that looks at one byte in a token's length finds
/// exactly the runs a walk over every byte finds, on real text and on text made of the
/// characters that decide it (base64 letters, blanks, punctuation) in every mixture.
@Suite struct Base64TokensTests {
    /// Every maximal run of base64 characters at least `Base64Tokens.shortest` long, byte by byte.
    func naive(_ bytes: [UInt8]) -> [Range<Int>] {
        var runs = [Range<Int>]()
        var start: Int?
        for index in 0...bytes.count {
            let inside = index < bytes.count && Base64Lines.isBase64(bytes[index])
            if inside, start == nil { start = index }
            if !inside, let first = start {
                if index - first >= Base64Tokens.shortest { runs.append(first..<index) }
                start = nil
            }
        }
        return runs
    }

    func tokens(_ bytes: [UInt8]) -> [Range<Int>] { bytes.withUnsafeBufferPointer { Base64Tokens.tokens(in: $0) } }

    @Test func findsWhatAWalkOverEveryByteFinds() throws {
        let corpora = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/corpora")
        var texts = [[UInt8]]()
        for name in ["email/spamassassin/sample-nonspam.txt", "email/spamassassin/sample-spam.txt", "labelled/olid-train/val_text.txt"] {
            texts.append(Array(try Data(contentsOf: corpora.appendingPathComponent(name))))
        }
        #expect(texts.contains { !naive($0).isEmpty }, "no token in the real texts")
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("aZ09+/= .,\n-".utf8)
        for _ in 0..<2000 {
            let length = Int.random(in: 0..<120, using: &generator)
            // Runs of one kind of byte, so long tokens, short ones and every gap length occur.
            var text = [UInt8]()
            while text.count < length {
                let byte = alphabet.randomElement(using: &generator)!
                text += Array(repeating: byte, count: Int.random(in: 1...20, using: &generator))
            }
            texts.append(text)
        }
        for text in texts { #expect(tokens(text) == naive(text), "\(String(decoding: text.prefix(200), as: UTF8.self))") }
    }
}

/// Lookalike characters: every character LeakScan reads as another is one Unicode's own data
/// justifies (Python's `unicodedata`, and UTS #39's confusables as the `confusable_homoglyphs`
/// package ships them): a space separator read as a space, a dash as a hyphen, a format
/// character dropped, a character whose compatibility form is one ASCII character read as that
/// character, a Greek or Cyrillic letter read as the Latin letter it is confusable with. The
/// ones people meet are read; excerpts keep what was written.
@Suite struct LookalikeCharactersTests {
    func read(_ text: String) -> String {
        String(decoding: LookalikeCharacters.normalized(Array(text.utf8))?.text ?? Array(text.utf8), as: UTF8.self)
    }

    @Test func everyMappingIsOneUnicodeJustifies() throws {
        // Per code point: its category, its NFKC form, and the ASCII letters it is confusable
        // with (directly, or through a prototype it shares with the letter: Greek `Ι` and `I`
        // are both confusable with `l`).
        let script = """
            import json, os, sys, unicodedata, confusable_homoglyphs
            table = json.load(open(os.path.join(os.path.dirname(confusable_homoglyphs.__file__), "confusables.json")))
            glyphs = lambda c: [entry["c"] for entry in table.get(c, [])]
            def letters(c):
                return [l for l in map(chr, [*range(65, 91), *range(97, 123)])
                        if l in glyphs(c) or any(l in glyphs(m) or m in glyphs(l) for m in glyphs(c))]
            json.dump({c: [unicodedata.category(chr(c)), unicodedata.normalize("NFKC", chr(c)), "".join(letters(chr(c)))]
                       for c in range(0x80, 0x10000) if not 0xD800 <= c < 0xE000}, sys.stdout)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let unicode = try #require(try JSONSerialization.jsonObject(with: data) as? [String: [String]])
        var mapped = 0
        var confusables = 0
        for (key, facts) in unicode {
            guard let value = UInt32(key), let scalar = Unicode.Scalar(value) else { continue }
            let (category, compatibility, confusable) = (facts[0], facts[1], facts[2])
            let seen = read("a\(Character(scalar))b")
            if seen == "a\(Character(scalar))b" { continue }
            mapped += 1
            let justified =
                seen == "ab" && category == "Cf" || seen == "a b" && category == "Zs"
                || seen == "a-b" && (category == "Pd" || value == 0x2212)
                || compatibility.unicodeScalars.count == 1 && compatibility.unicodeScalars.first!.isASCII && seen == "a\(compatibility)b"
                || seen.count == 3 && seen.hasPrefix("a") && seen.hasSuffix("b") && confusable.contains(seen.dropFirst().prefix(1))
            #expect(justified, "U+\(String(value, radix: 16)) (\(category), NFKC \(compatibility)) read as \(seen)")
            if (0x370..<0x530).contains(value), !confusable.isEmpty { confusables += 1 }
        }
        #expect(mapped > 160)
        // Every Greek and Cyrillic letter Unicode gives a Latin prototype is read as it, but the
        // iota subscript (a mark written under a letter).
        #expect(confusables == 71)
        // The ones people meet.
        #expect(read("AB\u{00A0}12\u{00A0}34\u{00A0}56\u{00A0}C") == "AB 12 34 56 C")
        #expect(read("AB\u{200B}123456C") == "AB123456C")
        #expect(read("OFFICIAL-SEN\u{00AD}SITIVE") == "OFFICIAL-SENSITIVE")
        #expect(read("OFFICIAL\u{2011}SENSITIVE") == "OFFICIAL-SENSITIVE")
        #expect(read("4111\u{2013}1111") == "4111-1111")
        #expect(read("\u{FF21}\u{FF22}\u{FF11}\u{FF12}") == "AB12")
        #expect(read("\u{FEFF}NINO") == "NINO")
        #expect(read("OFFI\u{0421}IAL-\u{0405}ENSITIVE") == "OFFICIAL-SENSITIVE")
        #expect(read("\u{041E}FFICIAL \u{0440}assword") == "OFFICIAL password")
    }

    /// Greek and Cyrillic letters that look Latin are read as Latin only in a word that has a
    /// Latin letter: Russian and Greek words, and a word wholly of lookalikes, stay as written.
    @Test func lookalikeLettersAreReadOnlyInAMixedWord() throws {
        for text in [
            "\u{0441}\u{043E}\u{0440} and \u{0420}\u{043E}\u{0440}", "\u{0394}\u{03B5}\u{03BD} \u{03BF}\u{03B9}",
            "NI \u{0410}\u{0412} 12 34 56 C", "Москва, 2024г.",
        ] {
            #expect(LookalikeCharacters.normalized(Array(text.utf8)) == nil, "\(text)")
        }
        // A Latin letter anywhere in the word counts, past accented letters and digits; a
        // run longer than a word does not.
        #expect(read("\u{0441}af\u{00E9}") == "caf\u{00E9}")
        #expect(read("x9\u{0430}") == "x9a")
        let long = String(repeating: "\u{0430}", count: 40)
        #expect(read("x" + long) == "x" + String(repeating: "a", count: 32) + String(repeating: "\u{0430}", count: 8))
    }

    /// A zero-width joiner between emoji makes one of them, and a zero-width non-joiner is part
    /// of Persian spelling: both stay. Each byte read comes from where it was written.
    @Test func invisibleCharactersGoOnlyBetweenASCII() throws {
        for text in ["👩\u{200D}💻", "می\u{200C}خواهم", "no lookalike here"] {
            #expect(LookalikeCharacters.normalized(Array(text.utf8)) == nil)
        }
        let written = Array("x\u{00A0}y\u{200B}z \u{FF21}".utf8)
        let read = try #require(LookalikeCharacters.normalized(written))
        #expect(read.text == Array("x yz A".utf8))
        #expect(read.origin == [0, 1, 3, 7, 8, 9, written.count])
    }
}

/// iCalendar and vCard text read as the calendar shows it: folds (a line break and a space or a
/// tab) undone, `\\n`, `\\,`, `\\;` and `\\\\` unescaped; any other text left alone.
@Suite struct ContentLinesTests {
    func read(_ text: String) -> String? { ContentLines.unfolded(Array(text.utf8)).map { String(decoding: $0, as: UTF8.self) } }

    @Test func foldsAndEscapesAreUndone() {
        #expect(
            read("BEGIN:VCALENDAR\r\nDESCRIPTION:AB 12 3\r\n 4 56 C\\, ok\\nnext\\;\\\\\r\nEND:VCALENDAR\r\n")
                == "BEGIN:VCALENDAR\nDESCRIPTION:AB 12 34 56 C, ok\nnext;\\\nEND:VCALENDAR\n")
        #expect(read("\n  begin:vcard\nNOTE:a\n\tb\nEND:VCARD") == "begin:vcard\nNOTE:ab\nEND:VCARD")
        #expect(read("Notes: BEGIN:VCARD is how a card starts\n continued") == nil)
        #expect(read("") == nil)
    }
}

/// Armoured blocks run from a `-----BEGIN ` line to the end of the next `-----END ` line; the
/// markers count only at a line's start (blanks before them allowed).
@Suite struct ArmourTests {
    func blocks(_ text: String) -> [String] {
        let bytes = Array(text.utf8)
        return Armour.blocks(in: bytes).map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func blocksRunFromTheirBeginLineToTheEndOfTheirEndLine() {
        let key = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
        let message = "  -----BEGIN PGP MESSAGE-----\n\nhQEM\n=Q2h1\n  -----END PGP MESSAGE-----"
        #expect(blocks("before\n" + key + "between\n" + message + "\nafter") == [key, String(message.dropFirst(2)) + "\n"])
        // Not at a line's start: quoted in a sentence, the markers are words.
        #expect(blocks("the line -----BEGIN PGP MESSAGE----- starts one\nand -----END it\n").isEmpty)
        // A block with no end runs to the end of the text.
        #expect(blocks("note\n-----BEGIN CERTIFICATE-----\nMIIB\n") == ["-----BEGIN CERTIFICATE-----\nMIIB\n"])
        // An end with no begin is no block; an end marker before the next begin closes nothing.
        #expect(blocks("-----END PGP MESSAGE-----\ntext\n").isEmpty)
        #expect(blocks("").isEmpty)
    }
}

/// `JSONBytes.plainRun` ends where `firstSpecial` does, and says a run is ASCII exactly when no
/// byte before its end is 0x80 or more, wherever the high bytes and the special one fall: in
/// the sixteen-byte blocks, the last block read back from the end, or the overlapping halves
/// of a text shorter than a block.
@Suite struct JSONPlainRunTests {
    @Test func plainRunAgreesWithAByteByByteReading() {
        let alphabet: [UInt8] = [0x61, 0x22, 0x5C, 0x1F, 0x00, 0x7F, 0x80, 0xC3, 0xA9, 0xFF, 0x20]
        var generator = TestRandom(state: 29)
        for _ in 0..<3_000 {
            let text = (0..<Int(generator.next() % 70)).map { _ in
                generator.next() % 5 == 0 ? alphabet[Int(generator.next() % UInt64(alphabet.count))] : UInt8(ascii: "x")
            }
            for start in 0...text.count {
                let end = text[start...].firstIndex { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C } ?? text.count
                let isASCII = text[start..<end].allSatisfy { $0 < 0x80 }
                let run = text.withUnsafeBufferPointer { JSONBytes.plainRun(in: $0, from: start) }
                #expect(run.end == end, "\(text) from \(start)")
                #expect(run.isASCII == isASCII, "\(text) from \(start)")
            }
        }
    }
}
