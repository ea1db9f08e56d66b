import CXMLReader

/// A streaming walk over an XML document through libxml2's `xmlTextReader` (``CXMLReader``):
/// start and end tags by local name, and text. Office XML parts can be tens of megabytes;
/// the reader never builds a tree. No network access, no external entities.
struct XMLEvents {
    enum Event {
        case start(name: String, isEmpty: Bool)
        case end(name: String)
        case text(UnsafeBufferPointer<UInt8>)
    }

    /// Why a part stopped early; the events before it were delivered.
    struct Failure: CustomStringConvertible {
        var description: String
    }

    /// Walks `bytes`, calling `handle` per event; its second argument reads an attribute of
    /// the current start tag by qualified name. Returns why the walk stopped early when the XML
    /// is malformed: the events before the damage were delivered, so their text is kept.
    static func walk(_ bytes: [UInt8], handle: (Event, _ attribute: (String) -> String?) -> Void) -> Failure? {
        bytes.withUnsafeBufferPointer { buffer -> Failure? in
            guard let base = buffer.baseAddress, let reader = leakscan_xml_open(base, buffer.count) else {
                return Failure(description: "not XML")
            }
            defer { leakscan_xml_close(reader) }
            let attribute: (String) -> String? = { name in
                guard let value = leakscan_xml_attribute(reader, name) else { return nil }
                defer { leakscan_xml_free(value) }
                return String(cString: value)
            }
            var event = leakscan_xml_event(rawValue: 0)
            var name: UnsafePointer<CChar>?
            var text: UnsafePointer<UInt8>?
            var length = 0
            var isEmpty: Int32 = 0
            while true {
                let status = leakscan_xml_next(reader, &event, &name, &text, &length, &isEmpty)
                if status == 0 { return nil }
                guard status == 1 else {
                    let reason = leakscan_xml_error().map { String(cString: $0) } ?? "malformed XML"
                    return Failure(description: reason.trimmingCharacters(in: .whitespacesAndNewlines))
                }
                switch event {
                case LEAKSCAN_XML_START: handle(.start(name: name.map { String(cString: $0) } ?? "", isEmpty: isEmpty != 0), attribute)
                case LEAKSCAN_XML_END: handle(.end(name: name.map { String(cString: $0) } ?? ""), attribute)
                default: handle(.text(UnsafeBufferPointer(start: text, count: length)), attribute)
                }
            }
        }
    }
}
