import LeakScanCore

/// Transcodes a UTF-16 stream (an export saved by Windows tools as "Unicode") to UTF-8 on the
/// fly, so every reader sees UTF-8. Offsets after it are offsets in the UTF-8 text; an input
/// read through it resumes by reading from the start and skipping (``Checkpoint/fileOffset`` is
/// nil). Unpaired surrogates become U+FFFD, as a decoder must not drop text silently.
final class UTF16ByteSource: ByteSource {
    let source: ByteSource
    let bigEndian: Bool
    /// A code unit's first byte, or a high surrogate, waiting for the rest from the next chunk.
    var pendingByte: UInt8?
    var pendingHighSurrogate: UInt16?
    var finished = false

    init(source: ByteSource, bigEndian: Bool) {
        self.source = source
        self.bigEndian = bigEndian
    }

    /// The byte order of a UTF-16 stream from its first bytes: a byte-order mark, or ASCII text
    /// with every other byte zero. Nil for anything else (UTF-8 and its relatives).
    static func byteOrder(of head: [UInt8]) -> (bigEndian: Bool, bomLength: Int)? {
        if head.starts(with: [0xFF, 0xFE]) && !head.starts(with: [0xFF, 0xFE, 0x00, 0x00]) { return (false, 2) }
        if head.starts(with: [0xFE, 0xFF]) { return (true, 2) }
        guard head.count >= 4 else { return nil }
        if head[0] != 0 && head[1] == 0 && head[2] != 0 && head[3] == 0 { return (false, 0) }
        if head[0] == 0 && head[1] != 0 && head[2] == 0 && head[3] != 0 { return (true, 0) }
        return nil
    }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        var output = [UInt8]()
        while output.isEmpty && !finished {
            let chunk = try source.read(maxCount: max(2, maxCount / 2))
            if chunk.isEmpty {
                finished = true
                if pendingByte != nil || pendingHighSurrogate != nil { Self.appendReplacement(to: &output) }
                break
            }
            output.reserveCapacity(chunk.count * 3 / 2)
            var index = 0
            if let first = pendingByte {
                pendingByte = nil
                decode(unit(first, chunk[0]), into: &output)
                index = 1
            }
            while index + 1 < chunk.count {
                decode(unit(chunk[index], chunk[index + 1]), into: &output)
                index += 2
            }
            if index < chunk.count { pendingByte = chunk[index] }
        }
        return output
    }

    func unit(_ first: UInt8, _ second: UInt8) -> UInt16 {
        bigEndian ? UInt16(first) << 8 | UInt16(second) : UInt16(second) << 8 | UInt16(first)
    }

    func decode(_ unit: UInt16, into output: inout [UInt8]) {
        if let high = pendingHighSurrogate {
            pendingHighSurrogate = nil
            if (0xDC00...0xDFFF).contains(unit) {
                let scalar = 0x10000 + (UInt32(high - 0xD800) << 10) + UInt32(unit - 0xDC00)
                UTF8Encoding.append(scalar, to: &output)
                return
            }
            Self.appendReplacement(to: &output)
        }
        switch unit {
        case 0xD800...0xDBFF: pendingHighSurrogate = unit
        case 0xDC00...0xDFFF: Self.appendReplacement(to: &output)
        default: UTF8Encoding.append(UInt32(unit), to: &output)
        }
    }

    static func appendReplacement(to output: inout [UInt8]) { output += [0xEF, 0xBF, 0xBD] }
}
