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

    /// Whether a line (blanks and the carriage return trimmed) could open a run: a full line of
    /// base64, and not hex digits alone (a list of hashes or a hex dump is read as text), which
    /// a full line of base64 all but never is.
    public static func opensRun(_ line: some Collection<UInt8>) -> Bool {
        (fullLine...longestLine).contains(line.count) && line.allSatisfy(isBase64) && !line.allSatisfy(isHexDigit)
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
        var lower = line.lowerBound
        var upper = line.upperBound
        while upper > lower, bytes[upper - 1] == 0x0A || bytes[upper - 1] == 0x0D || bytes[upper - 1] == 0x20 || bytes[upper - 1] == 0x09 {
            upper -= 1
        }
        while lower < upper, bytes[lower] == 0x20 || bytes[lower] == 0x09 { lower += 1 }
        guard lower < upper, upper - lower <= longestLine else { return (nil, false) }
        var hexOnly = true
        for index in lower..<upper {
            let byte = bytes[index]
            guard isBase64(byte) else { return (nil, false) }
            hexOnly = hexOnly && isHexDigit(byte)
        }
        return (upper - lower, upper - lower >= fullLine && !hexOnly)
    }

    /// A line without its line end and the blanks around it.
    public static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var line = line
        while let last = line.last, last == 0x0A || last == 0x0D || last == 0x20 || last == 0x09 { line = line.dropLast() }
        while let first = line.first, first == 0x20 || first == 0x09 { line = line.dropFirst() }
        return line
    }
}
