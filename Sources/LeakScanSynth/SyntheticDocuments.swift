import Foundation

/// Small but real documents for synthetic attachments: Word and Excel files (Office Open XML in
/// a zip), PDFs and zips of CSV, each carrying given text, so scans and benchmarks read
/// attachments the way they read real ones. The zip is written stored (no compression) by
/// hand: a few dozen lines, where a compression library would add a dependency to a test-data
/// generator.
enum SyntheticDocuments {
    static func docx(paragraphs: [String]) -> [UInt8] {
        let body = paragraphs.map { "<w:p><w:r><w:t xml:space=\"preserve\">\(escaped($0))</w:t></w:r></w:p>" }.joined()
        return zip([
            ("[Content_Types].xml", contentTypes),
            (
                "word/document.xml",
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>\(body)</w:body></w:document>"
            ),
        ])
    }

    /// One sheet; every cell an inline string.
    static func xlsx(rows: [[String]]) -> [UInt8] {
        let cells = rows.map { row in
            "<row>" + row.map { "<c t=\"inlineStr\"><is><t>\(escaped($0))</t></is></c>" }.joined() + "</row>"
        }.joined()
        let main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
        return zip([
            ("[Content_Types].xml", contentTypes),
            ("xl/workbook.xml", "<workbook xmlns=\"\(main)\"/>"),
            ("xl/worksheets/sheet1.xml", "<worksheet xmlns=\"\(main)\"><sheetData>\(cells)</sheetData></worksheet>"),
        ])
    }

    /// A one-page PDF showing each line in Helvetica, with a correct cross-reference table.
    static func pdf(lines: [String]) -> [UInt8] {
        let text = lines.enumerated().map { index, line in
            let safe = line.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
            return "BT /F1 11 Tf 56 \(760 - 14 * index) Td (\(safe)) Tj ET"
        }.joined(separator: "\n")
        return pdf(objects: [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(text.utf8.count) >>\nstream\n\(text)\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ])
    }

    /// A PDF of `objects`, numbered from 1 (the first is the catalog), with a correct
    /// cross-reference table and `trailer`'s entries in the trailer (`/Info 6 0 R`).
    public static func pdf(objects: [String], trailer: String = "") -> [UInt8] {
        var out = Array("%PDF-1.4\n".utf8)
        var offsets = [Int]()
        for (index, object) in objects.enumerated() {
            offsets.append(out.count)
            out += Array("\(index + 1) 0 obj\n\(object)\nendobj\n".utf8)
        }
        let xref = out.count
        out += Array("xref\n0 \(objects.count + 1)\n0000000000 65535 f \n".utf8)
        for offset in offsets { out += Array((String(repeating: "0", count: 10 - String(offset).count) + "\(offset) 00000 n \n").utf8) }
        out += Array("trailer\n<< /Size \(objects.count + 1) /Root 1 0 R \(trailer)>>\nstartxref\n\(xref)\n%%EOF\n".utf8)
        return out
    }

    static let contentTypes = "<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(
            of: ">", with: "&gt;")
    }

    /// A zip of stored members (PKWARE APPNOTE 4.3: local headers, central directory, end record).
    static func zip(_ members: [(name: String, text: String)]) -> [UInt8] {
        zip(members.map { ($0.name, Array($0.text.utf8)) })
    }

    static func zip(_ members: [(name: String, data: [UInt8])]) -> [UInt8] {
        var out = [UInt8]()
        var central = [UInt8]()
        func u16(_ value: Int) -> [UInt8] { [UInt8(value & 0xFF), UInt8(value >> 8 & 0xFF)] }
        func u32(_ value: UInt32) -> [UInt8] { (0..<4).map { UInt8(value >> (8 * $0) & 0xFF) } }
        for (name, data) in members {
            let nameBytes = Array(name.utf8)
            let crc = crc32(data)
            let fields = u16(20) + u16(0x0800) + u16(0) + u16(0) + u16(0x21) + u32(crc) + u32(UInt32(data.count)) + u32(UInt32(data.count))
            let offset = UInt32(out.count)
            out += u32(0x0403_4B50) + fields + u16(nameBytes.count) + u16(0) + nameBytes + data
            central +=
                u32(0x0201_4B50) + u16(20) + fields + u16(nameBytes.count) + u16(0) + u16(0) + u16(0) + u16(0) + u32(0) + u32(offset)
                + nameBytes
        }
        let centralOffset = UInt32(out.count)
        out += central
        out +=
            u32(0x0605_4B50) + u16(0) + u16(0) + u16(members.count) + u16(members.count) + u32(UInt32(central.count)) + u32(centralOffset)
            + u16(0)
        return out
    }

    static let crcTable: [UInt32] = (0..<256).map { index in
        (0..<8).reduce(UInt32(index)) { crc, _ in crc & 1 == 1 ? 0xEDB8_8320 ^ (crc >> 1) : crc >> 1 }
    }

    static func crc32(_ data: [UInt8]) -> UInt32 {
        ~data.reduce(UInt32.max) { crc, byte in crcTable[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
    }
}
