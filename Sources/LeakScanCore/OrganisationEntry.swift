/// An organisation as the statistics see it: who belongs to it, and how many staff it has.
public struct OrganisationEntry: Sendable, Equatable {
    public var id: String
    public var name: String
    /// Email domains; a sender at the domain or any subdomain belongs to the organisation.
    public var domains: [String]
    /// Account handle prefixes (`@northshire_`), for social posts.
    public var handlePrefixes: [String]
    public var headcount: Int?

    public init(id: String, name: String, domains: [String] = [], handlePrefixes: [String] = [], headcount: Int? = nil) {
        self.id = id
        self.name = name
        self.domains = domains.map { $0.lowercased() }
        self.handlePrefixes = handlePrefixes.map { $0.lowercased() }
        self.headcount = headcount
    }
}
