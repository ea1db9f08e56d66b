import LeakScanRules
import Yams

/// Writes rule definitions as a YAML rule file the user can read and edit, through Yams (the
/// same library that reads rule files): keys in the order of the rule format, patterns and
/// words single-quoted so regex escapes stay as written.
public enum RuleYAMLWriter {
    static func text(_ value: String) -> Node { Node(value, Tag(.str), .singleQuoted) }
    static func plain(_ value: String) -> Node { Node(value) }
    static func list(_ items: [String]) -> Node { Node(items.map(text), Tag(.seq), .flow) }

    static func mapping(_ pairs: [(String, Node)]) -> Node {
        .mapping(Node.Mapping(pairs.map { (Node($0.0), $0.1) }))
    }

    static func rule(_ rule: RuleDefinition) -> Node {
        var pairs: [(String, Node)] = [
            ("id", plain(rule.id)), ("title", text(rule.title)), ("category", plain(rule.category.rawValue)),
            ("severity", plain(rule.severity.rawValue)),
        ]
        if rule.mask != .partial { pairs.append(("mask", plain(rule.mask.rawValue))) }
        if !rule.keywords.isEmpty { pairs.append(("keywords", list(rule.keywords))) }
        if let group = rule.valueGroup { pairs.append(("value_group", plain(String(group)))) }
        if let entropy = rule.minEntropy { pairs.append(("min_entropy", plain(String(entropy)))) }
        if let context = rule.context {
            var words = mapping([("words", list(context.words)), ("within", plain(String(context.within)))])
            words.mapping?.style = .flow
            pairs.append(("context", words))
        }
        if !rule.exclude.isEmpty { pairs.append(("exclude", list(rule.exclude))) }
        pairs.append(("pattern", text(rule.pattern)))
        return mapping(pairs)
    }

    public static func yaml(_ rules: [RuleDefinition], header: String) throws -> String {
        let comments = header.split(separator: "\n", omittingEmptySubsequences: false).map { "# " + $0 }.joined(separator: "\n")
        let document = mapping([("rules", Node(rules.map(rule), Tag(.seq)))])
        return comments + "\n" + (try Yams.serialize(node: document, width: -1, allowUnicode: true))
    }
}
