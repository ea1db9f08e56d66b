import Foundation
import Testing

/// Web pages saved as files — the HTML form of Facebook's and Telegram's exports, which each
/// offers first — read as one record each: the text a reader sees, scripts and markup not.
@Suite struct SavedPageTests {
    /// A Messenger thread as Facebook's HTML export writes it (one line of nested `div`s, a
    /// `style` and a `script`), and a Telegram chat as Telegram Desktop's HTML export writes it
    /// (indented, after a blank line, with a doctype).
    static let facebook = """
        <html><head><meta charset="utf-8"/><title>Shift 3</title><style>._3-96{content:"AB 11 22 33 C"}</style></head>\
        <body class="_5vb_ _2yq _4yic"><div class="_3a_u"><div class="_4t5n" role="main">\
        <div class="pam _3-95 _2pi0 _2lej uiBoxWhite noborder"><div class="_3-96 _2pio _2lek _2lel">Jo Bloggs</div>\
        <div class="_3-96 _2let"><div><div></div><div>his NI is AB 12 34 56 C lol</div><div></div></div></div>\
        <div class="_3-94 _2lem">Jan 13, 2023, 8:02 AM</div></div><script>var seen = "AB 65 43 21 C";</script></div></div></body></html>

        """
    static let telegram = """

        <!DOCTYPE html>
        <html>
         <head>
          <meta charset="utf-8"/>
          <title>Exported Data</title>
         </head>
         <body>
          <div class="history">
           <div class="message default clearfix" id="message5">
            <div class="body">
             <div class="pull_right date details" title="13.01.2023 08:02:00 UTC+00:00">08:02</div>
             <div class="from_name">Sam Smith</div>
             <div class="text">card 4111&nbsp;1111&nbsp;1111&nbsp;1111 for the fuel</div>
            </div>
           </div>
          </div>
         </body>
        </html>

        """

    func incidents(_ run: Run) throws -> [[String: Any]] { try AttachmentScanTests.incidents(run.stdout) }

    @Test func exportedPagesAreReadAsTheirReadersSeeThem() throws {
        let work = try temporaryDirectory()
        try FileManager.default.createDirectory(atPath: work + "/export/messages", withIntermediateDirectories: true)
        try Self.facebook.write(toFile: work + "/export/messages/message_1.html", atomically: true, encoding: .utf8)
        try Self.telegram.write(toFile: work + "/export/messages.html", atomically: true, encoding: .utf8)
        try AttachmentScanTests.shell(["zip", "-q", "-r", "export.zip", "export"], in: work)

        let folder = try leakscan(["scan", work + "/export"])
        #expect(folder.status == 1)
        let found = try incidents(folder)
        // The NINO in the text, not the ones in the style sheet or the script.
        let excerpts = found.map { "\($0["rule"] ?? "") \(($0["excerpt"] as? String ?? "").trimmingCharacters(in: .whitespaces))" }
        #expect(
            excerpts.sorted() == [
                "payment-card … 08:02 Sam Smith card 4111 **** **** **11 for the fuel",
                "uk-nino Jo Bloggs his NI is AB ** ** ** C lol Jan 13, 2023, 8:02 AM",
            ])
        #expect(found.allSatisfy { $0["location"] as? String == "body" && $0["platform"] as? String == "social" })
        #expect(folder.stderr.contains("messages.html: html, 1 records"), "\(folder.stderr)")

        let zipped = try incidents(try leakscan(["scan", "--platform", "facebook", work + "/export.zip"]))
        #expect(
            zipped.compactMap { $0["location"] as? String }.sorted() == [
                "export/messages.html/body", "export/messages/message_1.html/body",
            ])
        #expect(zipped.allSatisfy { $0["platform"] as? String == "facebook" })
    }

    /// A page with bytes that are not UTF-8 and NULs is read around them, as a mail part is.
    @Test func aPageWithBadBytesIsStillRead() throws {
        let work = try temporaryDirectory()
        var page = Data("<!DOCTYPE html><html><body><p>caf".utf8)
        page += Data([0xE9, 0x00, 0xFF, 0xC3])
        page += Data("</p><p>his NI is AB 12 34 56 C</p></body></html>\n".utf8)
        try page.write(to: URL(fileURLWithPath: work + "/page.html"))
        let run = try leakscan(["scan", work + "/page.html"])
        #expect(run.status == 1, "\(run.stderr)")
        #expect(try incidents(run).map { $0["rule"] as? String } == ["uk-nino"])
    }

    /// A page longer than the message limit is scanned up to it, with a warning; a changed page is
    /// read whole again and, with `--state`, reports only what is new.
    @Test func aLongPageIsCutAtTheLimitAndAChangedOneReportsOnlyWhatIsNew() throws {
        let work = try temporaryDirectory()
        let page = work + "/page.html"
        let padding = String(repeating: "<p>nothing to see here</p>\n", count: 200)
        try ("<html><body><p>his NI is AB 12 34 56 C</p>\n" + padding + "<p>card 4111 1111 1111 1111</p></body></html>\n")
            .write(toFile: page, atomically: true, encoding: .utf8)
        let cut = try leakscan(["scan", "--max-message-bytes", "2048", page])
        #expect(try incidents(cut).map { $0["rule"] as? String } == ["uk-nino"])
        #expect(cut.stderr.contains("page longer than 2048 bytes; only the first 2048 bytes were scanned"), "\(cut.stderr)")

        let state = ["--state", work + "/state.sqlite"]
        #expect(try incidents(try leakscan(["scan"] + state + [page])).count == 2)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: page))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("<p>and the other NI is JT 65 43 21 B</p>\n".utf8))
        try handle.close()
        let changed = try incidents(try leakscan(["scan"] + state + [page]))
        #expect(changed.map { $0["rule"] as? String } == ["uk-nino"])
        #expect(changed.allSatisfy { ($0["excerpt"] as? String ?? "").contains("the other NI is JT ** ** ** B") })
    }
}
