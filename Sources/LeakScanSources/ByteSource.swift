import CZlib
import Foundation

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
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
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

    init(path: String, compressed: ByteSource) throws(InputError) {
        self.path = path
        self.compressed = compressed
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
                    inputOffset = source.count - Int(stream.avail_in)
                    return status
                }
            }
            lastStatus = status
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                // Another member may follow.
                inflateReset(&stream)
            default:
                let message = stream.msg.map { String(cString: $0) } ?? "status \(status)"
                throw InputError(path: path, reason: "gzip data is corrupt: \(message)")
            }
        }
        output.removeSubrange(produced...)
        return output
    }
    var lastStatus: Int32 = Z_OK
}

/// Opens `path` as a byte source, inflating it when it starts with the gzip magic bytes.
public func openByteSource(path: String) throws(InputError) -> ByteSource {
    let file = try FileByteSource(path: path)
    let magic = try file.read(maxCount: 2)
    file.rewind()
    if magic == [0x1F, 0x8B] {
        return try GzipByteSource(path: path, compressed: file)
    }
    return file
}
