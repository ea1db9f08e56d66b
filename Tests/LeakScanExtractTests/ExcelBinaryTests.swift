import Foundation
import LeakScanOutlook
import Testing

@testable import LeakScanExtract

/// Excel 97–2003 workbooks (`.xls`) as LibreOffice writes them: every cell xlrd (the Python
/// reader of the format) finds is in LeakScan's text, in its row and order.
@Suite struct ExcelBinaryTests {
    /// `scripts/fixtures/staff_workbook.py`'s sheets saved as `.xls`, once for the suite.
    static let workbook: URL? = {
        let folder = NSTemporaryDirectory() + "leakscan-xls-\(UUID().uuidString)"
        try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        _ = try? run(["python3", repository.appendingPathComponent("scripts/fixtures/staff_workbook.py").path, folder + "/staff.fods"])
        _ = try? run([
            "timeout", "300", "soffice", "-env:UserInstallation=file://\(folder)/profile", "--headless", "--convert-to", "xls",
            "--outdir", folder, folder + "/staff.fods",
        ])
        let path = URL(fileURLWithPath: folder + "/staff.xls")
        return FileManager.default.fileExists(atPath: path.path) ? path : nil
    }()

    /// xlrd's cells, sheet by sheet, row by row, empty cells left out; whole numbers as digits.
    static let oracle = #"""
        import json, sys, xlrd
        book = xlrd.open_workbook(sys.argv[1])
        def text(value):
            if isinstance(value, float):
                return str(int(value)) if value == int(value) else repr(value)
            return value
        print(json.dumps([[[text(v) for v in sheet.row_values(r) if v != ""] for r in range(sheet.nrows)] for sheet in book.sheets()]))
        """#

    @Test func everyCellXlrdReadsIsInTheText() throws {
        let path = try #require(Self.workbook, "LibreOffice did not write the workbook (apt-get install libreoffice-calc-nogui)")
        let expected = try run(["python3", "-c", Self.oracle, path.path])
        #expect(expected.status == 0, "xlrd failed (pip install xlrd)")
        let sheets = try #require(try JSONSerialization.jsonObject(with: expected.output) as? [[[String]]])
        #expect(sheets.count == 2 && sheets[0].count == 401 && sheets[1].count == 600)
        let extraction = AttachmentExtractor().extract(Array(try Data(contentsOf: path)), name: "staff.xls")
        #expect(extraction.problems.isEmpty, "\(extraction.problems)")
        for (index, rows) in sheets.enumerated() {
            let part = try #require(extraction.parts.first { $0.path == ["sheet\(index + 1)"] })
            guard case .utf8(let bytes) = part.content else {
                Issue.record("sheet\(index + 1) is not text")
                continue
            }
            let ours = String(decoding: bytes, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map {
                $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            }
            let wanted = rows.filter { !$0.isEmpty }
            #expect(ours.count == wanted.count, "sheet\(index + 1): \(ours.count) rows, xlrd \(wanted.count)")
            for (row, cells) in zip(ours, wanted) where row != cells {
                Issue.record("sheet\(index + 1): \(row) where xlrd reads \(cells)")
                break
            }
        }
        // The card numbers read as their 16 digits, where a double's default form would not.
        #expect(
            extraction.parts.contains { part in
                if case .utf8(let bytes) = part.content { return String(decoding: bytes, as: UTF8.self).contains("4111111111111111") }
                return false
            })
    }

    /// A workbook cut short, one marked encrypted and a text limit: each said, none a crash.
    @Test func damagedEncryptedAndLimitedWorkbooks() throws {
        let path = try #require(Self.workbook)
        let bytes = Array(try Data(contentsOf: path))
        let cut = AttachmentExtractor().extract(Array(bytes.prefix(bytes.count / 2)), name: "cut.xls")
        #expect(!cut.problems.isEmpty, "\(cut.parts.count) parts")
        guard case .workbook(let workbook, _) = OutlookMessageFile.read(bytes) else {
            Issue.record("not read as a workbook")
            return
        }
        // FILEPASS (0x002F, length 0) right after the globals' BOF.
        let bofLength = Int(workbook[2]) | Int(workbook[3]) << 8
        var locked = workbook
        locked.insert(contentsOf: [0x2F, 0x00, 0x00, 0x00], at: 4 + bofLength)
        guard case .failure(let failure) = ExcelBinaryText.sheets(workbook: locked, maxBytes: 1 << 20) else {
            Issue.record("an encrypted workbook was read")
            return
        }
        #expect(failure == .encrypted)
        let limited = try ExcelBinaryText.sheets(workbook: workbook, maxBytes: 100).get()
        #expect(limited.cut && limited.sheets.map(\.text.count).reduce(0, +) <= 100)
        #expect(ExcelBinaryText.number(4_111_111_111_111_111) == "4111111111111111")
        #expect(ExcelBinaryText.number(62.29) == "62.29")
    }
}
