import COLECF
import Foundation

/// An Outlook `.msg` file (an OLE2 compound file of MAPI property streams) read from memory
/// through libolecf: the message as an input of its own, or as an attachment.
///
/// Streams are named `__substg1.0_TTTTKKKK` (property tag, value kind: `001F` UTF-16,
/// `001E` 8-bit, `0102` binary); attachments are `__attach_version1.0_#N` storages, attached
/// messages a `__substg1.0_3701000D` storage inside one. Dates live in a fixed-layout
/// property stream and are not read; the transport headers carry the sending date when kept.
public enum OutlookMessageFile {
    public enum Outcome {
        /// The message as RFC 5322 bytes.
        case message([UInt8])
        /// A Word 97–2003 document, whose text the attachment extractor reads.
        case wordDocument(WordDocumentStreams)
        /// An Excel 97–2003 workbook: its `Workbook` stream, whose cells the attachment
        /// extractor reads, and its property sets (``propertySetNames``).
        case workbook([UInt8], propertySets: [[UInt8]])
        /// A PowerPoint 97–2003 presentation: its `PowerPoint Document` stream, and its property sets.
        case presentation([UInt8], propertySets: [[UInt8]])
        /// An OLE2 file that is no Outlook message, Word document, workbook or presentation
        /// (Excel 5 and 95, an Office file encrypted as a whole).
        case otherDocument(encrypted: Bool)
        case damaged(String)
    }

    /// Reads `data` (an OLE2 compound file).
    public static func read(_ data: [UInt8]) -> Outcome {
        withRoot(of: data, damaged: Outcome.damaged) { root, items in
            let names = Set(items.map(\.name))
            guard isMessage(names) else {
                func stream(_ name: String) -> [UInt8]? { items.first { $0.name == name }.flatMap { streamBytes($0.item) } }
                let propertySets = propertySetNames.compactMap(stream)
                if let wordDocument = stream("WordDocument") {
                    return .wordDocument(
                        WordDocumentStreams(
                            wordDocument: wordDocument, table0: stream("0Table"), table1: stream("1Table"),
                            embedded: items.first { $0.name == "ObjectPool" }.map { embeddedObjects($0.item) } ?? [],
                            propertySets: propertySets))
                }
                if let workbook = stream("Workbook") { return .workbook(workbook, propertySets: propertySets) }
                if let presentation = stream("PowerPoint Document") { return .presentation(presentation, propertySets: propertySets) }
                return .otherDocument(encrypted: names.contains("EncryptedPackage") || names.contains("EncryptionInfo"))
            }
            return .message(mapiMessage(root, depth: 0).rfc5322())
        }
    }

    /// The message `data` holds, or `nil` when it is an Office document, told from the names
    /// under its root: what the reading thread needs to route an input, without reading a
    /// document's streams that a worker reads again.
    public static func message(in data: [UInt8]) -> Result<[UInt8]?, OLE2Damage> {
        withRoot(of: data, damaged: { .failure(OLE2Damage(reason: $0)) }) { root, items in
            .success(isMessage(Set(items.map(\.name))) ? mapiMessage(root, depth: 0).rfc5322() : nil)
        }
    }

    /// Why a compound file could not be opened.
    public struct OLE2Damage: Error {
        public var reason: String
    }

    /// The streams where an Office 97–2003 file keeps its properties (title, keywords, custom
    /// ones): MS-OLEPS property sets, named with a leading U+0005.
    public static let propertySetNames = ["\u{5}SummaryInformation", "\u{5}DocumentSummaryInformation"]

    /// An Outlook message keeps its properties in `__substg1.0_` streams.
    static func isMessage(_ names: Set<String>) -> Bool { names.contains { $0.hasPrefix("__substg1.0_") } }

    /// Opens `data` through libolecf and hands `body` its root and the items under it (freed
    /// after). The bytes go to an anonymous in-memory file (never to disk) that libolecf opens
    /// by path, so its reads are bounded by the kernel.
    static func withRoot<T>(
        of data: [UInt8], damaged: (String) -> T, _ body: (OLEHandle, [(name: String, item: OLEHandle)]) -> T
    ) -> T {
        if let implausible = implausibleHeader(data) { return damaged(implausible) }
        let descriptor = leakscan_memfd()
        guard descriptor >= 0 else { return damaged("no in-memory file for the OLE2 reader") }
        defer { close(descriptor) }
        var written = 0
        while written < data.count {
            let count = data.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, data.count - written) }
            guard count > 0 else { return damaged("could not stage the OLE2 file") }
            written += count
        }
        var file: OLEHandle?
        var error: OLEHandle?
        defer {
            if let file {
                libolecf_file_close(file, nil)
                var pointer: OLEHandle? = file
                libolecf_file_free(&pointer, nil)
            }
        }
        guard libolecf_file_initialize(&file, &error) == 1, let file,
            libolecf_file_open(file, "/proc/self/fd/\(descriptor)", LIBOLECF_OPEN_READ, &error) == 1
        else {
            return damaged(message(&error))
        }
        var root: OLEHandle?
        guard libolecf_file_get_root_item(file, &root, &error) == 1, let root else { return damaged(message(&error)) }
        defer { free(root) }
        let items = children(root)
        defer { items.forEach { free($0.item) } }
        return body(root, items)
    }

    typealias OLEHandle = UnsafeMutablePointer<Int>

    /// The objects a Word document embeds (`ObjectPool/_N` storages): a spreadsheet, a chart's
    /// data, a document, kept as an Office package (a `Package` stream, as Office 2007 and
    /// later write it; `package_stream` from LibreOffice) or as a file (`CONTENTS`: a PDF).
    static func embeddedObjects(_ pool: OLEHandle) -> [EmbeddedObject] {
        children(pool).map { storage in
            defer { free(storage.item) }
            let streams = children(storage.item)
            defer { streams.forEach { free($0.item) } }
            // Read once: a stream read leaves its offset at the end.
            let kept = ["Package", "package_stream", "CONTENTS"].compactMap { name in streams.first { $0.name == name } }.first
            return EmbeddedObject(name: "object " + storage.name.trimmingPrefix("_"), content: kept.flatMap { streamBytes($0.item) })
        }
    }

    /// Why a compound-file header cannot be true of a file this size, or nil. libolecf sizes
    /// its tables from the header's sector counts before reading them, so a 100-byte file that
    /// claims millions of sectors would make it allocate gigabytes (found by fuzzing); no real
    /// file declares more sectors than it has bytes (MS-CFB 2.2).
    static func implausibleHeader(_ data: [UInt8]) -> String? {
        guard data.count >= 512 else { return "shorter than a compound-file header" }
        func u16(_ at: Int) -> Int { Int(data[at]) | Int(data[at + 1]) << 8 }
        func u32(_ at: Int) -> Int { u16(at) | u16(at + 2) << 16 }
        let shift = u16(30)
        guard shift == 9 || shift == 12 else { return "sector size 2^\(shift) is not 512 or 4096" }
        let sectors = data.count >> shift + 1
        for (name, offset) in [("directory", 40), ("FAT", 44), ("mini FAT", 64), ("DIFAT", 72)] where u32(offset) > sectors {
            return "header claims \(u32(offset)) \(name) sectors in a file of \(sectors)"
        }
        return nil
    }

    /// Outlook's compressed RTF (`PR_RTF_COMPRESSED`) as RTF; nil when it is not that.
    public static func decompressRTF(_ data: [UInt8]) -> [UInt8]? {
        CompressedRTF.decompress(data)
    }

    /// The message stored in `storage` (the root, or an attached message's storage).
    static func mapiMessage(_ storage: OLEHandle, depth: Int) -> MAPIMessage {
        typealias Tag = MAPIMessage.Tag
        var streams = [UInt32: [UInt8]]()
        var textKinds = [UInt32: UInt16]()
        var attachments = [(String, OLEHandle)]()
        for (name, item) in children(storage) {
            if name.hasPrefix("__substg1.0_"), name.count == 20, let id = UInt32(name.suffix(8), radix: 16) {
                let tag = id >> 16
                let kind = UInt16(id & 0xFFFF)
                if kind == 0x001F || kind == 0x001E || kind == 0x0102, let bytes = streamBytes(item) {
                    streams[tag] = bytes
                    textKinds[tag] = kind
                }
            } else if name.hasPrefix("__attach_version1.0_#") {
                attachments.append((name, item))
                continue
            }
            free(item)
        }
        func text(_ tag: UInt32) -> String? {
            guard let bytes = streams[tag] else { return nil }
            let string: String
            switch textKinds[tag] {
            case 0x001F: string = String(decoding: utf16(bytes), as: UTF16.self)
            default: string = String(bytes: bytes, encoding: .windowsCP1252) ?? String(decoding: bytes, as: UTF8.self)
            }
            let trimmed = string.replacingOccurrences(of: "\u{0}", with: "")
            return trimmed.isEmpty ? nil : trimmed
        }
        var mapi = MAPIMessage()
        mapi.transportHeaders = text(Tag.transportHeaders)
        mapi.subject = text(Tag.subject)
        mapi.senderName = text(Tag.senderName)
        mapi.senderAddress = text(Tag.senderAddress)
        mapi.to = text(Tag.displayTo)
        mapi.messageID = text(Tag.internetMessageID)
        mapi.plain = text(Tag.body).map { Array($0.utf8) }
        mapi.html = streams[Tag.html]
        mapi.rtf = streams[Tag.compressedRTF].flatMap(CompressedRTF.decompress)
        for (index, (_, storage)) in attachments.enumerated() {
            defer { free(storage) }
            var data: [UInt8]?
            var embedded: OLEHandle?
            var fileName: String?
            for (name, item) in children(storage) {
                if name == "__substg1.0_3701000D" {
                    embedded = item
                    continue
                }
                if name.hasPrefix("__substg1.0_"), name.count == 20, let id = UInt32(name.suffix(8), radix: 16) {
                    let tag = id >> 16
                    if tag == Tag.attachmentData, id & 0xFFFF == 0x0102 { data = streamBytes(item) }
                    if tag == Tag.attachmentLongFileName || (tag == Tag.attachmentFileName && fileName == nil),
                        let bytes = streamBytes(item)
                    {
                        fileName =
                            id & 0xFFFF == 0x001F ? String(decoding: utf16(bytes), as: UTF16.self) : String(decoding: bytes, as: UTF8.self)
                        fileName = fileName?.replacingOccurrences(of: "\u{0}", with: "")
                    }
                }
                free(item)
            }
            let name = fileName.flatMap { $0.isEmpty ? nil : $0 } ?? "attachment\(index + 1)"
            if let embedded {
                if depth < 8 { mapi.attachments.append(.message(name: name, mapiMessage(embedded, depth: depth + 1))) }
                free(embedded)
            } else if let data {
                mapi.attachments.append(.file(name: name, data: data))
            }
        }
        return mapi
    }

    /// Little-endian UTF-16 code units.
    static func utf16(_ bytes: [UInt8]) -> [UInt16] {
        stride(from: 0, to: bytes.count - 1, by: 2).map { UInt16(bytes[$0]) | UInt16(bytes[$0 + 1]) << 8 }
    }

    /// The items directly under `storage`, with their names; the caller frees each.
    static func children(_ storage: OLEHandle) -> [(name: String, item: OLEHandle)] {
        var count: Int32 = 0
        guard libolecf_item_get_number_of_sub_items(storage, &count, nil) == 1 else { return [] }
        var items = [(String, OLEHandle)]()
        for index in 0..<count {
            var item: OLEHandle?
            guard libolecf_item_get_sub_item(storage, index, &item, nil) == 1, let item else { continue }
            var size = 0
            guard libolecf_item_get_utf8_name_size(item, &size, nil) == 1, size > 0 else {
                free(item)
                continue
            }
            var name = [UInt8](repeating: 0, count: size)
            guard libolecf_item_get_utf8_name(item, &name, size, nil) == 1 else {
                free(item)
                continue
            }
            items.append((String(decoding: name.prefix { $0 != 0 }, as: UTF8.self), item))
        }
        return items
    }

    /// A stream's bytes (at most 256 MiB), or nil when it is no stream.
    static func streamBytes(_ item: OLEHandle) -> [UInt8]? {
        var size: UInt32 = 0
        guard libolecf_item_get_size(item, &size, nil) == 1 else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(min(size, 256 << 20)))
        guard !bytes.isEmpty else { return [] }
        let read = bytes.withUnsafeMutableBufferPointer { libolecf_stream_read_buffer(item, $0.baseAddress, $0.count, nil) }
        guard read >= 0 else { return nil }
        return Array(bytes.prefix(read))
    }

    static func free(_ item: OLEHandle) {
        var pointer: OLEHandle? = item
        libolecf_item_free(&pointer, nil)
    }

    static func message(_ error: inout OLEHandle?) -> String {
        guard let current = error else { return "unreadable OLE2 file" }
        var buffer = [CChar](repeating: 0, count: 512)
        libolecf_error_sprint(current, &buffer, buffer.count)
        libolecf_error_free(&error)
        return libraryErrorText(buffer)
    }
}

/// The streams of a Word 97–2003 document that hold its text, and the objects it embeds.
public struct WordDocumentStreams: Sendable {
    public var wordDocument: [UInt8]
    /// The table streams; the file information block says which one is in use.
    public var table0: [UInt8]?
    public var table1: [UInt8]?
    public var embedded: [EmbeddedObject]
    /// Its property sets (``OutlookMessageFile/propertySetNames``).
    public var propertySets: [[UInt8]]
}

/// An object embedded in a document: its bytes when kept in a form LeakScan reads (an Office
/// package or a file), else nil.
public struct EmbeddedObject: Sendable {
    public var name: String
    public var content: [UInt8]?
}
