#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension Array where Element == UInt8 {
    /// Index of the first `byte` at or after `start`, found with the C library's `memchr`
    /// (vectorised): line splitting is the reader's hottest loop.
    public func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < count else { return nil }
        return withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, let hit = memchr(base + start, Int32(byte), count - start) else { return nil }
            return base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }
}

extension ArraySlice where Element == UInt8 {
    /// Like `Array.firstIndex(of:from:)`, in the slice's own indices.
    public func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        guard start < endIndex else { return nil }
        return withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress,
                let hit = memchr(base + (start - startIndex), Int32(byte), endIndex - start)
            else { return nil }
            return startIndex + base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
        }
    }
}
