import Foundation
import LeakScanCore

/// An organisation whose name, aliases and logo file-name tokens the rules refer to through
/// placeholders, so one rule set serves any force or ministry.
public struct Organisation: Sendable, Equatable {
    public var name: String
    /// Other names people use in text: "the Met", "Scotland Yard".
    public var aliases: [String]
    /// Short forms found in file names and handles: "mps", "met", "metpolice".
    public var tokens: [String]
    /// Identifier used in incidents and statistics (default: the name).
    public var id: String?
    /// Email domains whose senders belong to the organisation.
    public var domains: [String] = []
    /// Account handle prefixes of its staff (`@northshire_`).
    public var handles: [String] = []
    /// Staff, for rates per 1,000 staff.
    public var headcount: Int?
    /// Folder of reference pictures of its emblem (absolute; written relative to the YAML file).
    public var logos: String?

    public init(name: String, aliases: [String] = [], tokens: [String] = []) {
        self.name = name
        self.aliases = aliases
        self.tokens = tokens
    }

    /// The organisation as the statistics see it.
    public var directoryEntry: OrganisationEntry {
        OrganisationEntry(id: id ?? name, name: name, domains: domains, handlePrefixes: handles, headcount: headcount)
    }

    /// The default when no organisation list is given: the Metropolitan Police Service.
    public static let metropolitanPolice = Organisation(
        name: "Metropolitan Police Service",
        aliases: ["Metropolitan Police", "Met Police", "the Met", "MPS", "New Scotland Yard", "Scotland Yard"],
        tokens: ["mps", "met", "metpolice", "met_police", "metropolitan", "metropolitan_police", "scotland_yard", "nsy"]
    )
}

/// Expands `{{org}}` and `{{org_token}}` in patterns and context words.
public struct PlaceholderExpander: Sendable {
    public let organisations: [Organisation]

    public init(organisations: [Organisation]) {
        self.organisations = organisations
    }

    /// Every name and alias, longest first so the alternation prefers the fullest name.
    var namesAlternation: String {
        let names = organisations.flatMap { [$0.name] + $0.aliases }
        return alternation(names) { phrase in
            phrase.split(separator: " ").map { escapeLiteral(String($0)) }.joined(separator: "\\s+")
        }
    }

    /// Every file-name token; `_` in a token also matches `-`, a space or nothing.
    var tokensAlternation: String {
        alternation(organisations.flatMap(\.tokens)) { token in
            token.split(separator: "_").map { escapeLiteral(String($0)) }.joined(separator: "[-_ ]?")
        }
    }

    func alternation(_ items: [String], _ render: (String) -> String) -> String {
        let unique = Array(Set(items)).sorted { ($0.count, $0) > ($1.count, $1) }
        return "(?:" + unique.map(render).joined(separator: "|") + ")"
    }

    /// `text` with every known placeholder replaced.
    public func expand(_ text: String) -> String {
        text.replacingAll("{{org}}", with: namesAlternation)
            .replacingAll("{{org_token}}", with: tokensAlternation)
    }

    /// Placeholders found in `text` that this expander does not know.
    public func unknownPlaceholders(in text: String) -> [String] {
        var unknown = [String]()
        var rest = Substring(text)
        while let open = rest.range(of: "{{") {
            guard let close = rest[open.upperBound...].range(of: "}}") else { break }
            let name = String(rest[open.upperBound..<close.lowerBound])
            // Only `{{identifier}}` is a placeholder; `{{[^}]+}}` in an imported regex is text.
            let isIdentifier = !name.isEmpty && name.allSatisfy { $0.isLetter || $0 == "_" || $0.isNumber }
            if isIdentifier && name != "org" && name != "org_token" { unknown.append(name) }
            rest = rest[close.upperBound...]
        }
        return unknown
    }
}

/// Escapes PCRE2 metacharacters so `text` matches literally. Byte by byte: every
/// metacharacter is ASCII, so no other byte of UTF-8 can be one (looking each `Character` up
/// in a string of metacharacters was a twelfth of a scan's start, for the organisation names).
public func escapeLiteral(_ text: String) -> String {
    var out = [UInt8]()
    out.reserveCapacity(text.utf8.count + 8)
    for byte in text.utf8 {
        switch byte {
        case UInt8(ascii: "\\"), UInt8(ascii: "^"), UInt8(ascii: "$"), UInt8(ascii: "."), UInt8(ascii: "|"), UInt8(ascii: "?"),
            UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"),
            UInt8(ascii: "{"), UInt8(ascii: "}"), UInt8(ascii: "#"), UInt8(ascii: "-"), UInt8(ascii: "/"), UInt8(ascii: " "):
            out.append(UInt8(ascii: "\\"))
        default: break
        }
        out.append(byte)
    }
    return String(decoding: out, as: UTF8.self)
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        return components(separatedBy: target).joined(separator: replacement)
    }
}
