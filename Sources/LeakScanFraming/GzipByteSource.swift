import Foundation
import LeakScanCore
import LeakScanZlib

#if canImport(Glibc)
    import Glibc
#endif

/// gzip (or zlib) decompression with zlib, one chunk at a time: a compressed archive is
/// never inflated whole. Concatenated gzip members (as `cat a.gz b.gz` makes) are followed.
final class GzipByteSource: ByteSource {
    let path: String
    let compressed: ByteSource
    let inflater = Inflater(.gzipOrZlib)
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
    }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: maxCount)
        var produced = 0
        while produced == 0 && !finished {
            if inputOffset == input.count {
                input = try compressed.read(maxCount: 64 * 1024)
                inputOffset = 0
                if input.isEmpty {
                    finished = true
                    if inflater.totalIn > 0 && lastStatus != .end {
                        throw InputError(path: path, reason: "gzip data ends early (truncated file)")
                    }
                    break
                }
            }
            let step = input[inputOffset...].withUnsafeBytes { source in
                output.withUnsafeMutableBytes { inflater.inflate(source, into: UnsafeMutableRawBufferPointer(rebasing: $0[produced...])) }
            }
            produced += step.produced
            inputOffset += step.consumed
            compressedConsumed += UInt64(step.consumed)
            lastStatus = step.status
            atMemberEnd = step.status == .end
            switch step.status {
            case .more:
                continue
            case .end:
                // Another member may follow.
                inflater.reset()
                if produced > 0 { return try finishChunk(output, produced: produced) }
            case .corrupt(let reason):
                throw InputError(path: path, reason: "gzip data is corrupt: \(reason)")
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
    var lastStatus = Inflater.Status.more
}
