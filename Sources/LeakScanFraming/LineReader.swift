#if canImport(Glibc)
    import Glibc
#endif

/// Reads lines from a ``ByteSource`` through one reusable buffer, tracking each line's byte
/// offset in the (decompressed) input. A line longer than the chunk size comes back in
/// pieces, so one giant line cannot make memory grow without bound.
final class LineReader {
    static let chunkSize = 256 * 1024
    let source: ByteSource
    var buffer = [UInt8]()
    var bufferStart = 0
    /// Input offset of `buffer[0]`.
    var bufferOffset: UInt64 = 0
    var atEOF = false
    var lineContinues = false
    /// The read error that ended the input early, if any.
    private(set) var error: InputError?
    /// Bytes read from the source so far (after decompression).
    private(set) var bytesRead: UInt64 = 0

    /// Input offset of the first byte not yet returned as (part of) a line.
    var consumedOffset: UInt64 { bufferOffset + UInt64(bufferStart) }

    /// Whether every byte of the input has been read and returned.
    var isExhausted: Bool { atEOF && consumedOffset == bufferOffset + UInt64(buffer.count) }

    /// Whether the input's last byte read so far is a line feed (at the end: whether the
    /// input ends with a complete line).
    private(set) var endsWithNewline = true

    /// - Parameter startOffset: the input offset of the source's first byte (after a resume).
    init(source: ByteSource, startOffset: UInt64 = 0) {
        self.source = source
        bufferOffset = startOffset
    }

    /// Appends the next chunk (compacting first); false at end of input.
    @discardableResult
    func fill() -> Bool {
        if atEOF { return false }
        if bufferStart > 0 {
            buffer.removeSubrange(0..<bufferStart)
            bufferOffset += UInt64(bufferStart)
            bufferStart = 0
        }
        do {
            let chunk = try source.read(maxCount: Self.chunkSize)
            if chunk.isEmpty {
                atEOF = true
                return false
            }
            buffer += chunk
            bytesRead += UInt64(chunk.count)
            endsWithNewline = chunk.last == 0x0A
            return true
        } catch {
            self.error = error
            atEOF = true
            return false
        }
    }

    /// The next line with its line ending, its input offset, and whether it starts a line
    /// (false for the second and later pieces of an over-long line). Nil at end of input.
    func nextLine() -> (bytes: ArraySlice<UInt8>, offset: UInt64, startsLine: Bool)? {
        var searchFrom = bufferStart
        while true {
            if let newline = buffer.firstIndex(of: 0x0A, from: searchFrom) {
                let line = buffer[bufferStart...newline]
                let offset = bufferOffset + UInt64(bufferStart)
                bufferStart = newline + 1
                let startsLine = !lineContinues
                lineContinues = false
                return (line, offset, startsLine)
            }
            let pending = buffer.count - bufferStart
            if pending >= Self.chunkSize || atEOF {
                guard pending > 0 else {
                    if fill() {
                        searchFrom = bufferStart
                        continue
                    }
                    return nil
                }
                let line = buffer[bufferStart...]
                let offset = bufferOffset + UInt64(bufferStart)
                bufferStart = buffer.count
                let startsLine = !lineContinues
                lineContinues = !atEOF
                return (line, offset, startsLine)
            }
            // fill() may compact the buffer: keep the search position relative to bufferStart.
            fill()
            searchFrom = bufferStart + pending
        }
    }

    /// `body` given the next line in place, with its line feed and its input offset, when it
    /// lies whole in the buffer (its line feed read, and not the rest of an over-long line),
    /// and the reader moved past it; nil, and nothing read, otherwise (``nextLine()`` then
    /// reads it). A line handed as a slice of the buffer retained and released the buffer a
    /// few times a line, and each line of a JSON Lines file is a post.
    func withCompleteLine<Result>(_ body: (UnsafeBufferPointer<UInt8>, UInt64) -> Result) -> Result? {
        guard !lineContinues, bufferStart < buffer.count else { return nil }
        let start = bufferStart
        return buffer.withUnsafeBufferPointer { base -> Result? in
            guard let hit = memchr(base.baseAddress! + start, 0x0A, base.count - start) else { return nil }
            let end = base.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
            bufferStart = end
            return body(UnsafeBufferPointer(rebasing: base[start..<end]), bufferOffset + UInt64(start))
        }
    }

    /// The longest run of complete lines from the current position none of which is empty or
    /// starts with a byte `special` marks; nil when the next line is special, incomplete or
    /// the rest of an over-long line. Lets the mbox reader take ordinary body lines in bulk
    /// instead of one by one.
    func ordinaryRun(special: [Bool]) -> ArraySlice<UInt8>? {
        guard !lineContinues, bufferStart < buffer.count, !special[Int(buffer[bufferStart])] else { return nil }
        let start = bufferStart
        let end = buffer.withUnsafeBufferPointer { base -> Int in
            var end = start
            var position = start
            while position < base.count,
                let hit = memchr(base.baseAddress! + position, 0x0A, base.count - position)
            {
                let next = base.baseAddress!.distance(to: hit.assumingMemoryBound(to: UInt8.self)) + 1
                end = next
                if next >= base.count || special[Int(base[next])] { break }
                position = next
            }
            return end
        }
        guard end > start else { return nil }
        bufferStart = end
        return buffer[start..<end]
    }

    /// The line after the current one, without consuming it (at most one chunk of it).
    func peekLine() -> ArraySlice<UInt8> {
        while true {
            if let newline = buffer.firstIndex(of: 0x0A, from: bufferStart) {
                return buffer[bufferStart..<newline]
            }
            if atEOF || buffer.count - bufferStart >= Self.chunkSize {
                return buffer[bufferStart...]
            }
            fill()
        }
    }

    /// Continues from input offset `offset` by reading and discarding up to it (for sources
    /// that cannot seek there: UTF-16, or gzip away from a member boundary).
    func skip(to offset: UInt64) {
        while consumedOffset < offset {
            if bufferStart < buffer.count {
                bufferStart = min(buffer.count, bufferStart + Int(min(UInt64(Int.max), offset - consumedOffset)))
            } else if !fill() {
                return
            }
        }
    }

    /// Continues from input offset `offset` where an earlier read stopped (``skip(to:)``): when
    /// the byte before it is not a line feed (a text's line cut inside, a JSON line read in
    /// parts), what is read first is the rest of a line, as it was to the earlier read. The
    /// last `lookedBack` bytes skipped were read only to tell that: they are not counted as read.
    func resume(at offset: UInt64, lookedBack: UInt64 = 0) {
        skip(to: offset)
        if consumedOffset == offset, bufferStart > 0 { lineContinues = buffer[bufferStart - 1] != 0x0A }
        bytesRead -= min(bytesRead, lookedBack)
    }

    /// The first `count` bytes of the input without consuming them.
    func peekPrefix(_ count: Int) -> ArraySlice<UInt8> {
        while buffer.count - bufferStart < count && fill() {}
        return buffer[bufferStart..<min(buffer.count, bufferStart + count)]
    }
}
