import CPFF
import Foundation

/// An Outlook personal store (`.pst`, `.ost`) read through libpff: every folder, every message
/// in it, handed on as an RFC 5322 message so the same MIME walk, attachment reading and rules
/// apply — headers (the transport headers Outlook kept, else subject, sender and date from the
/// MAPI properties), the plain, HTML or RTF body, and every attachment, attached messages
/// included.
///
/// libpff (libyal) rather than a reader of our own: the PST format is large and undocumented in
/// places, and libpff is the maintained reader forensic tools use.
/// libpff's handles (files, items, errors) are all `intptr_t` typedefs in its C API.
typealias PFFHandle = UnsafeMutablePointer<Int>

public final class OutlookStore {
    /// One message out of the store.
    public struct Message: Sendable {
        /// Folder names from the store's root, joined with `/` (`Top of Personal Folders/Inbox`).
        public var folder: String
        /// The item's identifier in the store: stable, so it stands in for a byte offset.
        public var identifier: UInt32
        /// The message as RFC 5322 bytes.
        public var bytes: [UInt8]
    }

    public struct OpenError: Error, CustomStringConvertible {
        public var description: String
    }

    let file: PFFHandle
    public let path: String
    /// Messages or folders that could not be read (reported; the rest of the store is read).
    public private(set) var problems: [String] = []

    public init(path: String) throws(OpenError) {
        self.path = path
        var file: PFFHandle?
        var error: PFFHandle?
        guard libpff_file_initialize(&file, &error) == 1, let file else {
            throw OpenError(description: Self.message(&error))
        }
        guard libpff_file_open(file, path, Int32(LIBPFF_ACCESS_FLAG_READ.rawValue), &error) == 1 else {
            var pointer: PFFHandle? = file
            libpff_file_free(&pointer, nil)
            throw OpenError(description: Self.message(&error))
        }
        self.file = file
    }

    deinit {
        libpff_file_close(file, nil)
        var pointer: PFFHandle? = file
        libpff_file_free(&pointer, nil)
    }

    /// Calls `each` for every message, folder by folder in the store's order.
    public func messages(_ each: (Message) -> Void) {
        var error: PFFHandle?
        var root: PFFHandle?
        guard libpff_file_get_root_folder(file, &root, &error) == 1, let root else {
            problems.append("no root folder: \(Self.message(&error))")
            return
        }
        defer { Self.free(root) }
        walk(root, path: [], each: each)
    }

    func walk(_ folder: PFFHandle, path: [String], each: (Message) -> Void) {
        let name = Self.string { size, error in
            libpff_folder_get_utf8_name_size(folder, size, error)
        } read: { buffer, size, error in
            libpff_folder_get_utf8_name(folder, buffer, size, error)
        }
        let here = path + (name.map { [$0] } ?? [])
        let folderPath = here.joined(separator: "/")
        var count: Int32 = 0
        var error: PFFHandle?
        if libpff_folder_get_number_of_sub_messages(folder, &count, &error) == 1 {
            for index in 0..<count {
                var item: PFFHandle?
                guard libpff_folder_get_sub_message(folder, index, &item, &error) == 1, let item else {
                    problems.append("\(folderPath): message \(index) unreadable: \(Self.message(&error))")
                    continue
                }
                var identifier: UInt32 = 0
                libpff_item_get_identifier(item, &identifier, nil)
                each(Message(folder: folderPath, identifier: identifier, bytes: mapiMessage(item, depth: 0).rfc5322()))
                Self.free(item)
            }
        } else {
            problems.append("\(folderPath): messages unreadable: \(Self.message(&error))")
        }
        count = 0
        if libpff_folder_get_number_of_sub_folders(folder, &count, &error) == 1 {
            for index in 0..<count {
                var sub: PFFHandle?
                guard libpff_folder_get_sub_folder(folder, index, &sub, &error) == 1, let sub else {
                    problems.append("\(folderPath): folder \(index) unreadable: \(Self.message(&error))")
                    continue
                }
                walk(sub, path: here, each: each)
                Self.free(sub)
            }
        }
    }

    // MARK: MAPI properties

    /// The message's properties, bodies and attachments (attached messages to depth 8).
    func mapiMessage(_ message: PFFHandle, depth: Int) -> MAPIMessage {
        typealias Tag = MAPIMessage.Tag
        var mapi = MAPIMessage()
        mapi.transportHeaders = property(message, Tag.transportHeaders)
        mapi.subject = property(message, Tag.subject)
        mapi.senderName = property(message, Tag.senderName)
        mapi.senderAddress = property(message, Tag.senderAddress)
        mapi.to = property(message, Tag.displayTo)
        mapi.messageID = property(message, Tag.internetMessageID)
        var filetime: UInt64 = 0
        if libpff_message_get_client_submit_time(message, &filetime, nil) == 1
            || libpff_message_get_delivery_time(message, &filetime, nil) == 1
        {
            mapi.date = MAPIMessage.date(filetime: filetime)
        }
        mapi.plain = body(message, size: libpff_message_get_plain_text_body_size, read: libpff_message_get_plain_text_body)
        mapi.html = body(message, size: libpff_message_get_html_body_size, read: libpff_message_get_html_body)
        mapi.rtf = body(message, size: libpff_message_get_rtf_body_size, read: libpff_message_get_rtf_body)
        var count: Int32 = 0
        guard libpff_message_get_number_of_attachments(message, &count, nil) == 1 else { return mapi }
        for index in 0..<count {
            var attachment: PFFHandle?
            var error: PFFHandle?
            guard libpff_message_get_attachment(message, index, &attachment, &error) == 1, let attachment else {
                problems.append("attachment \(index) unreadable: \(Self.message(&error))")
                continue
            }
            defer { Self.free(attachment) }
            var type: Int32 = 0
            libpff_attachment_get_type(attachment, &type, nil)
            let name =
                Self.string { size, error in
                    libpff_item_get_entry_value_utf8_string_size(attachment, 0, Tag.attachmentLongFileName, size, 0, error)
                } read: { buffer, size, error in
                    libpff_item_get_entry_value_utf8_string(attachment, 0, Tag.attachmentLongFileName, buffer, size, 0, error)
                } ?? "attachment\(index + 1)"
            if type == Int32(UInt8(ascii: "i")) {
                var item: PFFHandle?
                if depth < 8, libpff_attachment_get_item(attachment, &item, nil) == 1, let item {
                    mapi.attachments.append(.message(name: name, mapiMessage(item, depth: depth + 1)))
                    Self.free(item)
                }
            } else if type == Int32(UInt8(ascii: "d")) {
                var size: UInt64 = 0
                libpff_attachment_get_data_size(attachment, &size, nil)
                var data = [UInt8](repeating: 0, count: Int(min(size, 256 << 20)))
                let read = data.withUnsafeMutableBufferPointer {
                    libpff_attachment_data_read_buffer(attachment, $0.baseAddress, $0.count, nil)
                }
                data.removeSubrange(max(0, read)...)
                mapi.attachments.append(.file(name: name, data: data))
            }
        }
        return mapi
    }

    func property(_ item: PFFHandle, _ type: UInt32) -> String? {
        Self.string { size, error in
            libpff_message_get_entry_value_utf8_string_size(item, type, size, error)
        } read: { buffer, size, error in
            libpff_message_get_entry_value_utf8_string(item, type, buffer, size, error)
        }
    }

    func body(
        _ message: PFFHandle, size: (PFFHandle?, UnsafeMutablePointer<Int>?, UnsafeMutablePointer<PFFHandle?>?) -> Int32,
        read: (PFFHandle?, UnsafeMutablePointer<UInt8>?, Int, UnsafeMutablePointer<PFFHandle?>?) -> Int32
    ) -> [UInt8]? {
        var length = 0
        guard size(message, &length, nil) == 1, length > 0 else { return nil }
        var bytes = [UInt8](repeating: 0, count: length)
        guard bytes.withUnsafeMutableBufferPointer({ read(message, $0.baseAddress, $0.count, nil) }) == 1 else { return nil }
        while bytes.last == 0 { bytes.removeLast() }
        return bytes.isEmpty ? nil : bytes
    }

    /// A UTF-8 string property through libpff's size-then-read pair.
    static func string(
        size: (UnsafeMutablePointer<Int>, UnsafeMutablePointer<PFFHandle?>) -> Int32,
        read: (UnsafeMutablePointer<UInt8>, Int, UnsafeMutablePointer<PFFHandle?>) -> Int32
    ) -> String? {
        var length = 0
        var error: PFFHandle?
        guard size(&length, &error) == 1, length > 0 else {
            libpff_error_free(&error)
            return nil
        }
        var buffer = [UInt8](repeating: 0, count: length)
        guard buffer.withUnsafeMutableBufferPointer({ read($0.baseAddress!, length, &error) }) == 1 else {
            libpff_error_free(&error)
            return nil
        }
        return String(decoding: buffer.prefix { $0 != 0 }, as: UTF8.self)
    }

    static func free(_ item: PFFHandle) {
        var pointer: PFFHandle? = item
        libpff_item_free(&pointer, nil)
    }

    static func message(_ error: inout PFFHandle?) -> String {
        guard let current = error else { return "unknown libpff error" }
        var buffer = [CChar](repeating: 0, count: 512)
        libpff_error_sprint(current, &buffer, buffer.count)
        libpff_error_free(&error)
        return libraryErrorText(buffer)
    }
}

/// The text a libpff or libolecf error printed into `buffer`, up to its NUL, on one line.
func libraryErrorText(_ buffer: [CChar]) -> String {
    let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
    return String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\n", with: "; ")
}
