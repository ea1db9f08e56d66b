/// Outlook's compressed RTF (`PR_RTF_COMPRESSED`, MS-OXRTFCP): the body of a rich-text message
/// when no plain text was kept. LZ77 over a 4 KiB ring buffer primed with common RTF.
enum CompressedRTF {
    static let primer = Array(
        ("{\\rtf1\\ansi\\mac\\deff0\\deftab720{\\fonttbl;}{\\f0\\fnil \\froman \\fswiss \\fmodern \\fscript \\fdecor MS Sans SerifSymbolArialTimes New RomanCourier"
            + "{\\colortbl\\red0\\green0\\blue0\r\n\\par \\pard\\plain\\f0\\fs20\\b\\i\\u\\tab\\tx").utf8)

    /// The RTF, or nil when `data` is no compressed-RTF stream. Output is bounded by the size
    /// the header declares (and 64 MiB).
    static func decompress(_ data: [UInt8]) -> [UInt8]? {
        guard data.count >= 16 else { return nil }
        func u32(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 | Int(data[at + 2]) << 16 | Int(data[at + 3]) << 24 }
        let rawSize = min(u32(4), 64 << 20)
        switch u32(8) {
        case 0x414C_454D:  // "MELA": stored uncompressed
            return Array(data[16...].prefix(rawSize))
        case 0x7546_5A4C:  // "LZFu"
            break
        default:
            return nil
        }
        var ring = [UInt8](repeating: 0, count: 4096)
        ring.replaceSubrange(0..<primer.count, with: primer)
        var write = primer.count
        var out = [UInt8]()
        out.reserveCapacity(rawSize)
        var index = 16
        while index < data.count, out.count < rawSize {
            let control = data[index]
            index += 1
            for bit in 0..<8 where index < data.count && out.count < rawSize {
                if control >> bit & 1 == 0 {
                    out.append(data[index])
                    ring[write] = data[index]
                    write = (write + 1) & 0xFFF
                    index += 1
                    continue
                }
                guard index + 1 < data.count else { return out }
                let token = Int(data[index]) << 8 | Int(data[index + 1])
                index += 2
                let offset = token >> 4
                if offset == write { return out }  // the end marker
                for step in 0..<((token & 0xF) + 2) {
                    let byte = ring[(offset + step) & 0xFFF]
                    out.append(byte)
                    ring[write] = byte
                    write = (write + 1) & 0xFFF
                }
            }
        }
        return out
    }
}
