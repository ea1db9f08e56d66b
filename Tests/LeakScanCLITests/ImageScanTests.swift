import Foundation
import Testing

/// Pictures end to end through `leakscan scan`: the shipped sample emblem pasted into a photo
/// and attached under a neutral name, the same emblem inline (`cid:`) in HTML mail, a
/// screenshot carrying a protective marking and an identifier; a different emblem, a real
/// photo and a chart stay quiet; a decompression bomb and a truncated JPEG are reported and the
/// rest of the archive is still scanned; screenshots cut short are reported and read as far as
/// their data goes; a phone photo stored sideways and an iPhone's HEIC photo are read.
@Suite struct ImageScanTests {
    @Test func emblemsAndScreenshotTextAreFoundAndOtherPicturesAreNot() throws {
        let work = try temporaryDirectory()
        try AttachmentScanTests.shell(
            ["python3", repository.appendingPathComponent("scripts/fixtures/image_mail.py").path, work], in: work)
        let run = try leakscan(["scan", "--quiet", "--metrics-file", work + "/metrics.prom", work + "/images.mbox"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try AttachmentScanTests.incidents(run.stdout)
        let expected =
            try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: work + "/expected.json"))) as! [[String: Any]]
        for message in expected {
            let id = message["message_id"] as! String
            let hits = found.filter { $0["message_id"] as? String == id }.map { "\($0["rule"]!) at \($0["location"]!)" }
            let wanted = (message["hits"] as! [[String: String]]).map { "\($0["rule"]!) at \($0["location"]!)" }
            #expect(Set(hits) == Set(wanted), "\(id): expected \(wanted), found \(hits)")
        }
        // The emblem record says how close the picture is, and names the reference.
        let emblem = try #require(found.first { $0["message_id"] as? String == "emblem-attachment@fixture" })
        #expect(emblem["category"] as? String == "logo")
        #expect(try #require(emblem["similarity"] as? Double) >= 0.89)
        #expect((emblem["excerpt"] as? String)?.contains("sample-emblem.png") == true)
        // Text read from pixels is masked like any other text.
        #expect(!run.stdout.contains("AB 12 34 56 C"))
        // The bomb is counted, not matched; the five pictures cut short are counted damaged, in
        // the decoders' own words, and the JPEGs and the PNG were read as far as their data goes
        // (expected.json: the marking above each screenshot's cut is found, the identifier below
        // it is not).
        #expect(try metric("leakscan_attachments_unextracted{reason=\"extraction_limit\"}", in: work + "/metrics.prom") == 1)
        #expect(try metric("leakscan_attachments_unextracted{reason=\"damaged\"}", in: work + "/metrics.prom") == 5)
        #expect(run.stderr.contains("big.png: image declares 100000×100000 pixels"))
        #expect(run.stderr.contains("cut-screenshot.jpg: image damaged, read as far as its data goes: Premature end of JPEG file"))
        #expect(run.stderr.contains("cut-screenshot.png: image damaged, read as far as its data goes: PNG data ends early"))
        #expect(run.stderr.contains("cut.tif: image header cannot be read: "))
        #expect(run.stderr.contains("cut.heic: image header cannot be read: "), "\(run.stderr)")
        // Nothing reaches stderr but LeakScan's own log lines: libjpeg, libpng and Leptonica
        // printed their complaints there ("Premature end of JPEG file"), naming no file.
        let loose = run.stderr.split(separator: "\n").filter { !$0.isEmpty && $0.firstMatch(of: /^\d{4}-\d\d-\d\dT/) == nil }
        #expect(loose.isEmpty, "\(loose)")
    }

    @Test func mediaFilesBesideASocialExportAreReadAsRecordsOfTheirOwn() throws {
        let work = try temporaryDirectory()
        try AttachmentScanTests.shell(
            ["python3", repository.appendingPathComponent("scripts/fixtures/image_mail.py").path, work], in: work)
        let run = try leakscan(["scan", "--quiet", "--platform", "facebook", work + "/export"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try AttachmentScanTests.incidents(run.stdout)
        let hits = Set(found.map { "\($0["rule"]!) at \($0["location"]!)" })
        #expect(hits == ["logo-image at IMG_0001.jpg", "marking-official-sensitive at IMG_0002.png", "uk-nino at IMG_0002.png"])
        #expect(found.allSatisfy { $0["platform"] as? String == "facebook" && $0["offset"] as? Int == 0 })
        #expect(
            found.allSatisfy {
                ($0["source"] as? String)?.hasSuffix(".jpg") == true || ($0["source"] as? String)?.hasSuffix(".png") == true
            })
    }

    /// SpamAssassin's GTUBE as a 4963 × 3508 PNG (a page scanned at 300 dpi, over the OCR pixel
    /// limit): read scaled down, not skipped, and its text reaches the rules.
    @Test func aLargeScanIsReadScaledDown() throws {
        let rules = try temporaryDirectory()
        try """
        rules:
          - id: gtube-text
            title: The GTUBE test text
            category: confidential
            severity: low
            mask: none
            keywords: [unsolicited]
            pattern: 'Generic\\s+Test\\s+for\\s+Unsolicited\\s+Bulk\\s+Email'
            examples:
              match: ['the Generic Test for Unsolicited Bulk Email']
              no_match: ['unsolicited bulk email']
        """.write(toFile: rules + "/gtube.yaml", atomically: true, encoding: .utf8)
        let message = repository.appendingPathComponent("../shared/corpora/email/spamassassin/t/data/spam/extracttext/gtube_png.eml").path
        let run = try leakscan(["scan", "--quiet", "--patterns", rules, message])
        let found = try AttachmentScanTests.incidents(run.stdout)
        #expect(found.map { "\($0["rule"]!) at \($0["location"]!)" } == ["gtube-text at gtube.png"], "\(run.stderr)")
        #expect(!run.stderr.contains("too large"))
    }

    @Test func logosFolderReplacesTheReferencesAndOCRCanBeTurnedOff() throws {
        let work = try temporaryDirectory()
        try AttachmentScanTests.shell(
            ["python3", repository.appendingPathComponent("scripts/fixtures/image_mail.py").path, work], in: work)
        // Another organisation's emblem as the only reference: its picture matches, the sample's do
        // not; without OCR the screenshot's text is not read.
        let run = try leakscan(["scan", "--quiet", "--no-ocr", "--logos", work + "/other-logos", work + "/images.mbox"])
        #expect(run.status == 1, "\(run.stderr)")
        let found = try AttachmentScanTests.incidents(run.stdout).map { "\($0["message_id"]!) \($0["rule"]!)" }
        #expect(found == ["other-emblem@fixture logo-image"])
        // A reference that is no picture is an error before anything is scanned.
        let bad = try leakscan(["scan", "--quiet", "--logos", work + "/bad-logos", work + "/images.mbox"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("cannot load reference emblems") && bad.stderr.contains("crest.png"))
        #expect(bad.stdout.isEmpty)
    }
}
