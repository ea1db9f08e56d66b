import LeakScanCore

/// Turns an HTML part into the text a reader sees, so rules match what was written rather
/// than markup: tags removed, entities decoded, and no space put where an inline tag split a
/// word (`<i>OFFICIAL-SEN</i>SITIVE` reads `OFFICIAL-SENSITIVE`). Block tags become line
/// breaks, `<script>`/`<style>` and comments disappear, and images become
/// `[image alt="…" src="…"]` so alt text and Content-ID references stay visible to rules.
///
/// A byte-level scanner rather than an HTML parser: mail HTML is often broken, and this never
/// fails, never builds a tree, and runs in one pass.
public enum HTMLText {
    static let blockTags: Set<String> = [
        "p", "div", "br", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "hr",
        "title", "pre", "section", "article", "header", "footer", "dd", "dt", "dl", "center", "form", "address",
    ]
    static let cellTags: Set<String> = ["td", "th"]
    static let skippedTags: Set<String> = ["script", "style", "head"]
    /// Comment delimiters, made once: as literals in ``tag(_:at:into:)`` they were two
    /// allocations per tag, the most frequent allocation of a mail scan.
    static let commentOpen = Array("<!--".utf8)
    static let commentClose = Array("-->".utf8)

    public static func text(_ html: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(html.count / 2)
        var index = 0
        let count = html.count
        while index < count {
            let byte = html[index]
            if byte == UInt8(ascii: "<") {
                index = tag(html, at: index, into: &output)
            } else if byte == UInt8(ascii: "&") {
                index = entity(html, at: index, into: &output)
            } else {
                // Copy the run of text up to the next tag or entity at once: byte by byte,
                // the appends were a thirtieth of a mail scan.
                var end = index + 1
                while end < count, html[end] != UInt8(ascii: "<"), html[end] != UInt8(ascii: "&") { end += 1 }
                output.append(contentsOf: html[index..<end])
                index = end
            }
        }
        return output
    }

    /// Handles the tag at `start`; returns the index after it.
    static func tag(_ html: [UInt8], at start: Int, into output: inout [UInt8]) -> Int {
        let count = html.count
        if html[start...].starts(with: commentOpen) {
            return (find(commentClose, in: html, from: start + 4).map { $0 + 3 }) ?? count
        }
        var index = start + 1
        let closing = index < count && html[index] == UInt8(ascii: "/")
        if closing { index += 1 }
        let nameStart = index
        while index < count, isNameByte(html[index]) { index += 1 }
        guard index > nameStart || (index < count && html[index] == UInt8(ascii: "!")) else {
            // "<" not starting a tag ("a < b"): literal text.
            output.append(UInt8(ascii: "<"))
            return start + 1
        }
        let name = String(decoding: html[nameStart..<index], as: UTF8.self).lowercased()
        let end = tagEnd(html, from: index)
        if !closing, skippedTags.contains(name) {
            let closer = Array("</\(name)".utf8)
            if let close = findCaseless(closer, in: html, from: end) {
                return tagEnd(html, from: close + closer.count)
            }
            return count
        }
        if blockTags.contains(name) {
            output.append(0x0A)
        } else if cellTags.contains(name) {
            output.append(0x20)
        } else if name == "img", !closing {
            image(attributes: html[index..<max(index, end - 1)], into: &output)
        }
        return end
    }

    static func image(attributes: ArraySlice<UInt8>, into output: inout [UInt8]) {
        let attributes = parseAttributes(attributes)
        var text = " [image"
        for key in ["alt", "title", "src"] {
            if let value = attributes[key], !value.isEmpty {
                text += " \(key)=\"" + String(decoding: Self.text(Array(value.utf8)), as: UTF8.self) + "\""
            }
        }
        output += Array((text + "] ").utf8)
    }

    static func parseAttributes(_ bytes: ArraySlice<UInt8>) -> [String: String] {
        var result = [String: String]()
        var index = bytes.startIndex
        let end = bytes.endIndex
        while index < end {
            while index < end, !isNameByte(bytes[index]) { index += 1 }
            let nameStart = index
            while index < end, isNameByte(bytes[index]) { index += 1 }
            let name = String(decoding: bytes[nameStart..<index], as: UTF8.self).lowercased()
            while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: "=") else { continue }
            index += 1
            while index < end, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
            guard index < end else { break }
            let quote = bytes[index]
            var valueStart = index
            if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
                valueStart += 1
                index = bytes[valueStart...].firstIndex(of: quote) ?? end
                result[name] = String(decoding: bytes[valueStart..<index], as: UTF8.self)
                index = min(end, index + 1)
            } else {
                while index < end, bytes[index] != 0x20, bytes[index] != UInt8(ascii: ">") { index += 1 }
                result[name] = String(decoding: bytes[valueStart..<index], as: UTF8.self)
            }
        }
        return result
    }

    /// Index after the `>` closing the tag that continues at `from` (quotes respected).
    static func tagEnd(_ html: [UInt8], from: Int) -> Int {
        var index = from
        var quote: UInt8?
        while index < html.count {
            let byte = html[index]
            if let open = quote {
                if byte == open { quote = nil }
            } else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") {
                quote = byte
            } else if byte == UInt8(ascii: ">") {
                return index + 1
            }
            index += 1
        }
        return html.count
    }

    static func isNameByte(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: ":")
    }

    static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from < haystack.count else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if haystack[index] == needle[0], haystack[index..<(index + needle.count)].elementsEqual(needle) { return index }
            index += 1
        }
        return nil
    }

    static func findCaseless(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty else { return nil }
        var index = from
        while index + needle.count <= haystack.count {
            if zip(haystack[index..<(index + needle.count)], needle).allSatisfy({ ($0 | 0x20) == ($1 | 0x20) }) { return index }
            index += 1
        }
        return nil
    }

    /// Decodes the character reference at `start` as a browser does in text
    /// (``CharacterReferences/Ending/asBrowsers``); anything else is a literal `&`.
    static func entity(_ html: [UInt8], at start: Int, into output: inout [UInt8]) -> Int {
        let found = html.withUnsafeBufferPointer { CharacterReferences.reference(in: $0, at: start, ending: .asBrowsers) }
        guard let found else {
            output.append(UInt8(ascii: "&"))
            return start + 1
        }
        CharacterReferences.append(found, to: &output)
        return found.after
    }
}
