/// Armoured blocks in text: PEM (`-----BEGIN CERTIFICATE-----` … `-----END CERTIFICATE-----`)
/// and OpenPGP (`-----BEGIN PGP MESSAGE-----` …). Between the two lines is base64 of a key, a
/// certificate, a signature or an encrypted message: data, which spells words by chance (a
/// message encrypted inline in a mail body, a key pasted in a note).
public enum Armour {
    public static let begin = Array("-----BEGIN ".utf8)
    public static let end = Array("-----END ".utf8)

    /// The byte ranges of the armoured blocks in `text`: from a line that starts `-----BEGIN `
    /// to the end of the next line that starts `-----END ` (or of the text, when none follows).
    public static func blocks(in text: [UInt8]) -> [Range<Int>] {
        var blocks = [Range<Int>]()
        var from = 0
        while let start = lineStart(of: begin, in: text, from: from) {
            guard let close = lineStart(of: end, in: text, from: start + begin.count) else {
                blocks.append(start..<text.count)
                break
            }
            let lineEnd = text.firstIndex(of: 0x0A, from: close).map { $0 + 1 } ?? text.count
            blocks.append(start..<lineEnd)
            from = lineEnd
        }
        return blocks
    }

    /// The first place at or after `from` where `marker` starts a line (blanks before it allowed).
    static func lineStart(of marker: [UInt8], in text: [UInt8], from: Int) -> Int? {
        var index = from
        while let found = text.firstIndex(of: marker[...], from: index) {
            var before = found
            while before > 0, text[before - 1] == 0x20 || text[before - 1] == 0x09 { before -= 1 }
            if before == 0 || text[before - 1] == 0x0A { return found }
            index = found + 1
        }
        return nil
    }
}
