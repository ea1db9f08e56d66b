import Foundation
import LeakScanCore
import LeakScanPipeline
import Testing

@testable import LeakScanReport

/// The incident writers on their own: each format's shape, escaping and streaming.
@Suite struct WriterTests {
    /// The test incident's fingerprint as every format shows it.
    static let fingerprintDigits = "00000000000000ff0000000000000000"

    static func incident(_ excerpt: String, attachment: LeakScanCore.Attachment? = nil) -> Incident {
        var incident = Incident(
            rule: "payment-card", category: .confidential, severity: .critical, source: "/archive/a,b.mbox", offset: 42,
            messageID: "1@example.org", author: "a@example.org", timestamp: Date(timeIntervalSince1970: 0), location: "body",
            attachment: attachment, excerpt: excerpt, fingerprint: Fingerprint(high: 0x00ff, low: 0))
        incident.org = "example.org"
        return incident
    }

    /// Runs `sink` over two batches and returns what it wrote.
    static func written(_ make: (IncidentOutput) -> ScanSink) throws -> String {
        let path = NSTemporaryDirectory() + "leakscan-writer-\(UUID().uuidString)"
        let sink = make(try IncidentOutput(path: path))
        let attachment = LeakScanCore.Attachment(
            name: "staff.xlsx", contentType: "application/vnd.ms-excel", size: 10, sha256: "ab", member: "sheet2")
        for incidents in [[incident("card 4111 **** \"x\", y\r\nz")], [incident("plain", attachment: attachment)]] {
            try sink.batch(ScanBatch(source: "s", incidents: incidents, documents: [], checkpoint: .start, endsInput: false))
        }
        try sink.finish(ScanSummary())
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Writes of uneven sizes, past the step at which the kernel is asked to start writing the
    /// file out, land whole and in order; every step of them was handed to the kernel, and all
    /// but the last two steps asked for were let go of from the page cache.
    @Test func aLargeOutputIsWrittenWholeWhileItsWritebackIsStarted() throws {
        let path = NSTemporaryDirectory() + "leakscan-writer-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let output = try IncidentOutput(path: path)
        var expected = [UInt8]()
        var writes = 0
        while expected.count < 3 * Int(IncidentOutput.writebackStep) + 12_345 {
            writes += 1
            let chunk = [UInt8](repeating: UInt8(truncatingIfNeeded: writes), count: Int.random(in: 1...(3 << 20)))
            try output.write(chunk)
            expected += chunk
        }
        #expect(output.written == Int64(expected.count))
        #expect(output.writebackAsked > output.written - IncidentOutput.writebackStep)
        #expect(output.isRegularFile && output.start == 0)
        #expect(output.droppedUpTo > 0 && output.droppedUpTo >= output.writebackAsked - 3 * IncidentOutput.writebackStep)
        #expect(output.droppedUpTo <= output.writebackAsked - IncidentOutput.writebackStep)
        try output.close()
        #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == expected)
    }

    @Test func csvQuotesWhatNeedsQuotingAndSpreadsTheAttachment() throws {
        let text = try Self.written(CSVSink.init)
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines[0] == CSVSink.columns.joined(separator: ","))
        #expect(
            lines[1].hasPrefix(
                "payment-card,confidential,critical,\"/archive/a,b.mbox\",42,1@example.org,a@example.org,1970-01-01T00:00:00Z,"))
        #expect(text.contains("\"card 4111 **** \"\"x\"\", y\r\nz\""))
        #expect(text.contains(",staff.xlsx,application/vnd.ms-excel,10,ab,sheet2,plain,\(Self.fingerprintDigits)"))
        // An empty scan still gives the header.
        let empty = NSTemporaryDirectory() + "leakscan-writer-\(UUID().uuidString)"
        let sink = CSVSink(output: try IncidentOutput(path: empty))
        try sink.finish(ScanSummary())
        #expect(try String(contentsOfFile: empty, encoding: .utf8) == CSVSink.columns.joined(separator: ",") + "\r\n")
    }

    @Test func sarifStreamsOneDocumentWithEveryResult() throws {
        let rules = [
            SARIFRule(
                id: "payment-card", title: "Payment card", description: nil, category: .confidential, severity: .critical,
                maskedExamples: ["card 4111 **** **** **11"])
        ]
        let text = try Self.written { SARIFSink(output: $0, rules: rules, version: "v1") }
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        #expect(document["version"] as? String == "2.1.0")
        let run = try #require((document["runs"] as? [[String: Any]])?.first)
        let results = try #require(run["results"] as? [[String: Any]])
        #expect(results.count == 2)
        #expect(results.allSatisfy { $0["level"] as? String == "error" && $0["ruleIndex"] as? Int == 0 })
        #expect((results[0]["partialFingerprints"] as? [String: String])?["leakscanFingerprint/v1"] == Self.fingerprintDigits)
        #expect(SARIFSink.level(.medium) == "warning" && SARIFSink.level(.low) == "note")
    }

    @Test func jsonLinesWritesOneObjectPerIncident() throws {
        let lines = try Self.written(JSONLinesSink.init).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(
            lines[1].contains(
                #""attachment":{"name":"staff.xlsx","type":"application/vnd.ms-excel","size":10,"sha256":"ab","member":"sheet2"}"#))
    }

    /// A run of incidents, each changing one field (or none) of the one before, each twice,
    /// then the same run backwards; and how many changes it makes.
    static func changingIncidents() -> (incidents: [Incident], changes: Int) {
        let base = Self.incident("one")
        let attachment = LeakScanCore.Attachment(name: "a.pdf", contentType: "application/pdf", size: 3, sha256: "cd", member: nil)
        let changes: [(inout Incident) -> Void] = [
            { $0.excerpt = "same place, another excerpt" }, { $0.rule = "uk-nino" }, { $0.source = "/archive/other.mbox" },
            { $0.offset = 43 }, { $0.messageID = nil }, { $0.author = "b@example.org" }, { $0.timestamp = nil },
            { $0.org = nil }, { $0.platform = "twitter" }, { $0.location = "attachment" }, { $0.attachment = attachment },
            // A place and a rule longer than the room the encoder starts with for their bytes.
            { $0.source = String(repeating: "/a-deep-folder", count: 150) }, { $0.rule = String(repeating: "long-rule-", count: 150) },
            { $0.rule = "payment-card" },
            // The same rule id with other fields of its own: not the bytes written for it before.
            { $0.severity = .high }, { $0.category = .logo }, { $0.kind = "slur" }, { $0.target = "public" },
            { $0.similarity = 0.875 }, { $0.similarity = 0.5 }, { $0.kind = nil }, { $0.rule = "uk-nino" },
        ]
        var incidents = [base]
        for change in changes {
            var next = incidents[incidents.count - 1]
            change(&next)
            incidents += [next, next]  // the same place twice in a row, then a change
        }
        // Back through the changes: a rule met again with the fields it had before (as a rule's
        // incidents in mail and in posts differ in their target).
        return (incidents + incidents.reversed(), changes.count)
    }

    /// The encoder copies the place fields of the incident before when the place is the same,
    /// and a rule's opening and closing fields when they are the same, and only then: a run of
    /// incidents, each changing one field (or none), then the same run backwards, encodes exactly
    /// as each incident does on its own, as one run and as runs of one to seven.
    @Test func jsonLinesEncoderReusesAPlaceOnlyWhenItIsTheSame() throws {
        let (incidents, changes) = Self.changingIncidents()
        var encoder = IncidentJSONLines.Encoder()
        var together = [UInt8]()
        var alone = [UInt8]()
        encoder.encode(incidents, into: &together)
        for incident in incidents { IncidentJSONLines.encode(incident, into: &alone) }
        var runs = [UInt8]()
        var (start, size) = (0, 1)
        while start < incidents.count {
            let end = min(incidents.count, start + size)
            encoder.encode(Array(incidents[start..<end]), into: &runs)
            (start, size) = (end, size % 7 + 1)
        }
        #expect(runs == alone)
        #expect(String(decoding: together, as: UTF8.self) == String(decoding: alone, as: UTF8.self))
        #expect(Set(String(decoding: alone, as: UTF8.self).split(separator: "\n")).count == changes + 1)
        #expect(String(decoding: together, as: UTF8.self).contains(#""similarity":0.875,"kind":"slur","target":"public"}"#))
    }

    /// More rules than the encoder keeps as used lately, taken in turns, some with fields of
    /// their own now and then (as a rule's target differs between mail and posts): every line
    /// is the incident's own, never another rule's bytes.
    @Test func rulesTakenInTurnsEachWriteTheirOwnFields() {
        var incidents = [Incident]()
        for round in 0..<60 {
            var incident = Self.incident("turn \(round)")
            incident.rule = "rule-\(round % 13)"
            incident.target = round % 5 == 0 ? "colleague" : "public"
            incident.offset = UInt64(round / 3)  // three incidents a place
            incidents.append(incident)
        }
        var encoder = IncidentJSONLines.Encoder()
        var together = [UInt8]()
        encoder.encode(incidents, into: &together)
        var alone = [UInt8]()
        for incident in incidents { IncidentJSONLines.encode(incident, into: &alone) }
        #expect(String(decoding: together, as: UTF8.self) == String(decoding: alone, as: UTF8.self))
    }

    /// An encoder kept for a whole scan that goes back and forth between mail and posts (a
    /// rule's target differs between them, so its bytes are written again each time) keeps a
    /// bounded number of rule bytes, and still encodes each incident as it does alone.
    @Test func anEncoderGoingBackAndForthKeepsBoundedRuleBytes() {
        var encoder = IncidentJSONLines.Encoder()
        var mail = Self.incident("one")
        mail.target = "colleague"
        var post = mail
        post.target = "public"
        var together = [UInt8]()
        var alone = [UInt8]()
        for round in 0..<5_000 {
            let incident = round.isMultiple(of: 2) ? mail : post
            if round.isMultiple(of: 3) {
                encoder.encode(incident, into: &together)
            } else {
                encoder.encode([incident, incident], into: &together)
                IncidentJSONLines.encode(incident, into: &alone)
            }
            IncidentJSONLines.encode(incident, into: &alone)
        }
        #expect(together == alone)
        #expect(encoder.ruleBytesKept <= IncidentJSONLines.Encoder.mostRuleBytes + 1_000)
    }

    /// Batches of 1 to 7 of the changing incidents, a place or a rule running on from one batch
    /// into the next, and empty batches between them, write what the incidents encoded one by
    /// one make, each once.
    @Test func jsonLinesSinkWritesBatchesAsTheirIncidentsAlone() throws {
        let (incidents, _) = Self.changingIncidents()
        var alone = [UInt8]()
        for incident in incidents { IncidentJSONLines.encode(incident, into: &alone) }
        let path = NSTemporaryDirectory() + "leakscan-writer-\(UUID().uuidString)"
        let sink = JSONLinesSink(output: try IncidentOutput(path: path))
        var start = 0
        var size = 1
        while start < incidents.count {
            let end = min(incidents.count, start + size)
            try sink.batch(
                ScanBatch(source: "s", incidents: Array(incidents[start..<end]), documents: [], checkpoint: .start, endsInput: false))
            try sink.batch(ScanBatch(source: "s", incidents: [], documents: [], checkpoint: .start, endsInput: false))
            (start, size) = (end, size % 7 + 1)
        }
        try sink.finish(ScanSummary())
        #expect(try String(contentsOfFile: path, encoding: .utf8) == String(decoding: alone, as: UTF8.self))
    }

    /// Every character that must be escaped, and some that must not, at every place in strings
    /// of 1 to 19 bytes (across and after the eight-byte words the check reads): what is written
    /// is JSON that reads back as the string, and escapes exactly when it has to.
    @Test func jsonStringsReadBackAsWrittenWhereverTheEscapedCharacterFalls() throws {
        let specials: [Character] = ["\"", "\\", "\n", "\r", "\t", "\u{0}", "\u{1F}", "\u{7F}"]
        let ordinary: [Character] = ["a", " ", "\u{20}", "~", "\u{80}", "é", "€", "😀", "\u{21}", "\u{5B}", "\u{5D}"]
        for length in 1...19 {
            for position in 0..<length {
                for character in specials + ordinary {
                    var text = String(repeating: "x", count: length)
                    let index = text.index(text.startIndex, offsetBy: position)
                    text.replaceSubrange(index...index, with: String(character))
                    let written = ByteArena()
                    JSONString.append(text, to: written)
                    let out = written.withBytes { Array($0) }
                    let read = try JSONSerialization.jsonObject(with: Data(out), options: [.fragmentsAllowed]) as? String
                    #expect(read == text, "\(text.debugDescription)")
                    let escaped = out.count != text.utf8.count + 2
                    #expect(escaped == specials.contains(character), "\(text.debugDescription)")
                }
            }
        }
        // Escapes as JSON writers spell them: short forms where JSON has them, else lower-case `\u00XX`.
        let written = ByteArena()
        JSONString.append("a\"b\\c\n\r\t\u{0}\u{1F}\u{7F}é", to: written)
        #expect(written.withBytes { String(decoding: $0, as: UTF8.self) } == #""a\"b\\c\n\r\t\u0000\u001f\u007fé""#)
    }
}

/// The encoder's byte arena holds exactly what was appended to it, in order, however often it
/// grew (from its smallest size, by pieces longer and shorter than what it holds), and hands
/// back the ranges it kept them at.
@Suite struct ByteArenaTests {
    @Test func holdsWhatWasAppendedAcrossGrowth() {
        let arena = ByteArena(capacity: 1)
        var expected = [UInt8]()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        for round in 0..<2_000 {
            switch next() % 3 {
            case 0:
                let byte = UInt8(truncatingIfNeeded: round)
                arena.append(byte)
                expected.append(byte)
            case 1:
                arena.append(constant: #","key":"#, dropFirst: round % 2)
                expected += Array(#","key":"#.utf8.dropFirst(round % 2))
            default:
                let piece = (0..<(next() % 300)).map { UInt8(truncatingIfNeeded: $0 &+ round) }
                let range = piece.withUnsafeBufferPointer { arena.append($0) }
                #expect(range == expected.count..<(expected.count + piece.count))
                expected += piece
            }
        }
        #expect(arena.count == expected.count)
        #expect(arena.withBytes { Array($0) } == expected)
        arena.removeAll()
        #expect(arena.count == 0 && arena.withBytes { $0.isEmpty })
    }
}
