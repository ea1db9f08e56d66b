import Foundation

/// Text of an RTF document: a small reader of control words, `\uN` Unicode escapes (with
/// their `\ucN` fallbacks skipped), `\'hh` code-page bytes (Windows-1252, RTF's default and
/// what Word and Outlook write for Western text) and groups, skipping the destinations that
/// hold no prose (font and colour tables, styles, pictures, embedded object data).
///
/// Written here because no maintained C library on Debian extracts RTF text, and the format's
/// text layer is small.
enum RTFText {
    static let skippedDestinations: Set<String> = [
        "fonttbl", "colortbl", "stylesheet", "info", "pict", "objdata", "themedata", "colorschememapping", "latentstyles",
        "datastore", "xmlnstbl", "listtable", "listoverridetable", "rsidtbl", "generator", "filetbl", "revtbl", "pgdsctbl",
        "fldinst", "bkmkstart", "bkmkend", "datafield", "mmathPr", "wgrffmtfilter", "xmlopen", "xmlclose",
    ]

    struct Group {
        var skip = false
        var unicodeSkip = 1
    }

    static func text(_ rtf: [UInt8], maxBytes: Int) -> [UInt8] {
        var output = [UInt8]()
        var pendingCodePage = [UInt8]()
        var stack = [Group()]
        var index = 0
        var fallbackToSkip = 0

        func flushCodePage() {
            guard !pendingCodePage.isEmpty else { return }
            let text = String(bytes: pendingCodePage, encoding: .windowsCP1252) ?? String(decoding: pendingCodePage, as: UTF8.self)
            output += text.utf8
            pendingCodePage.removeAll()
        }
        func emit(_ bytes: some Sequence<UInt8>) {
            guard !stack[stack.count - 1].skip else { return }
            flushCodePage()
            output += bytes
        }

        while index < rtf.count, output.count < maxBytes {
            let byte = rtf[index]
            switch byte {
            case UInt8(ascii: "{"):
                stack.append(stack[stack.count - 1])
                index += 1
            case UInt8(ascii: "}"):
                if stack.count > 1 { stack.removeLast() }
                index += 1
            case UInt8(ascii: "\\"):
                index += 1
                guard index < rtf.count else { break }
                let next = rtf[index]
                if next == UInt8(ascii: "'") {
                    // A code-page byte, or the fallback of a preceding \u.
                    let hex = index + 2 < rtf.count ? String(decoding: rtf[(index + 1)...(index + 2)], as: UTF8.self) : ""
                    index += 3
                    if fallbackToSkip > 0 {
                        fallbackToSkip -= 1
                    } else if let value = UInt8(hex, radix: 16), !stack[stack.count - 1].skip {
                        pendingCodePage.append(value)
                    }
                    continue
                }
                guard (next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z")) || (next >= UInt8(ascii: "A") && next <= UInt8(ascii: "Z"))
                else {
                    index += 1
                    switch next {
                    case UInt8(ascii: "*"): stack[stack.count - 1].skip = true  // an ignorable destination
                    case UInt8(ascii: "~"): emit([0x20])
                    case UInt8(ascii: "_"): emit([UInt8(ascii: "-")])
                    case UInt8(ascii: "\\"), UInt8(ascii: "{"), UInt8(ascii: "}"): emit([next])
                    case 0x0A, 0x0D: emit([0x0A])
                    default: break
                    }
                    continue
                }
                var end = index
                while end < rtf.count, (rtf[end] | 0x20) >= UInt8(ascii: "a"), (rtf[end] | 0x20) <= UInt8(ascii: "z") { end += 1 }
                let word = String(decoding: rtf[index..<end], as: UTF8.self)
                var numberEnd = end
                if numberEnd < rtf.count, rtf[numberEnd] == UInt8(ascii: "-") { numberEnd += 1 }
                while numberEnd < rtf.count, rtf[numberEnd] >= UInt8(ascii: "0"), rtf[numberEnd] <= UInt8(ascii: "9") { numberEnd += 1 }
                let parameter = Int(String(decoding: rtf[end..<numberEnd], as: UTF8.self))
                index = numberEnd
                if index < rtf.count, rtf[index] == 0x20 { index += 1 }
                switch word {
                case "par", "line", "row", "sect", "page": emit([0x0A])
                case "tab", "cell": emit([0x09])
                case "uc": stack[stack.count - 1].unicodeSkip = max(0, parameter ?? 1)
                case "u":
                    // A signed 16-bit code unit (`\u-4064` is U+F020); anything outside is not a
                    // character, and `\u-70000` once trapped the conversion below.
                    if var value = parameter, (-32_768...65_535).contains(value) {
                        if value < 0 { value += 65536 }
                        if let scalar = Unicode.Scalar(UInt32(value)) { emit(Array(String(Character(scalar)).utf8)) }
                    }
                    fallbackToSkip = stack[stack.count - 1].unicodeSkip
                case "bin":
                    index += max(0, parameter ?? 0)
                case _ where skippedDestinations.contains(word):
                    stack[stack.count - 1].skip = true
                default:
                    break
                }
            case 0x0A, 0x0D:
                index += 1
            default:
                if fallbackToSkip > 0 {
                    fallbackToSkip -= 1
                } else {
                    emit([byte])
                }
                index += 1
            }
        }
        flushCodePage()
        return output
    }
}
