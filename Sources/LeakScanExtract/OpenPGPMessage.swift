import LeakScanCore
import LeakScanZlib

/// What an OpenPGP message (RFC 9580, RFC 4880) holds for a reader without a key. Signing does
/// not hide anything: `gpg --sign` writes the text compressed inside the signature's packets,
/// where it reads as random bytes, and `gpg --store` compresses without signing. Read as it
/// was before, such a message hid its text from every rule; now its literal data is read as
/// the file it is. An encrypted message is only told apart, for reporting: its session key
/// is for the recipient.
///
/// An own reader rather than a binding of GnuPG or another library: no key and no
/// cryptography is needed to read what is not encrypted, only the packet framing (a tag and a
/// length), the compression (zlib, bzip2) and the literal packet's few fields; every length
/// is checked against the bytes there are.
public enum OpenPGPMessage {
    /// What reading a message gave.
    public struct Contents: Sendable, Equatable {
        /// The literal data: what was signed, compressed or stored, with the name the sender's
        /// program gave it (nil when none, or `_CONSOLE`, a text for the eyes only).
        public var files: [File] = []
        /// What could not be read: encrypted data (once), damaged packets, an unknown
        /// compression, a limit.
        public var problems: [ExtractionProblem] = []

        mutating func report(_ kind: ExtractionProblem.Kind, _ reason: String) {
            let problem = ExtractionProblem(kind: kind, path: [], reason: reason)
            if !problems.contains(problem) { problems.append(problem) }
        }
    }

    public struct File: Sendable, Equatable {
        public var name: String?
        public var bytes: [UInt8]
    }

    /// Reads the packets in `bytes`, keeping at most `maxBytes` of literal data in all.
    public static func read(_ bytes: [UInt8], maxBytes: Int) -> Contents {
        var contents = Contents()
        var budget = maxBytes
        read(bytes[...], depth: 0, budget: &budget, into: &contents)
        return contents
    }

    /// Compressed packets inside compressed packets are read this deep; a message has one.
    static let maxDepth = 8

    static func read(_ bytes: ArraySlice<UInt8>, depth: Int, budget: inout Int, into contents: inout Contents) {
        var reader = PacketReader(bytes: bytes)
        while let packet = reader.next() {
            switch packet.tag {
            case 1, 3, 9, 18, 20:
                // Session keys (public-key, symmetric) and encrypted data (RFC 9580 §5.1, §5.3, §5.7, §5.13).
                contents.report(.encrypted, "OpenPGP encrypted message: readable only with the recipient's key")
            case 8:
                guard depth < maxDepth else {
                    contents.report(.limit, "OpenPGP compressed packets nested deeper than \(maxDepth)")
                    continue
                }
                let (inner, problem) = decompressed(packet.body, maxBytes: budget)
                if let problem { contents.problems.append(problem) }
                read(inner[...], depth: depth + 1, budget: &budget, into: &contents)
            case 11:
                guard var file = literal(packet.body) else {
                    contents.report(.damaged, "OpenPGP literal data packet too short for its fields")
                    continue
                }
                if file.bytes.count > budget {
                    contents.report(.limit, "OpenPGP literal data past the extraction limit; the rest was not read")
                    file.bytes.removeSubrange(budget...)
                }
                budget -= file.bytes.count
                contents.files.append(file)
            default:
                // Signatures, one-pass signatures, markers, keys and user IDs: no one's text.
                continue
            }
        }
        if let damage = reader.damage { contents.report(.damaged, "OpenPGP message: " + damage) }
    }

    /// A compressed packet's content (RFC 9580 §5.6): its first byte names the algorithm.
    static func decompressed(_ body: [UInt8], maxBytes: Int) -> (bytes: [UInt8], problem: ExtractionProblem?) {
        func problem(_ kind: ExtractionProblem.Kind, _ reason: String) -> ExtractionProblem {
            ExtractionProblem(kind: kind, path: [], reason: "OpenPGP compressed packet: " + reason)
        }
        guard let algorithm = body.first else { return ([], problem(.damaged, "empty")) }
        let data = body[1...]
        switch algorithm {
        case 0: return (Array(data), nil)
        case 1, 2:
            let inflated = Inflater.inflated(data, wrapping: algorithm == 1 ? .raw : .zlib, maxBytes: maxBytes)
            return (inflated.bytes, inflated.problem.map { problem(inflated.bytes.count >= maxBytes ? .limit : .damaged, $0) })
        case 3:
            var bytes = [UInt8]()
            var limits = ExtractionLimits()
            limits.maxEntryBytes = maxBytes
            let budget = ExtractionBudget(limits: limits, inputBytes: data.count)
            let archive = ArchiveMembers(Array(data), kind: .bzip2, streamName: "data", budget: budget) { bytes = $0.bytes }
            return (bytes, archive.problems.first.map { problem($0.kind, "bzip2: " + $0.reason) })
        default: return ([], problem(.unsupported, "algorithm \(algorithm), which OpenPGP does not define: not read"))
        }
    }

    /// A literal data packet (RFC 9580 §5.9): a format byte, a name of up to 255 bytes, a
    /// four-byte date, the data.
    static func literal(_ body: [UInt8]) -> File? {
        guard body.count >= 2, body.count >= 2 + Int(body[1]) + 4 else { return nil }
        let nameEnd = 2 + Int(body[1])
        let name = String(decoding: body[2..<nameEnd], as: UTF8.self)
        return File(name: name.isEmpty || name == "_CONSOLE" ? nil : name, bytes: Array(body[(nameEnd + 4)...]))
    }

    /// Whether `bytes` (the whole of them) start an OpenPGP message: a packet header in either
    /// format whose tag opens a message (a session key, a one-pass signature, compressed or
    /// literal data), whose length fits in the bytes there are, and whose first body bytes are
    /// what that packet holds: a version, a compression algorithm and the start of its stream, a
    /// literal's format and a name that fits. Text does not pass: the bytes that start such a
    /// header are UTF-8 lead bytes or not text at all, and the byte after a UTF-8 lead is never
    /// a version; nor do random bytes decoded from base64 lines, one time in thousands.
    public static func startsMessage(_ bytes: ArraySlice<UInt8>) -> Bool {
        guard let header = PacketReader(bytes: bytes).header(), header.bodyStart + 2 < bytes.endIndex else { return false }
        if let length = header.length, length > bytes.endIndex - header.bodyStart || length < 2 { return false }
        let body = bytes[header.bodyStart...]
        let (first, second) = (body[body.startIndex], body[body.startIndex + 1])
        switch header.tag {
        case 1, 4: return first == 3 || first == 6
        case 3: return (4...6).contains(first)
        case 8:
            switch first {
            case 0: return second & 0x80 != 0  // uncompressed: a packet header follows
            case 1: return (second >> 1) & 3 != 3  // deflate: a block type that exists
            case 2: return second & 0x0F == 8 && (UInt16(second) << 8 | UInt16(body[body.startIndex + 2])) % 31 == 0  // a zlib header
            case 3: return body.dropFirst().starts(with: "BZh".utf8)
            default: return false
            }
        case 11:
            let literal = header.length ?? body.count
            return Array("btu1lm".utf8).contains(first) && 2 + Int(second) + 4 <= literal
        default: return false
        }
    }

    /// The first bytes a message's packet header can have: the tags of ``startsMessage(_:)``
    /// in the old format (each with its four length types) and in the new.
    public static let headerBytes: [UInt8] =
        [1, 3, 4, 8, 11].flatMap { tag in (0..<4).map { UInt8(0x80 | tag << 2 | $0) } } + [1, 3, 4, 8, 11].map { UInt8(0xC0 | $0) }

    /// The packets of a message in order, each with its body whole (partial lengths joined).
    struct PacketReader {
        var bytes: ArraySlice<UInt8>
        /// Why reading stopped before the end.
        var damage: String?

        struct Packet {
            var tag: UInt8
            var body: [UInt8]
        }

        /// A packet header: the tag, the body's first length (nil: to the end of the bytes),
        /// whether partial lengths follow, and where the body starts.
        struct Header {
            var tag: UInt8
            var length: Int?
            var partial: Bool
            var bodyStart: Int
        }

        /// The next packet; nil at the end or where the bytes stop making packets.
        mutating func next() -> Packet? {
            guard !bytes.isEmpty, damage == nil else { return nil }
            let offset = bytes.startIndex
            guard let header = header() else {
                damage = "bytes that are not an OpenPGP packet at offset \(offset)"
                return nil
            }
            var body = [UInt8]()
            var cursor = header.bodyStart
            var length = header.length ?? (bytes.endIndex - cursor)
            var partial = header.partial
            while true {
                guard length <= bytes.endIndex - cursor else {
                    damage = "a packet at offset \(offset) declares \(length) bytes, more than the \(bytes.endIndex - cursor) left"
                    return nil
                }
                body += bytes[cursor..<(cursor + length)]
                cursor += length
                guard partial else { break }
                guard let field = Self.lengthField(bytes, at: cursor) else {
                    damage = "a packet at offset \(offset) ends inside its partial lengths"
                    return nil
                }
                (length, partial, cursor) = field
            }
            bytes = bytes[cursor...]
            return Packet(tag: header.tag, body: body)
        }

        /// The header of the packet at the start; nil when the bytes do not open one.
        func header() -> Header? {
            guard let first = bytes.first, first & 0x80 != 0 else { return nil }
            let start = bytes.startIndex
            if first & 0x40 == 0 {
                // Old format: the length's size is in the low two bits; 3 runs to the end.
                let lengthType = first & 3
                let tag = (first >> 2) & 0x0F
                guard lengthType != 3 else { return Header(tag: tag, length: nil, partial: false, bodyStart: start + 1) }
                let size = 1 << lengthType
                guard bytes.count > size else { return nil }
                let length = bytes[(start + 1)...(start + size)].reduce(0) { $0 << 8 | Int($1) }
                return Header(tag: tag, length: length, partial: false, bodyStart: start + 1 + size)
            }
            guard let (length, partial, end) = Self.lengthField(bytes, at: start + 1) else { return nil }
            return Header(tag: first & 0x3F, length: length, partial: partial, bodyStart: end)
        }

        /// A new-format length field at `index` (RFC 9580 §4.2.1): its value, whether it is a
        /// partial length (a power of two, with another field after that many bytes), and
        /// where it ends.
        static func lengthField(_ bytes: ArraySlice<UInt8>, at index: Int) -> (length: Int, partial: Bool, end: Int)? {
            guard index < bytes.endIndex else { return nil }
            let first = Int(bytes[index])
            switch first {
            case ..<192: return (first, false, index + 1)
            case 192..<224:
                guard index + 1 < bytes.endIndex else { return nil }
                return ((first - 192) << 8 + Int(bytes[index + 1]) + 192, false, index + 2)
            case 255:
                guard index + 4 < bytes.endIndex else { return nil }
                return (bytes[(index + 1)...(index + 4)].reduce(0) { $0 << 8 | Int($1) }, false, index + 5)
            default: return (1 << (first & 0x1F), true, index + 1)
            }
        }
    }
}
