import Foundation
import Testing

@testable import LeakScanOutlook

/// A message read from Outlook is rebuilt as RFC 5322 bytes that are the same on every run (a
/// random boundary made a `.msg`'s size, and a scan's byte count, change from run to run), and
/// whose boundary no part holds.
@Suite struct MAPIMessageTests {
    @Test func theSameMessageGivesTheSameBytesAndItsBoundaryIsInNoPart() {
        var inner = MAPIMessage()
        inner.subject = "forwarded"
        // A nested message's own text holding the boundary the outer message would take first.
        inner.transportHeaders = "Subject: forwarded\r\nX-Note: --leakscan-outlook-0-0\r\n"
        inner.plain = Array("NINO AB 12 34 56 C".utf8)
        var outer = MAPIMessage()
        outer.subject = "report"
        outer.plain = Array("see attached".utf8)
        outer.attachments = [.file(name: "a.bin", data: [0, 1, 2]), .message(name: "fwd.msg", inner)]

        let bytes = outer.rfc5322()
        #expect(bytes == outer.rfc5322())
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains("boundary=\"leakscan-outlook-0-1\""), "\(text)")
        // A delimiter line before each of the three parts, the closing one, and the nested
        // message's own multipart.
        #expect(text.components(separatedBy: "\r\n--leakscan-outlook-0-1\r\n").count == 4, "\(text)")
        #expect(text.hasSuffix("--leakscan-outlook-0-1--\r\n"))
        #expect(text.contains("boundary=\"leakscan-outlook-1-0\""))
    }
}
