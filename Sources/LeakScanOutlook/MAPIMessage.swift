import Foundation

/// An Outlook message as its MAPI properties, from a `.pst` (libpff) or a `.msg` (OLE2), and
/// how it becomes an RFC 5322 message: the transport headers Outlook kept when there are any,
/// else headers built from the properties; the plain body (else the HTML, else the RTF one as
/// an attachment); every attachment, attached messages as `message/rfc822`.
struct MAPIMessage {
    var transportHeaders: String?
    var subject: String?
    var senderName: String?
    var senderAddress: String?
    var to: String?
    var messageID: String?
    var date: Date?
    var plain: [UInt8]?
    var html: [UInt8]?
    var rtf: [UInt8]?
    var attachments: [Attachment] = []

    enum Attachment {
        case file(name: String, data: [UInt8])
        case message(name: String, MAPIMessage)
    }

    /// MAPI property tags (the high 16 bits of a property id) LeakScan reads.
    enum Tag {
        static let transportHeaders: UInt32 = 0x007D
        static let subject: UInt32 = 0x0037
        static let senderName: UInt32 = 0x0C1A
        static let senderAddress: UInt32 = 0x0C1F
        static let displayTo: UInt32 = 0x0E04
        static let body: UInt32 = 0x1000
        static let html: UInt32 = 0x1013
        static let compressedRTF: UInt32 = 0x1009
        static let internetMessageID: UInt32 = 0x1035
        static let attachmentData: UInt32 = 0x3701
        static let attachmentFileName: UInt32 = 0x3704
        static let attachmentLongFileName: UInt32 = 0x3707
    }

    static let bodyOnlyHeaders: Set<String> = ["content-type", "content-transfer-encoding", "mime-version"]

    func rfc5322(depth: Int = 0) -> [UInt8] {
        var headers = ""
        if let transportHeaders, !transportHeaders.isEmpty {
            headers = Self.withoutBodyHeaders(transportHeaders)
        } else {
            if let subject { headers += "Subject: \(Self.encodedWord(subject))\r\n" }
            if let senderAddress {
                headers += "From: \(senderName.map { Self.encodedWord($0) + " " } ?? "")<\(senderAddress)>\r\n"
            } else if let senderName {
                headers += "From: \(Self.encodedWord(senderName))\r\n"
            }
            if let to { headers += "To: \(Self.encodedWord(to))\r\n" }
            if let messageID { headers += "Message-ID: \(messageID)\r\n" }
            if let date { headers += "Date: \(Self.rfc5322Date.string(from: date))\r\n" }
        }
        // Each part after its delimiter line: its headers, a blank line, its content.
        var parts = [[UInt8]]()
        func part(_ partHeaders: String, _ content: [UInt8]) {
            parts.append(
                Array("\(partHeaders)Content-Transfer-Encoding: base64\r\n\r\n".utf8)
                    + Array(
                        Data(content).base64EncodedString(options: [
                            .lineLength76Characters, .endLineWithCarriageReturn, .endLineWithLineFeed,
                        ])
                        .utf8) + Array("\r\n".utf8))
        }
        if let plain {
            part("Content-Type: text/plain; charset=utf-8\r\n", plain)
        } else if let html {
            part("Content-Type: text/html\r\n", html)
        } else if let rtf {
            part("Content-Type: application/rtf\r\nContent-Disposition: attachment; filename=\"body.rtf\"\r\n", rtf)
        }
        for attachment in attachments {
            switch attachment {
            case .file(let name, let data):
                part(
                    "Content-Type: application/octet-stream\r\nContent-Disposition: attachment; filename=\"\(Self.quoted(name))\"\r\n", data
                )
            case .message(let name, let message) where depth < 8:
                parts.append(
                    Array(
                        "Content-Type: message/rfc822\r\nContent-Disposition: attachment; filename=\"\(Self.quoted(name))\"\r\n\r\n".utf8)
                        + message.rfc5322(depth: depth + 1) + Array("\r\n".utf8))
            case .message:
                continue
            }
        }
        let boundary = Self.boundary(depth: depth, avoiding: parts)
        headers += "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"\(boundary)\"\r\n\r\n"
        var out = Array(headers.utf8)
        for part in parts { out += Array("--\(boundary)\r\n".utf8) + part }
        out += Array("--\(boundary)--\r\n".utf8)
        return out
    }

    /// The first of `leakscan-outlook-DEPTH-0`, `-1`, … that no part holds: the same message
    /// always gives the same bytes (a random boundary made a `.msg`'s size, and so a scan's
    /// byte count, differ from run to run), and no part's text can close the multipart early.
    static func boundary(depth: Int, avoiding parts: [[UInt8]]) -> String {
        var counter = 0
        while true {
            let boundary = "leakscan-outlook-\(depth)-\(counter)"
            let delimiter = Data("--\(boundary)".utf8)
            if !parts.contains(where: { Data($0).range(of: delimiter) != nil }) { return boundary }
            counter += 1
        }
    }

    /// Transport headers without the fields that describe the original body, which is rebuilt.
    static func withoutBodyHeaders(_ text: String) -> String {
        var out = ""
        var skipping = false
        for line in text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: true) {
            if line.first == " " || line.first == "\t" {
                if !skipping { out += line + "\r\n" }
                continue
            }
            let name = line.split(separator: ":", maxSplits: 1).first.map { $0.lowercased() } ?? ""
            skipping = bodyOnlyHeaders.contains(name)
            if !skipping { out += line + "\r\n" }
        }
        return out
    }

    static func encodedWord(_ text: String) -> String {
        text.allSatisfy { $0.isASCII && $0 != "\r" && $0 != "\n" } ? text : "=?UTF-8?B?" + Data(text.utf8).base64EncodedString() + "?="
    }

    static func quoted(_ name: String) -> String {
        encodedWord(name.replacingOccurrences(of: "\"", with: "'"))
    }

    /// Windows FILETIME (100 ns since 1601) as a date.
    static func date(filetime: UInt64) -> Date? {
        filetime == 0 ? nil : Date(timeIntervalSince1970: Double(filetime) / 10_000_000 - 11_644_473_600)
    }

    static let rfc5322Date: DateFormatter = {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEE, d MMM yyyy HH:mm:ss '+0000'"
        return formatter
    }()
}
