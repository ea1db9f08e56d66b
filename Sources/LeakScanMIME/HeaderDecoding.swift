import Foundation
import LeakScanCore

/// Decoding of header text: RFC 2047 encoded words and RFC 2045/2231 parameters.
public enum HeaderDecoding {
    /// Decodes `=?charset?B|Q?text?=` words; whitespace between two adjacent encoded words
    /// is dropped (RFC 2047 §6.2); a malformed word is kept raw.
    public static func decodeEncodedWords(_ value: [UInt8], charsets: CharsetDecoder) -> [UInt8] {
        guard value.count >= 8, containsEncodedWordStart(value) else { return value }
        var output = [UInt8]()
        var index = 0
        var pendingWhitespace = [UInt8]()
        var lastWasEncoded = false
        while index < value.count {
            if value[index] == UInt8(ascii: "="), index + 1 < value.count, value[index + 1] == UInt8(ascii: "?"),
                let (decoded, next) = encodedWord(value, at: index, charsets: charsets)
            {
                if !lastWasEncoded { output += pendingWhitespace }
                pendingWhitespace.removeAll()
                output += decoded
                index = next
                lastWasEncoded = true
                continue
            }
            let byte = value[index]
            if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A {
                pendingWhitespace.append(byte == 0x09 ? 0x20 : byte == 0x0D || byte == 0x0A ? 0x20 : byte)
            } else {
                output += pendingWhitespace
                pendingWhitespace.removeAll()
                output.append(byte)
                lastWasEncoded = false
            }
            index += 1
        }
        output += pendingWhitespace
        return output
    }

    static func containsEncodedWordStart(_ value: [UInt8]) -> Bool {
        for index in 0..<(value.count - 1) where value[index] == UInt8(ascii: "=") && value[index + 1] == UInt8(ascii: "?") {
            return true
        }
        return false
    }

    /// One encoded word at `start`: its decoded UTF-8 and the index after it.
    static func encodedWord(_ value: [UInt8], at start: Int, charsets: CharsetDecoder) -> ([UInt8], Int)? {
        // =?charset?E?text?=
        var index = start + 2
        guard let charsetEnd = value[index...].firstIndex(of: UInt8(ascii: "?")), charsetEnd > index else { return nil }
        var charset = String(decoding: value[index..<charsetEnd], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }  // RFC 2231 language
        index = charsetEnd + 1
        guard index + 1 < value.count, value[index + 1] == UInt8(ascii: "?") else { return nil }
        let encoding = value[index] | 0x20
        index += 2
        var textEnd = index
        while textEnd + 1 < value.count, !(value[textEnd] == UInt8(ascii: "?") && value[textEnd + 1] == UInt8(ascii: "=")) {
            if value[textEnd] == 0x20 { return nil }  // encoded words contain no spaces
            textEnd += 1
        }
        guard textEnd + 1 < value.count else { return nil }
        let text = value[index..<textEnd]
        let raw: [UInt8]
        switch encoding {
        case UInt8(ascii: "b"): raw = TransferDecoding.base64(text)
        case UInt8(ascii: "q"): raw = TransferDecoding.quotedPrintable(text, underscoreIsSpace: true)
        default: return nil
        }
        return (charsets.utf8(raw, charset: charset), textEnd + 2)
    }

    /// A Content-Type or Content-Disposition value: the lower-cased main value and its
    /// parameters (names lower-cased), with RFC 2231 continuations (`name*0`, `name*1*`) joined
    /// and `charset'lang'%XX` values decoded, and RFC 2047 words in quoted values decoded
    /// (non-standard but common in file names).
    public static func parameters(_ value: [UInt8], charsets: CharsetDecoder) -> (value: String, parameters: [String: String]) {
        // Byte-level: this runs for every part of every message, and Foundation's String
        // trimming and slicing showed up in profiles.
        var pieces = splitParameters(value)
        let main = pieces.isEmpty ? "" : lowercasedString(trimmedBytes(pieces.removeFirst()))
        var simple = [String: String]()
        var sections = [String: [(Int, String, Bool)]]()
        for piece in pieces {
            guard let equals = piece.firstIndex(of: UInt8(ascii: "=")) else { continue }
            var name = lowercasedString(trimmedBytes(piece[..<equals]))
            var rawBytes = trimmedBytes(piece[(equals + 1)...])
            if rawBytes.count >= 2, rawBytes.first == UInt8(ascii: "\""), rawBytes.last == UInt8(ascii: "\"") {
                rawBytes = rawBytes.dropFirst().dropLast()
            }
            var raw = String(decoding: rawBytes, as: UTF8.self)
            // A byte test first: Foundation's substring search cost a fortieth of a scan here.
            if rawBytes.contains(UInt8(ascii: "\\")), raw.contains("\\\"") { raw = raw.replacingOccurrences(of: "\\\"", with: "\"") }
            var extended = false
            if name.hasSuffix("*") {
                extended = true
                name.removeLast()
            }
            if let star = name.lastIndex(of: "*"), let number = Int(name[name.index(after: star)...]) {
                sections[String(name[..<star]), default: []].append((number, raw, extended))
            } else if extended {
                simple[name] = decode2231(raw, charsetFromValue: true, charsets: charsets)
            } else {
                simple[name] = String(decoding: decodeEncodedWords(Array(rawBytes), charsets: charsets), as: UTF8.self)
            }
        }
        for (name, parts) in sections {
            let ordered = parts.sorted { $0.0 < $1.0 }
            var charset: String?
            var bytes = [UInt8]()
            for (index, part) in ordered.enumerated() {
                var raw = part.1
                if part.2 && index == 0 {
                    let fields = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                    if fields.count == 3 {
                        charset = String(fields[0])
                        raw = String(fields[2])
                    }
                }
                bytes += part.2 ? percentDecode(raw) : Array(raw.utf8)
            }
            simple[name] = String(decoding: charsets.utf8(bytes, charset: charset), as: UTF8.self)
        }
        return (main, simple)
    }

    /// `bytes` without the trimmed bytes (by default blanks and line breaks) at either end.
    static func trimmedBytes(_ bytes: ArraySlice<UInt8>, trimming isTrimmed: (UInt8) -> Bool = isBlankOrNewline) -> ArraySlice<UInt8> {
        var slice = bytes
        while let first = slice.first, isTrimmed(first) { slice = slice.dropFirst() }
        while let last = slice.last, isTrimmed(last) { slice = slice.dropLast() }
        return slice
    }

    static func isBlankOrNewline(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A }

    static func lowercasedString(_ bytes: ArraySlice<UInt8>) -> String {
        String(decoding: bytes.map(\.asciiLowercased), as: UTF8.self)
    }

    static func decode2231(_ raw: String, charsetFromValue: Bool, charsets: CharsetDecoder) -> String {
        let fields = raw.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard fields.count == 3 else { return String(decoding: percentDecode(raw), as: UTF8.self) }
        return String(decoding: charsets.utf8(percentDecode(String(fields[2])), charset: String(fields[0])), as: UTF8.self)
    }

    static func percentDecode(_ text: String) -> [UInt8] {
        let bytes = Array(text.utf8)
        var output = [UInt8]()
        var index = 0
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "%"), index + 2 < bytes.count,
                let high = TransferDecoding.hexValue(bytes[index + 1]), let low = TransferDecoding.hexValue(bytes[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(bytes[index])
                index += 1
            }
        }
        return output
    }

    /// Splits on `;` outside quotes.
    static func splitParameters(_ value: [UInt8]) -> [ArraySlice<UInt8>] {
        var pieces = [ArraySlice<UInt8>]()
        var start = 0
        var quoted = false
        var escaped = false
        for (index, byte) in value.enumerated() {
            if escaped {
                escaped = false
            } else if byte == UInt8(ascii: "\\") && quoted {
                escaped = true
            } else if byte == UInt8(ascii: "\"") {
                quoted.toggle()
            } else if byte == UInt8(ascii: ";") && !quoted {
                pieces.append(value[start..<index])
                start = index + 1
            }
        }
        pieces.append(value[start...])
        return pieces
    }
}
