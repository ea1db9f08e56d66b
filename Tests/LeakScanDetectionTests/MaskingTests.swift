import Foundation
import LeakScanCore
import LeakScanRules
import Testing

@testable import LeakScanDetection

/// Incident records must not become a new leak.
@Suite struct MaskingTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rules = try! RuleSet.load(directory: root.appendingPathComponent("Patterns"))
    static let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("masking-test-key".utf8)))

    /// Identifiers planted in text, each with the rule that must find it.
    static let planted: [(rule: String, lead: String, value: String)] = [
        ("uk-nino", "NI", "AB 12 34 56 C"), ("uk-nino-compact", "NINO", "JG103759A"), ("payment-card", "card", "4111 1111 1111 1111"),
        ("payment-card", "card", "5500-0000-0000-0004"), ("nhs-number", "NHS number", "943 476 5919"),
        ("iban", "IBAN", "GB82 WEST 1234 5698 7654 32"), ("uk-passport", "passport", "925076473"),
        ("uk-driving-licence", "licence", "MORGA753116SM9IJ"), ("uk-mobile-number", "mobile", "07700 900123"),
        ("credential-password", "password:", "Tr0ub4dor&3"), ("warrant-card-number", "warrant card no.", "MP234567"),
    ]

    static func normalised(_ text: String) -> String {
        String(text.uppercased().unicodeScalars.filter { CharacterSet.alphanumerics.contains($0) }.map(Character.init))
    }

    func incidents(_ text: String) -> [Incident] {
        let document = Document(source: "s", offset: 0, messageID: "id", units: [TextUnit(location: "body", bytes: Array(text.utf8))])
        return Self.detector.incidents(in: document, scratch: Self.detector.makeScratch())
    }

    /// A value found twice in a document is one incident, however many incidents the document
    /// has (the check looks through the document's incidents while they are few, then in a set).
    /// Every other copy of every value is masked too, with few values and with more than the
    /// direct comparison holds (a set takes over past sixteen): the same spans a naive search
    /// of each value gives.
    @Test(arguments: [3, 40]) func everyCopyOfEveryValueIsMasked(_ distinct: Int) {
        var text = [UInt8]()
        var values = [SensitiveSpan]()
        for copy in 0..<2 {
            for index in 0..<distinct {
                let value = Array("ID\(1000 + index)".utf8)
                if copy == 0 { values.append(SensitiveSpan(range: text.count..<(text.count + value.count), style: .partial)) }
                text += value + Array(" and ".utf8)
            }
        }
        values += values  // a value listed twice is searched once
        var expected = values
        for value in values.prefix(distinct) {
            let bytes = Array(text[value.range])
            for start in 0...(text.count - bytes.count)
            where start != value.range.lowerBound && Array(text[start..<(start + bytes.count)]) == bytes {
                expected.append(SensitiveSpan(range: start..<(start + bytes.count), style: .partial))
            }
        }
        var spans = values
        var searched = [Range<Int>]()
        Detector.addRepeats(to: &spans, in: text, searched: &searched)
        #expect(spans.count == expected.count)
        #expect(Set(spans.map(\.range)) == Set(expected.map(\.range)))
    }

    @Test func aRepeatedValueIsOneIncidentInADocumentWithMany() {
        let numbers = (0..<40).map { String(format: "card 4111 1111 1111 %04d", $0) }.filter { Self.luhnValid($0.filter(\.isNumber)) }
        let text = (numbers + numbers.reversed()).joined(separator: " and ")
        let found = incidents(text)
        #expect(numbers.count >= 3)
        #expect(found.filter { $0.rule == "payment-card" }.count == numbers.count)
        #expect(Set(found.map(\.fingerprint)).count == found.count)
        let many = (0..<40).map { "NI \(["AB", "CE", "JG", "KL"][$0 % 4]) \(String(format: "%02d %02d %02d", $0, $0 + 10, $0 + 20)) C" }
        let more = incidents((many + many.shuffled()).joined(separator: ", "))
        #expect(more.filter { $0.rule == "uk-nino" }.count == 40)
        #expect(Set(more.map(\.fingerprint)).count == more.count)
    }

    static func luhnValid(_ digits: String) -> Bool {
        var sum = 0
        for (index, digit) in digits.reversed().compactMap(\.wholeNumberValue).enumerated() {
            sum += index % 2 == 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit
        }
        return sum % 10 == 0
    }

    /// Rules that match the same word share one excerpt; a match elsewhere in the unit gets
    /// its own (a shared excerpt must never show one match's text for another's).
    @Test func excerptsFollowTheirOwnMatch() {
        let filler = String(repeating: "and the weather was fine all day long, ", count: 3)
        let text = "@user you are a shit person and everyone knows it. " + filler + "My NI is AB 12 34 56 C by the way."
        let document = Document(
            source: "s", offset: 0, messageID: "id", platform: "twitter", units: [TextUnit(location: "text", bytes: Array(text.utf8))])
        let found = Self.detector.incidents(in: document, scratch: Self.detector.makeScratch())
        let atTheWord = found.filter { $0.category == .derogatory }
        let atTheNumber = found.filter { $0.rule == "uk-nino" }
        #expect(atTheWord.count >= 2, "\(found.map(\.rule))")
        #expect(Set(atTheWord.map(\.excerpt)).count == 1)
        #expect(
            atTheWord.allSatisfy { $0.excerpt.contains("a s*** person") && !$0.excerpt.contains("NI is") }, "\(atTheWord.map(\.excerpt))")
        #expect(atTheNumber.count == 1)
        #expect(atTheNumber.allSatisfy { $0.excerpt.contains("NI is") && !$0.excerpt.contains("a s*** person") })
    }

    @Test(arguments: planted.indices)
    func excerptAndFingerprintNeverHoldTheIdentifier(_ index: Int) {
        let (rule, lead, value) = Self.planted[index]
        // The value twice, close together: the second copy falls inside the first one's excerpt
        // without the words that made the rule fire.
        let text = "Record for the file. \(lead) \(value) and again \(value) for the file."
        let found = incidents(text).filter { $0.rule == rule }
        #expect(!found.isEmpty, "\(rule) did not fire on \(value)")
        let secret = Self.normalised(value)
        for incident in incidents(text) {
            #expect(!Self.normalised(incident.excerpt).contains(secret), "\(incident.rule): \(incident.excerpt)")
            #expect(!incident.fingerprint.description.uppercased().contains(secret))
            #expect(incident.fingerprint.description.count == 32)
        }
    }

    /// Each identifier written with its characters one space apart (`A B 1 2 3 4 5 6 C`) is
    /// found by its rule (a NINO run together is the compact rule's, which the lead `NI` names),
    /// masked in every excerpt, and, beside the same identifier written plainly, is the same
    /// incident. Before, none was found.
    @Test(arguments: planted.indices)
    func aSpacedOutIdentifierIsFoundAndMasked(_ index: Int) {
        let (rule, lead, value) = Self.planted[index]
        let spaced = value.filter { $0 != " " }.map(String.init).joined(separator: " ")
        let expected = rule == "uk-nino" ? "uk-nino-compact" : rule
        let alone = incidents("Record for the file. \(lead) \(spaced) for the file.")
        #expect(alone.contains { $0.rule == expected }, "\(expected) did not fire on \(spaced): \(alone.map(\.rule))")
        let secret = Self.normalised(value)
        for incident in alone {
            #expect(!Self.normalised(incident.excerpt).contains(secret), "\(incident.rule): \(incident.excerpt)")
        }
        guard expected == rule else { return }
        let both = incidents("Record for the file. \(lead) \(value), again \(lead) \(spaced) for the file.")
        #expect(both.count { $0.rule == rule } == 1, "\(both.map(\.excerpt))")
    }

    @Test func partialMaskKeepsShapeAndAFewCharacters() {
        let text = Array("NI AB 12 34 56 C ok".utf8)
        let excerpt = ExcerptBuilder.excerpt(of: text, match: 3..<16, spans: [SensitiveSpan(range: 3..<16, style: .partial)])
        #expect(excerpt == "NI AB ** ** ** C ok")
    }

    @Test func fullMaskHidesLengthAndNoneShowsTheMatch() {
        let text = Array("password: hunter2hunter2 [RESTRICTED]".utf8)
        let excerpt = ExcerptBuilder.excerpt(
            of: text, match: 10..<24,
            spans: [SensitiveSpan(range: 10..<24, style: .full), SensitiveSpan(range: 26..<36, style: .none)])
        #expect(excerpt == "password: ******** [RESTRICTED]")
    }

    @Test func excerptIsCutToContextWithEllipsesAndWholeCharacters() {
        let text = Array((String(repeating: "é", count: 40) + " card 4111111111111111 " + String(repeating: "ü", count: 40)).utf8)
        let start = 80 + 6
        let excerpt = ExcerptBuilder.excerpt(
            of: text, match: start..<(start + 16), spans: [SensitiveSpan(range: start..<(start + 16), style: .partial)])
        #expect(excerpt.hasPrefix("…"))
        #expect(excerpt.hasSuffix("…"))
        #expect(excerpt.contains("4111**********11"))
        #expect(!excerpt.contains("\u{FFFD}"))
    }

    @Test func fingerprintIsStableNormalisedAndKeyed() {
        let a = Fingerprinter(key: Array("key-one-0123456789".utf8))
        let b = Fingerprinter(key: Array("key-two-0123456789".utf8))
        let spaced = a.fingerprint(rule: "uk-nino", identity: "m1", value: Array("AB 12 34 56 C".utf8))
        #expect(spaced == a.fingerprint(rule: "uk-nino", identity: "m1", value: Array("ab123456c".utf8)))
        #expect(spaced != a.fingerprint(rule: "uk-nino", identity: "m2", value: Array("AB123456C".utf8)))
        #expect(spaced != a.fingerprint(rule: "other", identity: "m1", value: Array("AB123456C".utf8)))
        #expect(spaced != b.fingerprint(rule: "uk-nino", identity: "m1", value: Array("AB123456C".utf8)))
    }

    @Test func sameValueTwiceInOneMessageIsOneIncident() {
        let found = incidents("card 4111 1111 1111 1111, again 4111-1111-1111-1111").filter { $0.rule == "payment-card" }
        #expect(found.count == 1)
    }
}
