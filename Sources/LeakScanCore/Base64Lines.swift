/// Lines of base64 inside a text: a file, a key or an encrypted blob written out as text (a mail
/// part saved as it was sent, an attachment quoted whole in a bounce, the later fragments of a
/// `message/partial`). Their characters spell words by chance between `+` and `/`.
public enum Base64Lines {
    /// The fewest characters of a base64 line that is not the last of its run (MIME writes 76,
    /// PEM 64): a line of prose has blanks, so it is never one.
    public static let fullLine = 40
    /// The most characters of a base64 line: longer, it is one token, not a wrapped file.
    public static let longestLine = 1000

    @inline(__always) public static func isBase64(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        case UInt8(ascii: "+"), UInt8(ascii: "/"), UInt8(ascii: "="): true
        default: false
        }
    }

    public static func isHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte | 0x20)
    }

    /// Whether a line could open a run: a full line of base64 (blanks around it and its line end
    /// aside), and not hex digits alone (a list of hashes or a hex dump is read as text), which
    /// a full line of base64 all but never is.
    public static func opensRun(_ line: ArraySlice<UInt8>) -> Bool {
        line.withUnsafeBufferPointer { classify($0, 0..<$0.count).opens }
    }

    /// The number of base64 characters on a line that holds nothing else (blanks around it and
    /// its line end aside) and no more than ``longestLine``; nil for any other line.
    public static func base64Length(_ line: ArraySlice<UInt8>) -> Int? {
        line.withUnsafeBufferPointer { classify($0, 0..<$0.count).base64 }
    }

    /// The byte ranges of the runs in `text`, each from the start of its first line to the end
    /// of its last: two lines that could each open a run, then the lines of base64 after them up
    /// to a shorter one, its last. A line of one long token alone is a word, not a run.
    ///
    /// Every text part of every mail is looked through, so lines are told apart over the bytes
    /// in place: a line of prose is left at its first blank.
    public static func runs(in text: [UInt8]) -> [Range<Int>] {
        text.withUnsafeBufferPointer { bytes in
            var runs = [Range<Int>]()
            var opened: Int?  // the start of the line before, when it could open a run
            var current: Int?  // the start of the run the lines before belong to
            var start = 0
            while start < bytes.count {
                let end = text.firstIndex(of: 0x0A, from: start).map { $0 + 1 } ?? bytes.count
                let line = classify(bytes, start..<end)
                if let first = current {
                    if let length = line.base64 {
                        if length < fullLine {  // a shorter line is the run's last
                            runs.append(first..<end)
                            current = nil
                        }
                        start = end
                        continue
                    }
                    runs.append(first..<start)
                    current = nil
                }
                if line.opens {
                    if let before = opened {
                        current = before
                        opened = nil
                    } else {
                        opened = start
                    }
                } else {
                    opened = nil
                }
                start = end
            }
            if let first = current { runs.append(first..<bytes.count) }
            return runs
        }
    }

    /// A line's base64 characters when it holds nothing else (blanks around it and its line end
    /// aside) and no more than ``longestLine``; and whether it could open a run (``opensRun(_:)``).
    static func classify(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> (base64: Int?, opens: Bool) {
        let kept = trimmedBounds(bytes, line)
        guard !kept.isEmpty, kept.count <= longestLine else { return (nil, false) }
        var hexOnly = true
        for index in kept {
            let byte = bytes[index]
            guard isBase64(byte) else { return (nil, false) }
            hexOnly = hexOnly && isHexDigit(byte)
        }
        return (kept.count, kept.count >= fullLine && !hexOnly)
    }

    /// A line without its line end and the blanks around it.
    public static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let kept = line.withUnsafeBufferPointer { trimmedBounds($0, 0..<$0.count) }
        return line[(line.startIndex + kept.lowerBound)..<(line.startIndex + kept.upperBound)]
    }

    /// The part of `line` in `bytes` left without its line end and the blanks around it.
    static func trimmedBounds(_ bytes: UnsafeBufferPointer<UInt8>, _ line: Range<Int>) -> Range<Int> {
        var lower = line.lowerBound
        var upper = line.upperBound
        while upper > lower, bytes[upper - 1] == 0x0A || bytes[upper - 1] == 0x0D || bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 {
            upper -= 1
        }
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        return lower..<upper
    }
}

/// Base64 written among words, one token (`TkkgQUIgMTIgMzQgNTYgQw==`): a sentence or an
/// identifier encoded so that neither a reader nor a filter on words sees it, or a file pasted
/// on one line. gitleaks decodes such tokens too.
public enum Base64Tokens {
    /// The fewest characters of a token: 12 bytes decoded. Shorter alphanumeric tokens (IDs,
    /// words) are too many, and decode to too little to hold an identifier with its context.
    public static let shortest = 16

    /// The byte ranges of the runs of at least ``shortest`` base64 characters in `bytes`, each
    /// bounded by bytes that are not base64.
    ///
    /// Every text is looked through, so it is looked through eight bytes at a time: a run of
    /// 16 covers a whole 8-byte block at a multiple of 8, and a block that holds a blank, a
    /// control byte or a byte past ASCII (nearly every block of prose: words are short) holds
    /// no run, told with two word-wide operations. Only the other blocks are looked at byte by
    /// byte, and a run is grown from one. (Probing byte by byte, the branches of prose went
    /// as often one way as the other: 5 % of a mail scan's time for 1 % of its instructions.)
    public static func tokens(in bytes: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        alphabet.withUnsafeBufferPointer { alphabet in
            var tokens = [Range<Int>]()
            let raw = UnsafeRawBufferPointer(bytes)
            let count = bytes.count
            var block = 0
            while block + 8 <= count {
                let word = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: block, as: UInt64.self))
                // A byte below 0x21 (blank, control) or from 0x80 (past ASCII): no base64 there.
                if ByteWord.bytes(word, below: 0x21) | (word & ByteWord.highBits) != 0 {
                    block += 8
                    continue
                }
                var inside = true
                for index in block..<(block + 8) where !alphabet[Int(bytes[index])] {
                    inside = false
                    break
                }
                guard inside else {
                    block += 8
                    continue
                }
                var start = block
                while start > 0, alphabet[Int(bytes[start - 1])] { start -= 1 }
                var end = block + 8
                while end < count, alphabet[Int(bytes[end])] { end += 1 }
                if end - start >= shortest { tokens.append(start..<end) }
                // The byte at `end` is no base64: the next run starts after it.
                block = (end + 8) & ~7
            }
            return tokens
        }
    }

    /// ``Base64Lines/isBase64(_:)`` by byte value: one load where the test is several compares.
    static let alphabet: [Bool] = (0...255).map { Base64Lines.isBase64(UInt8($0)) }
}
