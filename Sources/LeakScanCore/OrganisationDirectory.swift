/// Maps authors to organisations: by email domain, then by handle prefix, else the sender's
/// own domain stands for the organisation (what a user without a mapping file would expect).
public struct OrganisationDirectory: Sendable, Equatable {
    public let entries: [OrganisationEntry]
    let byDomain: [String: String]

    public init(entries: [OrganisationEntry] = []) {
        self.entries = entries
        var byDomain = [String: String]()
        for entry in entries {
            for domain in entry.domains { byDomain[domain] = entry.id }
        }
        self.byDomain = byDomain
    }

    /// The same directory in storage of its own, for a second worker: every post's author is
    /// looked up in it, and a directory shared by two workers had their cores retaining and
    /// releasing the same strings and arrays.
    public func replica() -> OrganisationDirectory {
        OrganisationDirectory(
            entries: entries.map { entry in
                OrganisationEntry(
                    id: String.distinctCopy(of: entry.id), name: String.distinctCopy(of: entry.name),
                    domains: entry.domains.map(String.distinctCopy(of:)),
                    handlePrefixes: entry.handlePrefixes.map(String.distinctCopy(of:)),
                    headcount: entry.headcount)
            })
    }

    /// Normalised person: lower case, surrounding blanks removed.
    public static func person(_ author: String?) -> String? {
        guard let person = author?.trimmedLowercased(), !person.isEmpty else { return nil }
        return person
    }

    /// The organisation id for an author, or nil when nothing identifies one.
    public func organisation(of author: String?) -> String? {
        guard let person = Self.person(author) else { return nil }
        // Searched as contiguous UTF-8, through a span borrowed from the string: `Character`
        // searches showed up in scan profiles, and so did the UTF-8 view's own `lastIndex(of:)`,
        // which steps back one index at a time.
        if let offset = person.utf8.span.withUnsafeBufferPointer({ $0.lastIndex(of: UInt8(ascii: "@")) }), offset > 0 {
            let fullDomain = person[person.utf8.index(person.startIndex, offsetBy: offset + 1)...]
            var domain = fullDomain
            while true {
                if let id = byDomain[String(domain)] { return id }
                guard let dot = domain.utf8.firstIndex(of: UInt8(ascii: ".")) else { break }
                domain = domain[domain.utf8.index(after: dot)...]
            }
            return String(fullDomain)
        }
        return entries.first { entry in entry.handlePrefixes.contains { person.hasPrefix($0) } }?.id
    }
}
