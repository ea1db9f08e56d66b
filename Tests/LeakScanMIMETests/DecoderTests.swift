import Foundation
import LeakScanCore
import LeakScanSynth
import Testing

@testable import LeakScanFraming
@testable import LeakScanMIME

/// Transfer decoders against MimeKit's encoder test pairs, and the hiding places they undo.
@Suite struct DecoderTests {
    static let encoders = corpora.appendingPathComponent("mimekit/UnitTests/TestData/encoders")

    func data(_ name: String) throws -> [UInt8] { Array(try Data(contentsOf: Self.encoders.appendingPathComponent(name))) }

    @Test func base64MatchesMimeKit() throws {
        #expect(TransferDecoding.base64(try data("photo.b64")) == (try data("photo.jpg")))
    }

    @Test func uuencodeMatchesMimeKit() throws {
        #expect(TransferDecoding.uudecode(try data("photo.uu")) == (try data("photo.jpg")))
    }

    @Test func quotedPrintableMatchesMimeKit() throws {
        let decoded = String(decoding: TransferDecoding.quotedPrintable(try data("wikipedia.qp")), as: UTF8.self)
        let expected = String(decoding: try data("wikipedia.txt"), as: UTF8.self)
        #expect(decoded.replacingOccurrences(of: "\r\n", with: "\n") == expected.replacingOccurrences(of: "\r\n", with: "\n"))
    }

    @Test func softLineBreakRejoinsACardNumber() {
        let decoded = TransferDecoding.quotedPrintable(Array("card 4111 1111 11=\r\n11 1111 and caf=C3=A9 =ZZ".utf8))
        #expect(String(decoding: decoded, as: UTF8.self) == "card 4111 1111 1111 1111 and café =ZZ")
    }

    @Test func base64SkipsJunk() {
        #expect(TransferDecoding.base64(Array("QU*Ig!MTIg\nMzQg NTYgQw==".utf8)) == Array("AB 12 34 56 C".utf8))
    }

    /// The eight- and four-byte fast paths must decode exactly as the byte-by-byte definition
    /// does, on clean encodings (any length, wrapped or not) and on ones with junk and padding
    /// in odd places.
    @Test func base64FastPathsAgreeWithTheDefinition() {
        func reference(_ input: [UInt8]) -> [UInt8] {
            let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
            var output = [UInt8](), quantum: UInt32 = 0, count = 0
            for byte in input {
                if byte == UInt8(ascii: "=") {
                    let bits = quantum << UInt32(6 * (4 - count))
                    if count >= 2 { output.append(UInt8(truncatingIfNeeded: bits >> 16)) }
                    if count == 3 { output.append(UInt8(truncatingIfNeeded: bits >> 8)) }
                    (quantum, count) = (0, 0)
                } else if let value = alphabet.firstIndex(of: byte) {
                    quantum = quantum << 6 | UInt32(value)
                    count += 1
                    if count == 4 {
                        output += [
                            UInt8(truncatingIfNeeded: quantum >> 16), UInt8(truncatingIfNeeded: quantum >> 8),
                            UInt8(truncatingIfNeeded: quantum),
                        ]
                        (quantum, count) = (0, 0)
                    }
                }
            }
            return output
        }
        var random = SystemRandomNumberGenerator()
        for round in 0..<2_000 {
            let original = (0..<Int.random(in: 0..<200, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
            var encoded = Array(Data(original).base64EncodedString(options: round % 2 == 0 ? [] : [.lineLength76Characters]).utf8)
            #expect(TransferDecoding.base64(encoded) == original)
            for _ in 0..<Int.random(in: 0..<4, using: &random) where !encoded.isEmpty {
                encoded.insert(Array("=*\n -".utf8).randomElement(using: &random)!, at: Int.random(in: 0..<encoded.count, using: &random))
            }
            #expect(TransferDecoding.base64(encoded) == reference(encoded), "\(String(decoding: encoded, as: UTF8.self))")
        }
    }

    @Test func encodedWordsAreDecodedAndJoined() {
        let charsets = CharsetDecoder()
        let subject = Array("=?UTF-8?B?TkkgQUIgMTI=?= =?ISO-8859-1?Q?_34_56_C_caf=E9?= tail =?bogus".utf8)
        #expect(
            String(decoding: HeaderDecoding.decodeEncodedWords(subject, charsets: charsets), as: UTF8.self)
                == "NI AB 12 34 56 C café tail =?bogus")
    }

    @Test func rfc2231ParametersAreJoinedAndDecoded() {
        let value = Array("attachment; filename*0*=UTF-8''MPS%20cr; filename*1*=%C3%A9st.png; size=10".utf8)
        let (main, parameters) = HeaderDecoding.parameters(value, charsets: CharsetDecoder())
        #expect(main == "attachment")
        #expect(parameters["filename"] == "MPS cr\u{e9}st.png")
        #expect(parameters["size"] == "10")
    }

    @Test(
        arguments: [
            ("windows-1252", [0x93, 0x4F, 0x4B, 0x94, 0x20, 0x80], "\u{201C}OK\u{201D} \u{20AC}"),
            ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "caf\u{e9}"),
            ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "\u{41F}\u{440}\u{438}\u{432}\u{435}\u{442}"),
            ("shift_jis", [0x93, 0xFA, 0x96, 0x7B], "\u{65E5}\u{672C}"),
            ("iso-2022-jp", [0x1B, 0x24, 0x42, 0x46, 0x7C, 0x4B, 0x5C, 0x1B, 0x28, 0x42], "\u{65E5}\u{672C}"),
            ("gb2312", [0xD6, 0xD0, 0xCE, 0xC4], "\u{4E2D}\u{6587}"),
            ("big5", [0xA4, 0xA4, 0xA4, 0xE5], "\u{4E2D}\u{6587}"),
            ("utf-16", [0xFF, 0xFE, 0x41, 0x00, 0x42, 0x00], "AB"),
            ("windows-1251", [0xCF, 0xF0, 0xE8], "\u{41F}\u{440}\u{438}"),
            ("iso-8859-2", [0xB1], "\u{105}"),
            ("iso-8859-15", [0xA4], "\u{20AC}"),
            ("windows-1250", [0x9A], "\u{161}"),
        ] as [(String, [UInt8], String)])
    func charsetsConvert(_ charset: String, _ bytes: [UInt8], _ expected: String) {
        #expect(String(decoding: CharsetDecoder().utf8(bytes, charset: charset), as: UTF8.self) == expected)
    }

    @Test func invalidBytesAreReplacedNotFatal() {
        let text = String(decoding: CharsetDecoder().utf8([0x41, 0x82, 0x42], charset: "shift_jis"), as: UTF8.self)
        #expect(text.hasPrefix("A"))
        #expect(text.contains("\u{FFFD}"))
    }

    @Test func htmlBecomesTheTextAReaderSees() {
        let html =
            "<html><head><style>p{}</style></head><body><p><i>OFFICIAL-SEN</i>SITIVE</p>NI &#65;B123456C&nbsp;&amp; <!-- hidden --><img alt=\"Met crest\" src=\"cid:mps_logo@x\"><script>var x=1;</script></body></html>"
        let text = String(decoding: HTMLText.text(Array(html.utf8)), as: UTF8.self)
        #expect(text.contains("OFFICIAL-SENSITIVE"))
        #expect(text.contains("NI AB123456C &"))
        #expect(text.contains("[image alt=\"Met crest\" src=\"cid:mps_logo@x\"]"))
        #expect(!text.contains("hidden"))
        #expect(!text.contains("var x"))
        #expect(!text.contains("p{}"))
    }
}

/// Character references decode as the WHATWG table says, with and without their `;`.
@Suite struct HTMLEntityTests {
    func text(_ html: String) -> String { String(decoding: HTMLText.text(Array(html.utf8)), as: UTF8.self) }

    @Test func namedNumericAndLegacyReferences() {
        #expect(text("it&rsquo;s &hellip; &euro;5 &NotSquareSubset; &fjlig;") == "it\u{2019}s \u{2026} \u{20AC}5 \u{228F}\u{0338} fj")
        #expect(text("&copy2024 &amp &lt;b&gt; &#65;&#x42;&#x43") == "\u{00A9}2024 & <b> ABC")
        #expect(text("AT&T and &unknown; and &#0; stay") == "AT&T and &unknown; and &#0; stay")
        #expect(text("OFFICIAL&shy;-SEN&#8203;SITIVE") == "OFFICIAL-SENSITIVE")
        #expect(CharacterReferences.named.count == 2231)
    }
}

/// Escaped plain text (a post's text) decodes references that end in `;` and nothing else.
@Suite struct EscapedTextTests {
    func decoded(_ text: String) -> String {
        var bytes = Array(text.utf8)
        CharacterReferences.decodeEscapedText(&bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    @Test func referencesWithTheirSemicolonOnly() {
        #expect(
            decoded("AT&amp;T &lt;b&gt; &quot;q&quot; &#8220;q&#8221; &#x1F602; &NotSquareSubset;")
                == "AT&T <b> \"q\" “q” 😂 \u{228F}\u{0338}")
        // Escaped once, decoded once: `&amp;amp;` is what X writes for a typed `&amp;`.
        #expect(decoded("&amp;amp; &amp;#9773;") == "&amp; &#9773;")
        // Not references in plain text: no `;`, unknown names, code points that are no text.
        #expect(
            decoded("&notice &amp &#1 fan &#0; &#xD800; &#x110000; &unknown; & &; &#; &#x;")
                == "&notice &amp &#1 fan &#0; &#xD800; &#x110000; &unknown; & &; &#; &#x;")
        #expect(decoded("OFFICIAL&shy;-SEN&#8203;SITIVE&nbsp;x") == "OFFICIAL-SENSITIVE x")
        #expect(decoded("no reference at all") == "no reference at all")
        #expect(decoded("&#123456789; &#x0041; ends &lt") == "&#123456789; A ends &lt")
    }

    /// Every tweet of the Davidson and OLID sets (Davidson's hold numeric references in a
    /// quarter of its lines) against a decoder written another way: a regular expression over
    /// the text and the same WHATWG table, replacing matches left to right.
    @Test func realTweetsDecodeAsARegularExpressionDecoderSays() throws {
        let labelled = corpora.deletingLastPathComponent().appendingPathComponent("labelled")
        let davidson = try String(
            contentsOf: labelled.appendingPathComponent("davidson-hate-speech/data/labeled_data.csv"), encoding: .utf8)
        let olid = try String(contentsOf: labelled.appendingPathComponent("olid-train/train_text.txt"), encoding: .utf8)
        let lines = (davidson + "\n" + olid).split(separator: "\n").map(String.init)
        let pattern = try NSRegularExpression(pattern: "&(?:#([0-9]{1,8})|#[xX]([0-9A-Fa-f]{1,8})|([A-Za-z0-9:-]{1,32}));")
        func expected(_ line: String) -> String {
            var output = ""
            var last = line.startIndex
            for match in pattern.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
                let whole = Range(match.range, in: line)!
                func group(_ index: Int) -> String? { Range(match.range(at: index), in: line).map { String(line[$0]) } }
                var scalars: [UInt32]?
                if let decimal = group(1) { scalars = UInt32(decimal).map { [$0] } }
                if let hex = group(2) { scalars = UInt32(hex, radix: 16).map { [$0] } }
                if let name = group(3) { scalars = CharacterReferences.named[name + ";"] }
                guard let values = scalars, values.allSatisfy({ $0 > 0 && $0 < 0x110000 && !(0xD800...0xDFFF).contains($0) }) else {
                    continue
                }
                output += line[last..<whole.lowerBound]
                for value in values where ![0xAD, 0x200B, 0x200C, 0x200D].contains(value) {
                    output.unicodeScalars.append(Unicode.Scalar(value == 0xA0 ? 0x20 : value)!)
                }
                last = whole.upperBound
            }
            return output + line[last...]
        }
        var changed = 0
        for line in lines {
            let decoded = decoded(line)
            if decoded != line { changed += 1 }
            #expect(decoded == expected(line), "\(line)")
        }
        #expect(lines.count > 38_000)
        #expect(changed > 7_000)
    }
}

/// Dates with fields out of range are no date, never an overflow (found by the `post` fuzz target).
@Suite struct MailDateRangeTests {
    @Test func outOfRangeFieldsGiveNoDate() {
        #expect(MailDate.parse("f Jan 1 -0 -0000000000000572350145035401192:00 11rea") == nil)
        #expect(MailDate.parse("Tue, 3 Nov 2009 -1:05:00 +0000") == nil)
        #expect(MailDate.parseISODate("2009-11-03T-5:-1:00") == nil)
        #expect(MailDate.parse("Tue, 3 Nov 2009 14:05:00 +0000")?.timeIntervalSince1970 == 1_257_257_100)
    }

    /// The canonical form's reading by fixed places gives the date the general reading gives,
    /// on dates whose fields are in range or not (month 13, hour 24, a letter for a digit),
    /// and declines every other form.
    @Test func canonicalDatesAreReadAsTheGeneralReadingReadsThem() {
        var generator = SystemRandomNumberGenerator()
        var canonical = 0
        for _ in 0..<20_000 {
            let fields = [
                Int.random(in: 1890...2210, using: &generator), Int.random(in: 0...13, using: &generator),
                Int.random(in: 0...32, using: &generator), Int.random(in: 0...25, using: &generator),
                Int.random(in: 0...61, using: &generator), Int.random(in: 0...61, using: &generator),
            ]
            var text = String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", fields[0], fields[1], fields[2], fields[3], fields[4], fields[5])
            switch Int.random(in: 0..<8, using: &generator) {
            case 0: text = text.replacingOccurrences(of: "Z", with: "+01:00")
            case 1: text = text.replacingOccurrences(of: "Z", with: ".250Z")
            case 2: text = String(text.dropLast())
            case 3:
                var bytes = Array(text.utf8)
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8(ascii: "x")
                text = String(decoding: bytes, as: UTF8.self)
            default: break
            }
            var copy = text
            copy.withUTF8 { bytes in
                let fast = MailDate.parseCanonicalISODate(bytes)
                if fast != nil { canonical += 1 }
                #expect(fast == nil || fast == MailDate.parseAnyISODate(bytes), "\(text)")
                #expect(MailDate.parseISODate(utf8: bytes) == MailDate.parseAnyISODate(bytes), "\(text)")
            }
        }
        #expect(canonical > 5_000)
        #expect(MailDate.parseISODate("2019-01-01T00:00:37Z")?.timeIntervalSince1970 == 1_546_300_837)
    }
}
