import CZlib
import Foundation
import LeakScanCore

#if canImport(Glibc)
    import Glibc
#endif

/// gzip (or zlib) decompression with zlib, one chunk at a time: a compressed archive is
/// never inflated whole. Concatenated gzip members (as `cat a.gz b.gz` makes) are followed.
final class GzipByteSource: ByteSource {
    let path: String
    let compressed: ByteSource
    var stream = z_stream()
    var input = [UInt8]()
    var inputOffset = 0
    var finished = false
    /// Compressed bytes consumed so far, counted from the start of the file.
    private(set) var compressedConsumed: UInt64
    /// Whether the last byte produced ended a gzip member (a place a later scan can restart).
    private(set) var atMemberEnd = false

    /// How far the stream may inflate: past it, reading stops with an error.
    let expansion: ExpansionLimit
    /// Compressed bytes consumed before this source started (a resumed read).
    private let startOffset: UInt64
    /// Bytes inflated so far.
    private var inflated: UInt64 = 0

    init(path: String, compressed: ByteSource, compressedOffset: UInt64 = 0, expansion: ExpansionLimit) throws(InputError) {
        self.path = path
        self.compressed = compressed
        self.expansion = expansion
        compressedConsumed = compressedOffset
        startOffset = compressedOffset
        // 15 + 32: maximum window, detect gzip or zlib header automatically.
        guard leakscan_inflate_init2(&stream, 15 + 32) == Z_OK else {
            throw InputError(path: path, reason: "zlib could not start")
        }
    }

    deinit { inflateEnd(&stream) }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: maxCount)
        var produced = 0
        while produced == 0 && !finished {
            if inputOffset == input.count {
                input = try compressed.read(maxCount: 64 * 1024)
                inputOffset = 0
                if input.isEmpty {
                    finished = true
                    if stream.total_in > 0 && stream.avail_in == 0 && lastStatus != Z_STREAM_END {
                        throw InputError(path: path, reason: "gzip data ends early (truncated file)")
                    }
                    break
                }
            }
            let status = input.withUnsafeMutableBufferPointer { source -> Int32 in
                output.withUnsafeMutableBufferPointer { target -> Int32 in
                    stream.next_in = source.baseAddress! + inputOffset
                    stream.avail_in = UInt32(source.count - inputOffset)
                    stream.next_out = target.baseAddress! + produced
                    stream.avail_out = UInt32(target.count - produced)
                    let status = inflate(&stream, Z_NO_FLUSH)
                    produced = target.count - Int(stream.avail_out)
                    let consumed = source.count - Int(stream.avail_in)
                    compressedConsumed += UInt64(consumed - inputOffset)
                    inputOffset = consumed
                    return status
                }
            }
            lastStatus = status
            atMemberEnd = status == Z_STREAM_END
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another member may follow.
                inflateReset(&stream)
                if produced > 0 { return try finishChunk(output, produced: produced) }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw InputError(path: path, reason: "gzip data is corrupt: \(message)")
            }
        }
        return try finishChunk(output, produced: produced)
    }

    /// A chunk ends at a member's end, so that ``atMemberEnd`` describes the chunk's last byte.
    /// Throws once the stream has inflated past ``expansion``.
    private func finishChunk(_ output: [UInt8], produced: Int) throws(InputError) -> [UInt8] {
        inflated += UInt64(produced)
        let consumed = compressedConsumed - startOffset
        if expansion.isExceeded(produced: inflated, consumed: consumed) {
            throw InputError(path: path, reason: expansion.reason(produced: inflated, consumed: consumed))
        }
        var output = output
        output.removeSubrange(produced...)
        return output
    }
    var lastStatus: Int32 = Z_OK
}
