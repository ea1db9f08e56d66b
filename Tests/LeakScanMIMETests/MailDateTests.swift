import Foundation
import Testing

@testable import LeakScanMIME

/// The byte-level reader of the common date form must agree with the general token reader
/// wherever it answers, and must answer for most real mail.
@Suite struct MailDateCommonFormTests {
    func commonForm(_ text: String) -> Date? {
        var text = text
        return text.withUTF8(MailDate.parseCommonForm)
    }

    /// Every `Date:` field of the real messages in `../shared/corpora/email`.
    func realDateFields() throws -> [String] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("shared/corpora/email")
        guard let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var fields = [String]()
        for case let file as URL in walker {
            guard let data = try? Data(contentsOf: file) else { continue }
            for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("Date: ") {
                fields.append(String(line.dropFirst(6)))
            }
        }
        return fields
    }

    @Test func realDatesReadAsTheGeneralPathReadsThem() throws {
        let fields = try realDateFields()
        #expect(fields.count > 500)
        var answered = 0
        for field in fields {
            guard let date = commonForm(field) else { continue }
            answered += 1
            #expect(date == MailDate.parseAnyForm(field), "\(field)")
        }
        // The fast path is worth having only if real mail takes it.
        #expect(answered * 10 >= fields.count * 8, "\(answered) of \(fields.count)")
    }

    @Test func variantsAndMutationsNeverDisagree() {
        var state: UInt64 = 7
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        let pieces: [[String]] = [
            ["", "Tue, ", "tue,", "Sun ", "Mar, ", "Tuesday, ", "  Wed ,"],
            ["3", "03", "31", "0", "32", "123", "+3"],
            [" Nov ", " nov ", " NOV ", ",Feb,", " November ", " Nox ", " Dec\t"],
            ["2009", "0999", "1999", "20091", "49", "2200", "2201"],
            [" 14:05:00", " 14:05", " 4:05:00", " 23:59:60", " 23:59:99", " 24:00:00", " 14:05:00(GMT)", " 14::05"],
            [
                "", " +0000", " -0700", " +0530", " +9999", " GMT", " (GMT)", " +0000 (UTC)", " +0000(UTC)", " -0000 extra", " +00000",
                " +000",
            ],
        ]
        var answered = 0
        for round in 0..<20_000 {
            var text = pieces.map { $0[next($0.count)] }.joined()
            if round % 3 == 0 {
                var bytes = Array(text.utf8)
                bytes[next(bytes.count)] = UInt8(truncatingIfNeeded: next(256))
                text = String(decoding: bytes, as: UTF8.self)
            }
            guard let date = commonForm(text) else { continue }
            answered += 1
            #expect(date == MailDate.parseAnyForm(text), "\(text)")
        }
        #expect(answered > 250)  // most combinations hold an invalid piece; the general path reads those
        #expect(commonForm("Tue, 3 Nov 2009 14:05:00 +0000")?.timeIntervalSince1970 == 1_257_257_100)
    }
}
