import Foundation
import LeakScanCore

/// Encodes incidents as JSON Lines: one object per line, keys in a fixed order, so output
/// diffs cleanly and is byte-identical between runs.
public enum IncidentJSONLines {
    /// One incident as a JSON object followed by a newline, appended to `out` in place.
    public static func encode(_ incident: Incident, into out: inout [UInt8]) {
        var encoder = Encoder()
        encoder.encode(incident, into: &out)
    }

    /// `incidents`' lines, encoded by one ``Encoder`` in the bytes it wrote them into.
    public static func lines(of incidents: [Incident]) -> EncodedLines {
        var encoder = Encoder()
        let lines = EncodedLines(capacity: incidents.count * 512)
        encoder.encode(incidents, into: lines.bytes)
        return lines
    }

    /// Encodes incidents one after another, writing once what repeats:
    /// - the fields that say where an incident was found (`source` to `attachment`, two thirds
    ///   of a record) are written once per place and copied for each next incident of a run
    ///   found in the same place (real posts have 1.6 incidents each);
    /// - a rule's opening (`{"rule":…,"category":…,"severity":…`) and closing (`kind`, `target`,
    ///   the brace and the line feed) are written once per rule and copied after: written
    ///   field by field they were a third of the encoding of a post's incident.
    ///
    /// What an incident is compared with is the incident before it in the same run, read in
    /// place: the encoder keeps no string of any incident. It kept the place's fields and the
    /// last rule's id, and their copies were retained and released per incident (27 counted
    /// references per real post).
    public struct Encoder {
        /// The bytes of the last place written (from the comma before `"source"` to the end of
        /// `"attachment"`), the only ones kept in ``placeBytes``.
        private var place = 0..<0
        private let placeBytes = ByteArena()

        /// Per rule entry: its opening and closing bytes, in ``ruleArena``.
        private var ruleBytes = [(opening: Range<Int>, closing: Range<Int>)]()
        /// Per rule entry: the incident fields its bytes were written from, compared in place.
        private var ruleFields = [RuleFields]()
        private let ruleArena = ByteArena()
        private var ruleIndex = [String: Int]()
        /// Rule entries used lately, each replacing the oldest (the incident before's among
        /// them): a post's incidents take turns among a few rules (`derogatory-remark`,
        /// `derogatory-post`, `profanity`), and looking each up in ``ruleIndex`` hashed its id.
        private var recentRules = [Int]()
        private var oldestRecent = 0
        static let mostRecentRules = 8

        struct RuleFields {
            var rule: String
            var category: Category
            var severity: Severity
            var kind: String?
            var target: String?
        }

        /// The incident encoded just before, in the same run.
        typealias Previous = UnsafePointer<Incident>

        public init() {}

        /// One incident as a JSON object followed by a newline, appended to `out`: no buffer
        /// per incident, numbers and the timestamp written as digits, not through strings.
        public mutating func encode(_ incident: borrowing Incident, into out: inout [UInt8]) {
            let line = ByteArena(capacity: 512)
            withUnsafePointer(to: incident) { _ = encode(at: $0, after: nil, into: line) }
            line.withBytes { out.append(contentsOf: $0) }
        }

        /// `incidents`, one line each, in order, appended to `out`.
        public mutating func encode(_ incidents: [Incident], into out: inout [UInt8]) {
            let lines = ByteArena(capacity: incidents.count * 512)
            encode(incidents, into: lines)
            lines.withBytes { out.append(contentsOf: $0) }
        }

        /// `incidents`, one line each, in order; an incident found in the same place as the one
        /// before has that one's place bytes copied. Each incident is read where it lies in the
        /// array: a for-in loop, and then the array's subscript, copied each incident (a dozen
        /// strings retained and released).
        mutating func encode(_ incidents: [Incident], into out: ByteArena) {
            incidents.withUnsafeBufferPointer { incidents in
                guard let base = incidents.baseAddress else { return }
                var previous: Previous?
                for index in incidents.indices { previous = encode(at: base + index, after: previous, into: out) }
            }
        }

        /// Encodes the incident at `incident`, found after `previous` in a run (nil: alone, or
        /// first); what the next incident of the run is compared with.
        mutating func encode(at incident: UnsafePointer<Incident>, after previous: Previous?, into out: ByteArena) -> Previous? {
            // An emblem incident's similarity sits between the excerpt and the rule's closing.
            guard incident.pointee.similarity == nil else {
                encodeEveryField(of: incident, after: previous, into: out)
                return nil
            }
            let rule = index(ofRule: incident)
            out.append(ruleArena.bytes(ruleBytes[rule].opening))
            var object = JSONObjectWriter(continuing: ())
            writePlace(of: incident, after: previous, with: &object, into: out)
            object.field(.excerpt, incident.pointee.excerpt, into: out)
            object.field(.fingerprint, incident.pointee.fingerprint, into: out)
            out.append(ruleArena.bytes(ruleBytes[rule].closing))
            return incident
        }

        /// Every field written in turn.
        mutating func encodeEveryField(of incident: UnsafePointer<Incident>, after previous: Previous?, into out: ByteArena) {
            var object = JSONObjectWriter(into: out)
            Self.writeOpening(of: incident, with: &object, into: out)
            writePlace(of: incident, after: previous, with: &object, into: out)
            object.field(.excerpt, incident.pointee.excerpt, into: out)
            object.field(.fingerprint, incident.pointee.fingerprint, into: out)
            if let similarity = incident.pointee.similarity { object.field(.similarity, similarity, into: out) }
            Self.writeClosing(of: incident, with: &object, into: out)
        }

        /// Whether the rule entry `index` was written for `incident`'s rule, from fields it has
        /// too. Read through a pointer: an entry read from the array was copied, its strings
        /// retained and released.
        func ruleEntry(_ index: Int, isFor incident: UnsafePointer<Incident>) -> Bool {
            ruleFields.withUnsafeBufferPointer { fields in
                let entry = fields.baseAddress! + index
                return entry.pointee.rule == incident.pointee.rule && entry.pointee.category == incident.pointee.category
                    && entry.pointee.severity == incident.pointee.severity && entry.pointee.kind == incident.pointee.kind
                    && entry.pointee.target == incident.pointee.target
            }
        }

        /// Where the opening and closing bytes of `incident`'s rule are in ``ruleBytes``,
        /// written the first time.
        mutating func index(ofRule incident: UnsafePointer<Incident>) -> Int {
            let recent = recentRules.withUnsafeBufferPointer { recent in recent.first { ruleEntry($0, isFor: incident) } }
            if let recent { return recent }
            let index = entry(ofRule: incident)
            if recentRules.count < Self.mostRecentRules {
                recentRules.append(index)
            } else {
                recentRules[oldestRecent] = index
                oldestRecent = (oldestRecent + 1) % Self.mostRecentRules
            }
            return index
        }

        /// ``index(ofRule:)`` of a rule not used lately: looked up by id, written when
        /// it is new or its fields differ.
        mutating func entry(ofRule incident: UnsafePointer<Incident>) -> Int {
            var known = ruleIndex[incident.pointee.rule]
            if let known, ruleEntry(known, isFor: incident) { return known }
            // A rewritten entry leaves its old bytes in the arena: an encoder kept for a whole
            // scan that goes back and forth between mail and posts starts its rules afresh
            // rather than keep every rewrite.
            if ruleArena.count > Self.mostRuleBytes {
                ruleArena.removeAll()
                ruleBytes.removeAll()
                ruleFields.removeAll()
                ruleIndex.removeAll()
                recentRules.removeAll()
                oldestRecent = 0
                known = nil
            }
            // Written straight into the arena, one after the other.
            let openingStart = ruleArena.count
            var object = JSONObjectWriter(into: ruleArena)
            Self.writeOpening(of: incident, with: &object, into: ruleArena)
            let closingStart = ruleArena.count
            var continued = JSONObjectWriter(continuing: ())
            Self.writeClosing(of: incident, with: &continued, into: ruleArena)
            let bytes = (openingStart..<closingStart, closingStart..<ruleArena.count)
            let fields = RuleFields(
                rule: incident.pointee.rule, category: incident.pointee.category, severity: incident.pointee.severity,
                kind: incident.pointee.kind,
                target: incident.pointee.target)
            // A rule's incidents differ in these fields only between mail and posts (the
            // target): its entry is rewritten then, not added to.
            guard let known else {
                ruleBytes.append(bytes)
                ruleFields.append(fields)
                ruleIndex[incident.pointee.rule] = ruleBytes.count - 1
                return ruleBytes.count - 1
            }
            ruleBytes[known] = bytes
            ruleFields[known] = fields
            return known
        }

        /// The most bytes of rules' openings and closings kept (a rule's are about 100).
        static let mostRuleBytes = 64 << 10

        /// How many bytes of rules' openings and closings are kept.
        var ruleBytesKept: Int { ruleArena.count }

        static func writeOpening(of incident: UnsafePointer<Incident>, with object: inout JSONObjectWriter, into out: ByteArena) {
            object.field(.rule, incident.pointee.rule, into: out)
            object.field(.category, incident.pointee.category.rawValue, into: out)
            object.field(.severity, incident.pointee.severity.rawValue, into: out)
        }

        static func writeClosing(of incident: UnsafePointer<Incident>, with object: inout JSONObjectWriter, into out: ByteArena) {
            if let kind = incident.pointee.kind { object.field(.kind, kind, into: out) }
            if let target = incident.pointee.target { object.field(.target, target, into: out) }
            object.finish(into: out)
            out.append(0x0A)
        }

        mutating func writePlace(
            of incident: UnsafePointer<Incident>, after previous: Previous?, with object: inout JSONObjectWriter, into out: ByteArena
        ) {
            if let previous, Self.samePlace(previous, incident) {
                out.append(placeBytes.bytes(place))
                return
            }
            let start = out.count
            object.field(.source, incident.pointee.source, into: out)
            object.field(.offset, incident.pointee.offset, into: out)
            object.field(.messageId, incident.pointee.messageID, into: out)
            object.field(.author, incident.pointee.author, into: out)
            object.field(.timestamp, incident.pointee.timestamp, into: out)
            object.field(.org, incident.pointee.org, into: out)
            // `person` and `channel` worked out here from the fields they are made of: the
            // incident's computed properties were called on a copy of the whole incident.
            object.field(.person, OrganisationDirectory.person(incident.pointee.author), into: out)
            object.field(.platform, incident.pointee.platform, into: out)
            object.field(.channel, Channel(platform: incident.pointee.platform).rawValue, into: out)
            object.field(.location, incident.pointee.location, into: out)
            object.attachment(incident.pointee.attachment, into: out)
            placeBytes.removeAll()
            place = placeBytes.append(out.bytes(start..<out.count))
        }

        /// Whether `one` and `other` were found in the same place (the fields of the place bytes;
        /// `person` and `channel` follow from `author` and `platform`).
        static func samePlace(_ one: UnsafePointer<Incident>, _ other: UnsafePointer<Incident>) -> Bool {
            one.pointee.offset == other.pointee.offset && one.pointee.source == other.pointee.source
                && one.pointee.location == other.pointee.location && one.pointee.messageID == other.pointee.messageID
                && one.pointee.author == other.pointee.author && one.pointee.timestamp == other.pointee.timestamp
                && one.pointee.org == other.pointee.org && one.pointee.platform == other.pointee.platform
                && one.pointee.attachment == other.pointee.attachment
        }
    }
}

/// Bytes appended in memory of their own, without reference counting or uniqueness checks:
/// the lines the encoder writes, and the pieces it keeps to copy again (a place's fields, a
/// rule's opening and closing), named by their ranges.
///
/// Appending a kept array retained and released it every time, three times per incident, and
/// with `--jobs 2` those counts were among the costliest writes of a scan of posts. Writing
/// the lines themselves into an array cost 25 appends per post, each asking whether the array
/// was shared and going through the generic path: 100 instructions an append, 4 % of a scan
/// of real posts' instructions.
final class ByteArena {
    @exclusivity(unchecked) private var storage: UnsafeMutablePointer<UInt8>
    @exclusivity(unchecked) private var capacity: Int
    @exclusivity(unchecked) private(set) var count = 0

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// Room for `more` bytes after what is kept.
    @inline(__always) private func reserve(_ more: Int) {
        if count + more > capacity { grow(to: count + more) }
    }

    private func grow(to needed: Int) {
        capacity = max(needed, 2 * capacity)
        let grown = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        grown.update(from: storage, count: count)
        storage.deallocate()
        storage = grown
    }

    /// Keeps a copy of `bytes` after what is kept; where it is kept.
    @discardableResult func append(_ bytes: UnsafeBufferPointer<UInt8>) -> Range<Int> {
        reserve(bytes.count)
        if let base = bytes.baseAddress { (storage + count).update(from: base, count: bytes.count) }
        count += bytes.count
        return (count - bytes.count)..<count
    }

    @inline(__always) func append(_ byte: UInt8) {
        reserve(1)
        storage[count] = byte
        count += 1
    }

    /// Appends constant text's bytes (after `dropFirst` of them).
    func append(constant text: StaticString, dropFirst: Int = 0) {
        append(UnsafeBufferPointer(start: text.utf8Start + dropFirst, count: text.utf8CodeUnitCount - dropFirst))
    }

    /// The bytes kept at `range`, valid until the next append or ``removeAll()``.
    func bytes(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(start: storage + range.lowerBound, count: range.count)
    }

    /// Calls `body` with every byte kept.
    func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(bytes(0..<count))
    }

    func removeAll() { count = 0 }
}

/// A batch's incidents as JSON Lines, written by the worker that found them and handed, whole
/// and no longer written to, to the thread that writes the output (after the delivery's lock,
/// which orders the two): the bytes themselves, with no copy into an array on the way.
public final class EncodedLines: @unchecked Sendable {
    let bytes: ByteArena

    init(capacity: Int) {
        bytes = ByteArena(capacity: capacity)
    }

    /// The lines' bytes, valid during the call.
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try bytes.withBytes(body)
    }
}

/// Writes one flat JSON object, keys in call order, straight into the caller's buffer (which
/// is passed to each call, never held, so appending never copies it). Keys are the writer's
/// own plain ASCII names, written as they are; values are escaped.
struct JSONObjectWriter {
    private var first = true
    static let null: StaticString = "null"

    init(into out: ByteArena) {
        out.append(UInt8(ascii: "{"))
    }

    /// A writer for fields that follow others already written (a comma before the first).
    init(continuing: Void) {
        first = false
    }

    mutating func key(_ key: JSONKey, into out: ByteArena) {
        out.append(constant: key.bytes, dropFirst: first ? 1 : 0)  // the first member has no comma
        first = false
    }

    mutating func field(_ key: JSONKey, _ value: String?, into out: ByteArena) {
        self.key(key, into: out)
        if let value { JSONString.append(value, to: out) } else { out.append(constant: Self.null) }
    }

    mutating func field(_ key: JSONKey, _ value: UInt64, into out: ByteArena) {
        self.key(key, into: out)
        DecimalDigits.withDigits(of: value) { out.append($0) }
    }

    /// An ISO 8601 timestamp in UTC, written in place, or null.
    mutating func field(_ key: JSONKey, _ value: Date?, into out: ByteArena) {
        self.key(key, into: out)
        guard let value else { return out.append(constant: Self.null) }
        out.append(UInt8(ascii: "\""))
        ISO8601.withBytes(of: value) { out.append($0) }
        out.append(UInt8(ascii: "\""))
    }

    /// A fingerprint's hexadecimal digits, written from the stack (they need no escaping).
    mutating func field(_ key: JSONKey, _ value: Fingerprint, into out: ByteArena) {
        self.key(key, into: out)
        out.append(UInt8(ascii: "\""))
        value.withHexDigits { _ = out.append($0) }
        out.append(UInt8(ascii: "\""))
    }

    /// A number in 0...1, to three decimals.
    mutating func field(_ key: JSONKey, _ value: Double, into out: ByteArena) {
        self.key(key, into: out)
        Array(String(format: "%.3f", value).utf8).withUnsafeBufferPointer { _ = out.append($0) }
    }

    /// `"attachment": {"name", "type", "size", "sha256"}` (plus `"member"` for text found
    /// inside the attachment), or null.
    mutating func attachment(_ attachment: Attachment?, into out: ByteArena) {
        key(.attachment, into: out)
        guard let attachment else { return out.append(constant: Self.null) }
        var nested = JSONObjectWriter(into: out)
        nested.field(.name, attachment.name, into: out)
        nested.field(.type, attachment.contentType, into: out)
        nested.field(.size, UInt64(attachment.size), into: out)
        nested.field(.sha256, attachment.sha256, into: out)
        if let member = attachment.member { nested.field(.member, member, into: out) }
        nested.finish(into: out)
    }

    func finish(into out: ByteArena) {
        out.append(UInt8(ascii: "}"))
    }
}

/// A member name as the bytes written before its value, `,"name":`, made once (an object's
/// first member leaves the comma off): the comma, quotes, name and colon appended one by one
/// cost 200 instructions a member, and an incident has up to twenty.
struct JSONKey {
    /// `,"name":`, as constant bytes: appending an array of them retained and released it,
    /// and every worker's writer appended the same arrays, each a dozen times an incident.
    let bytes: StaticString

    init(_ bytes: StaticString) {
        self.bytes = bytes
    }

    static let attachment = JSONKey(#","attachment":"#)
    static let author = JSONKey(#","author":"#)
    static let category = JSONKey(#","category":"#)
    static let channel = JSONKey(#","channel":"#)
    static let excerpt = JSONKey(#","excerpt":"#)
    static let fingerprint = JSONKey(#","fingerprint":"#)
    static let kind = JSONKey(#","kind":"#)
    static let location = JSONKey(#","location":"#)
    static let member = JSONKey(#","member":"#)
    static let messageId = JSONKey(#","message_id":"#)
    static let name = JSONKey(#","name":"#)
    static let offset = JSONKey(#","offset":"#)
    static let org = JSONKey(#","org":"#)
    static let person = JSONKey(#","person":"#)
    static let platform = JSONKey(#","platform":"#)
    static let rule = JSONKey(#","rule":"#)
    static let severity = JSONKey(#","severity":"#)
    static let sha256 = JSONKey(#","sha256":"#)
    static let similarity = JSONKey(#","similarity":"#)
    static let size = JSONKey(#","size":"#)
    static let source = JSONKey(#","source":"#)
    static let target = JSONKey(#","target":"#)
    static let timestamp = JSONKey(#","timestamp":"#)
    static let type = JSONKey(#","type":"#)
}

/// JSON string escaping per RFC 8259.
enum JSONString {
    static func append(_ text: String, to out: ByteArena) {
        out.append(UInt8(ascii: "\""))
        // Read in place through a span borrowed from the string: `withUTF8` is mutating, and
        // the copy it needed was retained and released per string written; so was the string
        // itself around `withContiguousStorageIfAvailable`'s closure (five per incident).
        text.utf8.span.withUnsafeBufferPointer { appendEscaped($0, to: out) }
        out.append(UInt8(ascii: "\""))
    }

    /// `bytes` with the bytes JSON cannot hold as they are escaped: the runs between them
    /// copied whole. Byte by byte, with a two-byte array per escape, the one excerpt in twelve
    /// that holds a quote cost ten times the others.
    static func appendEscaped(_ bytes: UnsafeBufferPointer<UInt8>, to out: ByteArena) {
        var start = 0
        while true {
            let special = JSONBytes.firstSpecial(in: bytes, from: start, orDelete: true)
            if special > start { out.append(UnsafeBufferPointer(rebasing: bytes[start..<special])) }
            guard special < bytes.count else { return }
            let byte = bytes[special]
            out.append(0x5C)
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): out.append(byte)
            case 0x0A: out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "t"))
            default:  // another control character, or DEL: \u00XX, lower-case
                let digits: StaticString = "0123456789abcdef"
                out.append(UInt8(ascii: "u"))
                out.append(UInt8(ascii: "0"))
                out.append(UInt8(ascii: "0"))
                out.append(digits.utf8Start[Int(byte >> 4)])
                out.append(digits.utf8Start[Int(byte & 0x0F)])
            }
            start = special + 1
        }
    }
}
