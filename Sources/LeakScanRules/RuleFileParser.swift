import Foundation
import LeakScanCore
import Yams

/// What one YAML file in a patterns directory holds.
public struct RuleFile: Sendable, Equatable {
    public var rules: [RuleDefinition] = []
    /// Set when the file has an `organisations:` list.
    public var organisations: [Organisation]?
}

/// Parses rule files strictly: unknown keys, wrong types and unknown names are errors that
/// name the file, line and rule, because a silently ignored typo is a rule that never fires.
public struct RuleFileParser {
    let file: String

    public init(file: String) {
        self.file = file
    }

    static let ruleKeys: Set<String> = [
        "id", "title", "category", "severity", "pattern", "flags", "validator", "keywords",
        "context", "exclude", "mask", "examples", "description", "min_digits", "value_group", "min_entropy",
        "kind", "target", "mention", "scorer",
    ]

    public func parse(_ yaml: String) throws(RuleLoadError) -> RuleFile {
        let root: Node?
        do {
            // Yams' basic resolver leaves every scalar a string: the default one matches each
            // scalar against Foundation regular expressions to guess its type, 26 M instructions
            // on the shipped rules (a twentieth of a scan's start-up). Numbers are read from the
            // plain scalars that ask for them (`Node.int`, `Node.float`), true and false by `bool`.
            root = try Yams.compose(yaml: yaml, .basic)
        } catch {
            throw RuleLoadError(file: file, reason: "not valid YAML: \(error)")
        }
        guard let root, let top = root.mapping else {
            throw RuleLoadError(file: file, reason: "expected a mapping with a 'rules' or 'organisations' key")
        }
        var result = RuleFile()
        for (key, value) in top {
            switch key.string {
            case "rules":
                guard let list = value.sequence else { throw error(value, nil, "'rules' must be a list") }
                for node in list { result.rules.append(try rule(node)) }
            case "organisations":
                guard let list = value.sequence else { throw error(value, nil, "'organisations' must be a list") }
                result.organisations = try list.map { node throws(RuleLoadError) in try organisation(node) }
            default:
                throw error(key, nil, "unknown top-level key '\(key.string ?? "?")'")
            }
        }
        return result
    }

    func error(_ node: Node, _ rule: String?, _ reason: String) -> RuleLoadError {
        RuleLoadError(file: file, line: node.mark?.line, rule: rule, reason: reason)
    }

    func rule(_ node: Node) throws(RuleLoadError) -> RuleDefinition {
        guard let map = node.mapping else { throw error(node, nil, "each rule must be a mapping") }
        let id = map["id"]?.string
        guard let id, !id.isEmpty else { throw error(node, nil, "rule has no 'id'") }
        for key in map.keys where !Self.ruleKeys.contains(key.string ?? "") {
            throw error(key, id, "unknown key '\(key.string ?? "?")'")
        }
        func required(_ key: String) throws(RuleLoadError) -> String {
            guard let value = map[key]?.string, !value.isEmpty else {
                throw error(node, id, "missing '\(key)'")
            }
            return value
        }
        func named<T: RawRepresentable & CaseIterable>(_ key: String, _ raw: String) throws(RuleLoadError) -> T
        where T.RawValue == String {
            guard let value = T(rawValue: raw) else {
                let allowed = T.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(map[key] ?? node, id, "unknown \(key) '\(raw)' (expected one of: \(allowed))")
            }
            return value
        }

        var definition = RuleDefinition(
            id: id, title: try required("title"),
            category: try named("category", try required("category")),
            severity: try named("severity", try required("severity")),
            pattern: try required("pattern"), file: file)
        definition.flags = try strings(map["flags"], id, "flags").map { raw throws(RuleLoadError) -> RuleFlag in
            try named("flags", raw)
        }
        if let raw = map["validator"]?.string {
            definition.validator = try named("validator", raw) as Validator
        }
        if let raw = map["mask"]?.string {
            definition.mask = try named("mask", raw) as MaskStyle
        }
        if let raw = map["kind"]?.string { definition.kind = try named("kind", raw) as RemarkKind }
        if let raw = map["target"]?.string { definition.target = try named("target", raw) as RemarkTarget }
        if definition.kind != nil || definition.target != nil, definition.category != .derogatory {
            throw error(node, id, "'kind' and 'target' describe derogatory remarks: the rule's category must be derogatory")
        }
        if let mention = map["mention"] { definition.mention = try mentionRule(mention, id) }
        if let scorer = map["scorer"] { definition.scorer = try scorerRequirement(scorer, id) }
        definition.keywords = try strings(map["keywords"], id, "keywords")
        if let node = map["value_group"] {
            guard let value = node.int, value > 0 else { throw error(node, id, "'value_group' must be a positive group number") }
            definition.valueGroup = value
        }
        if let node = map["min_entropy"] {
            guard let value = node.float, value > 0 else { throw error(node, id, "'min_entropy' must be a positive number") }
            definition.minEntropy = value
        }
        if let node = map["min_digits"] {
            guard let value = node.int, value > 0 else { throw error(node, id, "'min_digits' must be a positive number") }
            definition.minDigits = value
        }
        definition.exclude = try strings(map["exclude"], id, "exclude")
        if let context = map["context"] { definition.context = try contextRequirement(context, id) }
        if let examples = map["examples"] { definition.examples = try ruleExamples(examples, id) }
        return definition
    }

    func strings(_ node: Node?, _ rule: String?, _ key: String) throws(RuleLoadError) -> [String] {
        guard let node else { return [] }
        guard let list = node.sequence else { throw error(node, rule, "'\(key)' must be a list of strings") }
        var values = [String]()
        for item in list {
            guard let value = item.scalar?.string else { throw error(item, rule, "'\(key)' must hold strings only") }
            values.append(value)
        }
        return values
    }

    func contextRequirement(_ node: Node, _ rule: String) throws(RuleLoadError) -> ContextRequirement {
        guard let map = node.mapping else { throw error(node, rule, "'context' must be a mapping with 'words' and 'within'") }
        for key in map.keys where key.string != "words" && key.string != "within" {
            throw error(key, rule, "unknown key 'context.\(key.string ?? "?")'")
        }
        let words = try strings(map["words"], rule, "context.words")
        guard !words.isEmpty else { throw error(node, rule, "'context.words' must list at least one word") }
        guard let within = map["within"]?.int, within > 0 else {
            throw error(node, rule, "'context.within' must be a positive number of bytes")
        }
        return ContextRequirement(words: words, within: within)
    }

    /// A plain `true` or `false` (YAML 1.1's yes, no, on and off too, as Yams' `Node.bool` reads them).
    static func bool(_ node: Node) -> Bool? {
        guard let scalar = node.scalar, scalar.style == .plain || scalar.style == .any else { return nil }
        switch scalar.string.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    func mentionRule(_ node: Node, _ rule: String) throws(RuleLoadError) -> MentionRule {
        guard let map = node.mapping else { throw error(node, rule, "'mention' must be a mapping with 'after' and/or 'quoted'") }
        for key in map.keys where key.string != "after" && key.string != "quoted" {
            throw error(key, rule, "unknown key 'mention.\(key.string ?? "?")'")
        }
        var mention = MentionRule(after: try strings(map["after"], rule, "mention.after"))
        if let quoted = map["quoted"] {
            guard let value = Self.bool(quoted) else { throw error(quoted, rule, "'mention.quoted' must be true or false") }
            mention.quoted = value
        }
        return mention
    }

    func scorerRequirement(_ node: Node, _ rule: String) throws(RuleLoadError) -> ScorerRequirement {
        guard let map = node.mapping, let model = map["model"]?.string, !model.isEmpty else {
            throw error(node, rule, "'scorer' must be a mapping with a 'model' file")
        }
        for key in map.keys where !["model", "min_score", "window", "min_words", "scope"].contains(key.string ?? "") {
            throw error(key, rule, "unknown key 'scorer.\(key.string ?? "?")'")
        }
        var requirement = ScorerRequirement(model: model)
        if let node = map["min_score"] {
            guard let value = node.float, (0...1).contains(value) else { throw error(node, rule, "'scorer.min_score' must lie in 0…1") }
            requirement.minScore = value
        }
        if let node = map["window"] {
            guard let value = node.int, value > 0 else { throw error(node, rule, "'scorer.window' must be a positive number of bytes") }
            requirement.window = value
        }
        if let node = map["min_words"] {
            guard let value = node.int, value > 0 else { throw error(node, rule, "'scorer.min_words' must be a positive number") }
            requirement.minWords = value
        }
        if let raw = map["scope"]?.string {
            guard let scope = ScorerRequirement.Scope(rawValue: raw) else {
                throw error(map["scope"]!, rule, "unknown scorer.scope '\(raw)' (expected all or posts)")
            }
            requirement.scope = scope
        }
        return requirement
    }

    func ruleExamples(_ node: Node, _ rule: String) throws(RuleLoadError) -> RuleExamples {
        guard let map = node.mapping else { throw error(node, rule, "'examples' must be a mapping with 'match' and 'no_match'") }
        for key in map.keys where key.string != "match" && key.string != "no_match" {
            throw error(key, rule, "unknown key 'examples.\(key.string ?? "?")'")
        }
        return RuleExamples(
            match: try strings(map["match"], rule, "examples.match"),
            noMatch: try strings(map["no_match"], rule, "examples.no_match"))
    }

    func organisation(_ node: Node) throws(RuleLoadError) -> Organisation {
        guard let map = node.mapping, let name = map["name"]?.string else {
            throw error(node, nil, "each organisation needs a 'name'")
        }
        for key in map.keys
        where !["name", "aliases", "tokens", "id", "domains", "handles", "headcount", "logos"].contains(key.string ?? "") {
            throw error(key, nil, "unknown organisation key '\(key.string ?? "?")'")
        }
        var organisation = Organisation(
            name: name, aliases: try strings(map["aliases"], nil, "aliases"),
            tokens: try strings(map["tokens"], nil, "tokens"))
        organisation.id = map["id"]?.string
        organisation.domains = try strings(map["domains"], nil, "domains")
        organisation.handles = try strings(map["handles"], nil, "handles")
        if let headcount = map["headcount"] {
            guard let value = headcount.int, value > 0 else { throw error(headcount, nil, "'headcount' must be a positive number") }
            organisation.headcount = value
        }
        if let logos = map["logos"] {
            guard let folder = logos.string else { throw error(logos, nil, "'logos' must be a folder name") }
            organisation.logos = URL(fileURLWithPath: folder, relativeTo: URL(fileURLWithPath: file).deletingLastPathComponent()).path
        }
        return organisation
    }
}
