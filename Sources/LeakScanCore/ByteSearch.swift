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

extension Array where Element == UInt8 {
    /// Index of the first occurrence of `needle` starting at or after `start`: `memchr` to each
    /// place its first byte occurs, `memcmp` for the rest (Glibc's `memmem` is not exported to
    /// Swift). Masking looks for every value of every finding through its whole unit, and the
    /// generic slice search cost twenty instructions a byte.
    public func firstIndex(of needle: ArraySlice<UInt8>, from start: Int) -> Int? {
        guard let first = needle.first, start >= 0, start + needle.count <= count else { return nil }
        return withUnsafeBufferPointer { haystack in
            needle.withUnsafeBufferPointer { needle in
                guard let base = haystack.baseAddress, let wanted = needle.baseAddress else { return nil }
                let last = count - needle.count  // the last place a match can start
                var index = start
                while index <= last, let hit = memchr(base + index, Int32(first), last - index + 1) {
                    let found = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                    if memcmp(base + found, wanted, needle.count) == 0 { return found }
                    index = found + 1
                }
                return nil
            }
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

extension ArraySlice where Element == UInt8 {
    /// Whether the slice starts with `text` (lower-case ASCII), ASCII letters compared without
    /// case. No other character lower-cases to an ASCII letter but `K` (Kelvin) and `İ`, so for
    /// names without `k` and `i` followed by a mark this is what lower-casing the text as Unicode
    /// and searching it gives, without building a string.
    public func startsCaseless(with text: String) -> Bool {
        count >= text.utf8.count && Swift.zip(self, text.utf8).allSatisfy { byte, wanted in byte.asciiLowercased == wanted }
    }

    /// Whether `text` (lower-case ASCII) occurs in the slice, ASCII letters compared without case.
    public func containsCaseless(_ text: String) -> Bool {
        guard let lead = text.utf8.first else { return true }
        var index = startIndex
        while let found = self[index...].firstIndex(where: { $0.asciiLowercased == lead }) {
            if self[found...].startsCaseless(with: text) { return true }
            index = found + 1
        }
        return false
    }
}

extension UInt8 {
    /// The byte with ASCII capitals made small.
    @inlinable public var asciiLowercased: UInt8 { self >= 0x41 && self <= 0x5A ? self | 0x20 : self }
}
