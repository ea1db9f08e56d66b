import Foundation
import LeakScanCore

/// Encodes incidents as JSON Lines: one object per line, keys in a fixed order, so output
/// diffs cleanly and is byte-identical between runs.
public enum IncidentJSONLines {
    /// One incident as a JSON object followed by a newline.
    public static func encode(_ incident: Incident, into out: inout [UInt8]) {
        // Built on its own and appended: a writer started from `out` copied the whole batch
        // written so far for every incident.
        var object = JSONObjectWriter()
        object.field("rule", incident.rule)
        object.field("category", incident.category.rawValue)
        object.field("severity", incident.severity.rawValue)
        object.field("source", incident.source)
        object.field("offset", incident.offset)
        object.field("message_id", incident.messageID)
        object.field("author", incident.author)
        object.field("timestamp", incident.timestamp.map(ISO8601.format))
        object.field("org", incident.org)
        object.field("person", incident.person)
        object.field("platform", incident.platform)
        object.field("channel", incident.channel.rawValue)
        object.field("location", incident.location)
        object.attachment(incident.attachment)
        object.field("excerpt", incident.excerpt)
        object.field("fingerprint", incident.fingerprint)
        if let similarity = incident.similarity { object.field("similarity", similarity) }
        if let kind = incident.kind { object.field("kind", kind) }
        if let target = incident.target { object.field("target", target) }
        out += object.finish()
        out.append(0x0A)
    }
}

/// Writes one flat JSON object with keys in call order. Keys are the writer's own plain
/// ASCII names, written as they are; values are escaped.
struct JSONObjectWriter {
    private var out: [UInt8]
    private var first = true

    init() {
        out = [UInt8(ascii: "{")]
        out.reserveCapacity(512)
    }

    mutating func key(_ name: StaticString) {
        if !first { out.append(UInt8(ascii: ",")) }
        first = false
        out.append(UInt8(ascii: "\""))
        name.withUTF8Buffer { out.append(contentsOf: $0) }
        out.append(contentsOf: "\":".utf8)
    }

    mutating func field(_ name: StaticString, _ value: String?) {
        key(name)
        if let value { JSONString.append(value, to: &out) } else { out.append(contentsOf: "null".utf8) }
    }

    mutating func field(_ name: StaticString, _ value: UInt64) {
        key(name)
        out.append(contentsOf: String(value).utf8)
    }

    /// A number in 0...1, to three decimals.
    mutating func field(_ name: StaticString, _ value: Double) {
        key(name)
        out.append(contentsOf: String(format: "%.3f", value).utf8)
    }

    /// `"attachment": {"name", "type", "size", "sha256"}` (plus `"member"` for text found
    /// inside the attachment), or null.
    mutating func attachment(_ attachment: Attachment?) {
        key("attachment")
        guard let attachment else {
            out.append(contentsOf: "null".utf8)
            return
        }
        var nested = JSONObjectWriter()
        nested.field("name", attachment.name)
        nested.field("type", attachment.contentType)
        nested.field("size", UInt64(attachment.size))
        nested.field("sha256", attachment.sha256)
        if let member = attachment.member { nested.field("member", member) }
        out += nested.finish()
    }

    /// The object's bytes, closed.
    mutating func finish() -> [UInt8] {
        out.append(UInt8(ascii: "}"))
        return out
    }
}

/// JSON string escaping per RFC 8259.
public enum JSONString {
    public static func append(_ text: String, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        defer { out.append(UInt8(ascii: "\"")) }
        var text = text
        let plain = text.withUTF8 { bytes in
            guard !bytes.contains(where: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 == 0x7F }) else { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if plain { return }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): out += [0x5C, 0x22]
            case UInt8(ascii: "\\"): out += [0x5C, 0x5C]
            case 0x0A: out += [0x5C, UInt8(ascii: "n")]
            case 0x0D: out += [0x5C, UInt8(ascii: "r")]
            case 0x09: out += [0x5C, UInt8(ascii: "t")]
            case 0..<0x20, 0x7F:
                out += Array(String(format: "\\u%04x", byte).utf8)
            default: out.append(byte)
            }
        }
    }
}
