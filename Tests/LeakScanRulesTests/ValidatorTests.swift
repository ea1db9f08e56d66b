import Foundation
import LeakScanRules
import Testing

/// Validators checked against Presidio's own test cases (../shared/corpora/patterns/presidio).
@Suite struct ValidatorTests {
    struct Oracle: Decodable {
        struct NHS: Decodable {
            let valid: [String]
            let invalid_checksum: [String]
        }
        struct Cards: Decodable {
            let valid: [String]
            let invalid: [String]
        }
        let UK_NHS_checksum: NHS
        let CREDIT_CARD_luhn: Cards
    }

    static let oracleURL = sharedCorpora.appendingPathComponent("patterns/presidio/tests-oracle/uk_cases.json")
    static let oracle: Oracle = try! JSONDecoder().decode(Oracle.self, from: Data(contentsOf: oracleURL))

    @Test func nhsChecksumMatchesPresidio() {
        for number in Self.oracle.UK_NHS_checksum.valid { #expect(Validator.nhsMod11.isValid(Array(number.utf8)), "\(number)") }
        for number in Self.oracle.UK_NHS_checksum.invalid_checksum { #expect(!Validator.nhsMod11.isValid(Array(number.utf8)), "\(number)") }
    }

    @Test func luhnMatchesPresidio() {
        for number in Self.oracle.CREDIT_CARD_luhn.valid { #expect(Validator.luhn.isValid(Array(number.utf8)), "\(number)") }
        for number in Self.oracle.CREDIT_CARD_luhn.invalid { #expect(!Validator.luhn.isValid(Array(number.utf8)), "\(number)") }
    }

    @Test func ninoPrefixRules() {
        for valid in ["AB123456C", "ab 12 34 56 c", "JG103759", "TW987654A"] {
            #expect(Validator.nino.isValid(Array(valid.utf8)), "\(valid)")
        }
        for invalid in ["BG123456A", "GB123456A", "NK123456A", "TN123456A", "ZZ123456A", "DA123456A", "AO123456A", "AB123456E", "AB12345C"]
        {
            #expect(!Validator.nino.isValid(Array(invalid.utf8)), "\(invalid)")
        }
    }

    @Test func ibanMod97() {
        #expect(Validator.ibanMod97.isValid(Array("GB82 WEST 1234 5698 7654 32".utf8)))
        #expect(Validator.ibanMod97.isValid(Array("DE89370400440532013000".utf8)))
        #expect(!Validator.ibanMod97.isValid(Array("GB82WEST12345698765433".utf8)))
        #expect(!Validator.ibanMod97.isValid(Array("GB82WEST1234569876543!".utf8)))
    }

    /// Presidio's NINO sentences, run through LeakScan's two NINO rules. LeakScan asks for
    /// context words around an unspaced NINO (product codes share its shape), so each case is
    /// given the words "NI number" in front.
    @Test func ninoRuleAgreesWithPresidioCases() throws {
        struct Cases: Decodable { let UK_NINO: [[Entry]] }
        enum Entry: Decodable {
            case text(String), spans([[Int]])
            init(from decoder: Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) {
                    self = .text(text)
                } else {
                    self = .spans(try container.decode([[Int]].self))
                }
            }
        }
        let cases = try JSONDecoder().decode(Cases.self, from: Data(contentsOf: Self.oracleURL)).UK_NINO
        let indices = bundledRules.rules.indices.filter { bundledRules.rules[$0].definition.id.hasPrefix("uk-nino") }
        #expect(indices.count == 2)
        let checker = BundledRuleTests.checker
        #expect(cases.count >= 10)
        for entry in cases {
            guard case .text(let text) = entry[0], case .spans(let spans) = entry[1] else { continue }
            let scratch = BundledRuleTests.detector.makeScratch()
            let fires = indices.contains { checker.fires(rule: $0, on: "NI number " + text, scratch: scratch) }
            #expect(fires == !spans.isEmpty, "\(text)")
        }
    }
}
