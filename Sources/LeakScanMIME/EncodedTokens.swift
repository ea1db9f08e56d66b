import LeakScanCore
import LeakScanExtract

/// What the base64 tokens among a text's words (``Base64Tokens``) decode to, where that is
/// something to read: text (a sentence or an identifier, encoded so that no one sees it) or a
/// file LeakScan knows by its bytes (a document pasted on one line). Everything else a token
/// decodes to (the bytes of a hash, an ID, a long word) is no one's text, and is dropped.
enum EncodedTokens {
    enum Decoded: Equatable {
        case text([UInt8])
        case file([UInt8])
    }

    /// The fewest bytes of decoded text kept: a NINO with a word before it.
    static let shortestText = 8

    /// Each token in `text` outside `skipped` that decodes to text or to a file, in order.
    static func decoded(in text: [UInt8], skipping skipped: [Range<Int>] = []) -> [(token: Range<Int>, decoded: Decoded)] {
        let tokens = text.withUnsafeBufferPointer { Base64Tokens.tokens(in: $0) }
        guard !tokens.isEmpty else { return [] }
        var found = [(token: Range<Int>, decoded: Decoded)]()
        for token in tokens where !skipped.contains(where: { $0.overlaps(token) }) {
            let bytes = TransferDecoding.base64(text[token])
            if ContentKind.magic(bytes) != nil {
                found.append((token, .file(bytes)))
            } else if isText(bytes) {
                found.append((token, .text(bytes)))
            }
        }
        return found
    }

    /// Valid UTF-8 with no control character but tab and line ends, and letters or digits in at
    /// least half of it: what people write. Random bytes pass the first test one time in
    /// millions for the 12 bytes of the shortest token.
    static func isText(_ bytes: [UInt8]) -> Bool {
        guard bytes.count >= shortestText else { return false }
        var alphanumeric = 0
        for byte in bytes {
            if byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D || byte == 0x7F { return false }
            if (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || byte >= 0x30 && byte <= 0x39 || byte >= 0x80 { alphanumeric += 1 }
        }
        return alphanumeric * 2 >= bytes.count && String(validating: bytes, as: UTF8.self) != nil
    }
}
