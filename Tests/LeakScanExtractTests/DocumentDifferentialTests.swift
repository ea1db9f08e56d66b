import Foundation
import Testing

@testable import LeakScanExtract

let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let documents = repository.appendingPathComponent("../shared/corpora/documents")

/// A new empty folder under the temporary directory, named from `prefix`; the caller removes it.
func temporaryFolder(_ prefix: String) throws -> String {
    let folder = NSTemporaryDirectory() + "\(prefix)-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
    return folder
}

extension Extraction {
    /// The text of each UTF-8 part at `path` (`["properties"]`: a file's properties).
    func texts(at path: [String]) -> [String] {
        parts.compactMap { part in
            guard case .utf8(let text) = part.content, part.path == path else { return nil }
            return String(decoding: text, as: UTF8.self)
        }
    }
}

/// Runs a program and returns its stdout (stderr discarded) and exit status.
func run(_ arguments: [String]) throws -> (output: Data, status: Int32) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = arguments
    let out = Pipe()
    process.standardOutput = out
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (data, process.terminationStatus)
}

/// Words as a multiset: maximal runs of letters and digits, case kept.
func words(_ text: String) -> [String: Int] {
    var counts = [String: Int]()
    for word in text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }) { counts[String(word), default: 0] += 1 }
    return counts
}

/// Share of the oracle's words (with multiplicity) that LeakScan's text also has.
func agreement(ours: String, oracle: String) -> Double {
    let mine = words(ours)
    let theirs = words(oracle)
    let total = theirs.values.reduce(0, +)
    guard total > 0 else { return 1 }
    let shared = theirs.reduce(0) { $0 + min($1.value, mine[$1.key] ?? 0) }
    return Double(shared) / Double(total)
}

/// Extracted text of a whole file, every part but its properties joined.
func extractedText(_ path: URL) throws -> (text: String, problems: [ExtractionProblem]) {
    let extraction = AttachmentExtractor().extract(Array(try Data(contentsOf: path)), name: path.lastPathComponent)
    // The pages' text: the tools compared with print pages, not a document's properties.
    let text = extraction.parts.filter { $0.path.last != "properties" }.map { part -> String in
        switch part.content {
        case .utf8(let bytes), .plain(let bytes), .html(let bytes), .message(let bytes): String(decoding: bytes, as: UTF8.self)
        case .emblem: ""
        }
    }.joined(separator: "\n")
    return (text, extraction.problems)
}

/// LeakScan's document readers against the tools people already trust, on real files.
@Suite struct DocumentDifferentialTests {
    /// PDFs that open only with a password (pdftotext cannot read them either); LeakScan must
    /// report them as encrypted. `encrypted_doc_no_id.pdf` has an owner password only and is read.
    static let pdfExceptions: [String: String] = [
        "crazyones-encrypted-256.pdf": "AES-256 encrypted with a user password",
        "encrypted-file.pdf": "encrypted with a user password",
        "libreoffice-writer-password.pdf": "encrypted with a user password",
    ]

    @Test func pdfTextMatchesPdftotextOnEveryCorpusPDF() throws {
        let folder = documents.appendingPathComponent("pypdf")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".pdf") }.sorted()
        #expect(files.count >= 40)
        var compared = 0
        for file in files {
            let path = folder.appendingPathComponent(file)
            let (ours, problems) = try extractedText(path)
            let oracle = try run(["pdftotext", "-q", "-enc", "UTF-8", path.path, "-"])
            if let reason = Self.pdfExceptions[file] {
                #expect(problems.contains { $0.kind == .encrypted }, "\(file): \(reason), but not reported as encrypted")
                continue
            }
            #expect(oracle.status == 0, "\(file): pdftotext failed")
            let share = agreement(ours: ours, oracle: String(decoding: oracle.output, as: UTF8.self))
            #expect(share >= 0.95, "\(file): only \(Int(share * 100)) % of pdftotext's words")
            compared += 1
        }
        #expect(compared == files.count - Self.pdfExceptions.count)
    }

    /// The notes and form fields LeakScan reads from a PDF (qpdf) are the ones pypdf reads, on
    /// every corpus PDF both can open: each annotation's contents but a widget's, each text
    /// field's `name: value`.
    @Test func pdfNotesAndFieldsMatchPypdfOnEveryCorpusPDF() throws {
        let folder = documents.appendingPathComponent("pypdf")
        let script = """
            import glob, json, os, sys
            from pypdf import PdfReader
            found = {}
            for path in sorted(glob.glob(os.path.join(sys.argv[1], "*.pdf"))):
                try:
                    reader = PdfReader(path)
                    if reader.is_encrypted:
                        continue
                    lines = []
                    for page in reader.pages:
                        for annotation in page.get("/Annots", []) or []:
                            annotation = annotation.get_object()
                            contents = annotation.get("/Contents")
                            if annotation.get("/Subtype") != "/Widget" and isinstance(contents, str) and contents:
                                lines.append(contents)
                    for name, field in (reader.get_fields() or {}).items():
                        value = field.get("/V")
                        if isinstance(value, str) and value and field.get("/FT") != "/Btn":
                            lines.append(name + ": " + value)
                    found[os.path.basename(path)] = sorted(line.replace("\\r", " ").replace("\\n", " ") for line in lines)
                except Exception:
                    pass
            json.dump(found, sys.stdout)
            """
        let oracle = try #require(
            try JSONSerialization.jsonObject(with: run(["python3", "-c", script, folder.path]).output) as? [String: [String]],
            "pypdf did not run (scripts/setup installs it)")
        #expect(oracle.count >= 40, "pypdf read \(oracle.count) files")
        #expect(oracle.values.filter { !$0.isEmpty }.count >= 5)
        for (file, lines) in oracle {
            let bytes = Array(try Data(contentsOf: folder.appendingPathComponent(file)))
            let ours = String(decoding: PDFText.annotations(bytes), as: UTF8.self).split(separator: "\n").map { String($0) }.sorted()
            #expect(ours == lines, "\(file)")
        }
    }

    @Test func docxTextMatchesPythonDocxParagraphsAndTables() throws {
        let folder = documents.appendingPathComponent("python-docx")
        let files = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".docx") }.sorted()
        #expect(files.count >= 30)
        let oracle = try run(
            ["python3", repository.appendingPathComponent("scripts/oracle/docx_text.py").path]
                + files.map { folder.appendingPathComponent($0).path })
        #expect(oracle.status == 0, "python-docx oracle failed (pip install python-docx)")
        let expected = try #require(try JSONSerialization.jsonObject(with: oracle.output) as? [String: [String: String]])
        for file in files {
            let path = folder.appendingPathComponent(file)
            guard let text = expected[path.path]?["text"] else {
                Issue.record("\(file): python-docx could not read it: \(expected[path.path]?["error"] ?? "missing")")
                continue
            }
            let (ours, problems) = try extractedText(path)
            #expect(problems.isEmpty, "\(file): \(problems)")
            let share = agreement(ours: ours, oracle: text)
            #expect(share >= 0.99, "\(file): only \(Int(share * 100)) % of python-docx's words")
        }
    }
}
