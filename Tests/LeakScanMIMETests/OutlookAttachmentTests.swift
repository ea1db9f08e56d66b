import Foundation
import LeakScanCore
import LeakScanFraming
import LeakScanMIME
import Testing

/// An Outlook `.msg` attached to an email is read as a message of its own.
@Suite struct OutlookAttachmentTests {
    @Test func anAttachedMsgIsReadAsAMessage() throws {
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let msg = try Data(contentsOf: repository.appendingPathComponent("../shared/corpora/archives/msg-ruby-msg/qwerty_1-orig.msg"))
        let message = """
            From: a@met.police.uk
            Subject: fwd
            MIME-Version: 1.0
            Content-Type: multipart/mixed; boundary="b"

            --b
            Content-Type: text/plain

            see attached
            --b
            Content-Type: application/vnd.ms-outlook
            Content-Disposition: attachment; filename="qwerty.msg"
            Content-Transfer-Encoding: base64

            \(msg.base64EncodedString(options: [.lineLength76Characters, .endLineWithLineFeed]))
            --b--

            """
        let (document, warnings) = try EmailDocumentBuilder().document(
            from: RawMessage(offset: 0, envelope: [], bytes: Array(message.utf8)), source: "a.mbox")
        #expect(warnings.isEmpty, "\(warnings)")
        let inner = document.units.filter { $0.location.hasPrefix("qwerty.msg/") }
        #expect(inner.map(\.location).contains("qwerty.msg/subject"))
        let text = inner.map { String(decoding: $0.bytes, as: UTF8.self) }.joined(separator: "\n")
        #expect(text.contains("qwerty") && text.contains("Charles Lowe"), "\(text)")
        #expect(inner.allSatisfy { $0.attachment?.name == "qwerty.msg" })
    }
}
