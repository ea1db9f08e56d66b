import Foundation
import LeakScanCore
import LeakScanHadoop

#if canImport(Glibc)
    import Glibc
#endif

/// A file read with POSIX `read(2)` straight into byte arrays (`FileHandle` returns `Data`,
/// and converting it cost a sixth of the pipeline's time in profiles), or, for a URI, through
/// the Hadoop filesystem server (``HadoopFileSystem``) in the same chunks.
final class FileByteSource: ByteSource {
    let path: String
    /// The open file; -1 for a URI.
    let descriptor: Int32
    private let remote: HadoopFileSystem?
    /// Where a URI's next read starts (a local file keeps its own position).
    private var remoteOffset: UInt64 = 0

    init(path: String) throws(InputError) {
        self.path = path
        if RemotePath.isURI(path) {
            do throws(HadoopFileSystemError) {
                remote = try HadoopFileSystem.shared()
                // Fails here, as `open` would, when the file is not there.
                guard case .file = try remote!.status(path) else {
                    throw HadoopFileSystemError("cannot open for reading: not a file")
                }
            } catch {
                throw InputError(path: path, reason: error.reason)
            }
            descriptor = -1
            return
        }
        remote = nil
        descriptor = FileSystemPath.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            throw InputError(path: path, reason: "cannot open for reading: \(String(cString: strerror(errno)))")
        }
    }

    deinit { if descriptor >= 0 { close(descriptor) } }

    /// The size of a local file or of a URI's file; nil when it cannot be found.
    static func size(of path: String) -> UInt64? {
        if RemotePath.isURI(path) {
            guard case .file(let size) = try? HadoopFileSystem.shared().status(path) else { return nil }
            return size
        }
        guard let info = FileSystemPath.stat(path) else { return nil }
        return UInt64(info.st_size)
    }

    func read(maxCount: Int) throws(InputError) -> [UInt8] {
        if let remote {
            do {
                let bytes = try remote.read(path, offset: remoteOffset, maxCount: maxCount)
                remoteOffset += UInt64(bytes.count)
                return bytes
            } catch {
                throw InputError(path: path, reason: "read failed: \(error.reason)")
            }
        }
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
    func rewind() { seek(to: 0) }

    func seek(to offset: UInt64) {
        if remote != nil {
            remoteOffset = offset
        } else {
            lseek(descriptor, off_t(offset), SEEK_SET)
        }
    }
}
