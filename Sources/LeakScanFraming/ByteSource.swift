import CZlib
import Foundation
import LeakScanCore

#if canImport(Glibc)
    import Glibc
#endif

/// A stream of bytes read in chunks: a plain file, or a gzip file inflated on the fly.
public protocol ByteSource: AnyObject {
    /// The next chunk (at most about `maxCount` bytes), empty at end of input.
    func read(maxCount: Int) throws(InputError) -> [UInt8]
}

/// A file read with POSIX `read(2)` straight into byte arrays (`FileHandle` returns `Data`,
/// and converting it cost a sixth of the pipeline's time in profiles).
final class FileByteSource: ByteSource {
    let path: String
    let descriptor: Int32

    init(path: String) throws(InputError) {
        let descriptor = FileSystemPath.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError(path: path, reason: "cannot open for reading: \(String(cString: strerror(errno)))")
        }
        self.path = path
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: maxCount) { buffer, initialized in
            while true {
                let count = Glibc.read(descriptor, buffer.baseAddress, maxCount)
                if count >= 0 {
                    initialized = count
                    return
                }
                if errno != EINTR {
                    failure = errno
                    initialized = 0
                    return
                }
            }
        }
        if failure != 0 {
            throw InputError(path: path, reason: "read failed: \(String(cString: strerror(failure)))")
        }
        return bytes
    }

    /// Back to the start (after sniffing the first bytes).
    func rewind() {
        lseek(descriptor, 0, SEEK_SET)
    }

    func seek(to offset: UInt64) {
        lseek(descriptor, off_t(offset), SEEK_SET)
    }
}

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

    init(path: String, compressed: ByteSource, compressedOffset: UInt64 = 0) throws(InputError) {
        self.path = path
        self.compressed = compressed
        compressedConsumed = compressedOffset
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
                if produced > 0 { return finishChunk(output, produced: produced) }
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw InputError(path: path, reason: "gzip data is corrupt: \(message)")
            }
        }
        return finishChunk(output, produced: produced)
    }

    /// A chunk ends at a member's end, so that ``atMemberEnd`` describes the chunk's last byte.
    private func finishChunk(_ output: [UInt8], produced: Int) -> [UInt8] {
        var output = output
        output.removeSubrange(produced...)
        return output
    }
    var lastStatus: Int32 = Z_OK
}

/// Opens `path` as a byte source: gzip inflated, UTF-16 transcoded to UTF-8.
///
/// - Parameter fileOffset: where to start in the file itself (a ``Checkpoint/fileOffset``): a
///   plain file is read from there, a gzip file inflated from there (a member boundary). Not
///   for UTF-16 inputs, whose checkpoints have none.
func openByteSource(path: String, fileOffset: UInt64 = 0) throws(InputError) -> (source: ByteSource, kind: ByteSourceKind) {
    let file = try FileByteSource(path: path)
    let magic = try file.read(maxCount: 2)
    file.rewind()
    let isGzip = magic == [0x1F, 0x8B]
    // UTF-16 is recognised on the decompressed text, then that stream is opened again.
    let head = try readHead(isGzip ? try GzipByteSource(path: path, compressed: file) : file, count: 4)
    file.rewind()
    if let order = UTF16ByteSource.byteOrder(of: head) {
        let text: ByteSource = isGzip ? try GzipByteSource(path: path, compressed: file) : file
        return (UTF16ByteSource(source: text, bigEndian: order.bigEndian), .utf16)
    }
    if fileOffset > 0 { file.seek(to: fileOffset) }
    if isGzip { return (try GzipByteSource(path: path, compressed: file, compressedOffset: fileOffset), .gzip) }
    return (file, .plain)
}

/// What sits between an input file and its text, which decides how a checkpoint maps to a place
/// in the file.
enum ByteSourceKind: Sendable {
    /// Text offsets are file offsets.
    case plain
    /// Text offsets count inflated bytes; a finished member boundary is a place to restart.
    case gzip
    /// Text offsets count transcoded UTF-8 bytes; no place in the file maps to one cheaply.
    case utf16
}

/// The first `count` bytes of a fresh source (fewer if it is shorter).
private func readHead(_ source: ByteSource, count: Int) throws(InputError) -> [UInt8] {
    var head = [UInt8]()
    while head.count < count {
        let chunk = try source.read(maxCount: count - head.count)
        if chunk.isEmpty { break }
        head += chunk
    }
    return head
}
