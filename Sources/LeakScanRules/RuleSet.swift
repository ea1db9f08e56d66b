import Foundation
import LeakScanCore
import LeakScanPCRE2
import LeakScanScoring

/// A rule ready to run: its definition plus every regex it needs, compiled and JIT-compiled.
///
/// Immutable after construction; the regexes are shareable (see ``PCRE2Pattern``).
public final class CompiledRule: Sendable {
    public let definition: RuleDefinition
    /// The rule's pattern with placeholders expanded.
    public let regex: PCRE2Pattern
    /// The capture groups holding the sensitive parts of a match, in pattern order: every group
    /// named `value` or `value_…` (a sort code and its account number are two parts, and both
    /// must be masked), else `value_group`. Empty: the whole match is the value.
    public let valueGroups: [Int]
    /// Matches any of the rule's context words, when it has a context requirement.
    public let contextRegex: PCRE2Pattern?
    /// Allowlist patterns tested against the matched text.
    public let excludes: [PCRE2Pattern]
    /// Literals one of which every context match contains (a word of each context phrase,
    /// with organisation names expanded): a rule whose context words are absent cannot fire.
    public let contextLiterals: [String]
    /// Matches the text before a match that makes it a mention ("the word …"), anchored at its end.
    public let mentionRegex: PCRE2Pattern?
    /// The classifier of a rule with a `scorer`, loaded from the rule file's folder.
    public let scorer: LinearTextScorer?
    /// The pattern is `\A` alone: it matches once, empty, at the start of a text (a scored
    /// rule that judges whole posts), so no regex needs to run. Two PCRE2 calls per post went
    /// to finding that one match and then failing to find another.
    public let matchesTextStartOnly: Bool

    /// The scorer model file `definition` names, resolved against the rule file's folder.
    static func modelFile(of definition: RuleDefinition) -> URL? {
        guard let requirement = definition.scorer else { return nil }
        let folder = URL(fileURLWithPath: definition.file).deletingLastPathComponent()
        return URL(fileURLWithPath: requirement.model, relativeTo: folder).standardizedFileURL
    }

    /// - Parameter models: scorer models loaded so far, by file: rules naming the same model
    ///   share one instance (loaded once, and one score of a text serves them all).
    init(definition: RuleDefinition, expander: PlaceholderExpander, models: inout [URL: LinearTextScorer]) throws(RuleLoadError) {
        self.definition = definition
        matchesTextStartOnly = definition.pattern == "\\A"
        func fail(_ what: String, _ error: RegexCompileError) -> RuleLoadError {
            RuleLoadError(file: definition.file, rule: definition.id, reason: "\(what) does not compile: \(error)")
        }
        for text in [definition.pattern] + definition.exclude + (definition.context?.words ?? []) {
            if let unknown = expander.unknownPlaceholders(in: text).first {
                throw RuleLoadError(file: definition.file, rule: definition.id, reason: "unknown placeholder '{{\(unknown)}}'")
            }
        }
        do {
            regex = try PCRE2Pattern(expander.expand(definition.pattern), options: definition.regexOptions)
        } catch {
            throw fail("pattern", error)
        }
        let named = regex.namedGroups.filter { $0.name == "value" || $0.name.hasPrefix("value_") }.map(\.number).sorted()
        valueGroups = named.isEmpty ? definition.valueGroup.map { [$0] } ?? [] : named
        if let group = definition.valueGroup, group > regex.captureCount {
            throw RuleLoadError(
                file: definition.file, rule: definition.id, reason: "value_group \(group) but the pattern has \(regex.captureCount) groups")
        }
        if let context = definition.context {
            let words = context.words.map { Self.wordPattern($0, expander: expander) }
            let pattern = "(?<![\\p{L}\\p{N}])(?:" + words.joined(separator: "|") + ")(?![\\p{L}\\p{N}])"
            do {
                contextRegex = try PCRE2Pattern(pattern, options: [.caseless])
            } catch {
                throw fail("context words", error)
            }
        } else {
            contextRegex = nil
        }
        var excludes = [PCRE2Pattern]()
        for (index, pattern) in definition.exclude.enumerated() {
            do {
                excludes.append(try PCRE2Pattern(expander.expand(pattern), options: definition.regexOptions))
            } catch {
                throw fail("exclude[\(index)]", error)
            }
        }
        self.excludes = excludes
        if let after = definition.mention?.after, !after.isEmpty {
            do {
                mentionRegex = try PCRE2Pattern("(?:" + after.joined(separator: "|") + ")\\z", options: definition.regexOptions)
            } catch {
                throw fail("mention.after", error)
            }
        } else {
            mentionRegex = nil
        }
        if let model = Self.modelFile(of: definition) {
            if let loaded = models[model] {
                scorer = loaded
            } else {
                do {
                    let loaded = try LinearTextScorer(contentsOf: model)
                    models[model] = loaded
                    scorer = loaded
                } catch {
                    throw RuleLoadError(file: definition.file, rule: definition.id, reason: "\(error)")
                }
            }
        } else {
            scorer = nil
        }
        contextLiterals = (definition.context?.words ?? []).flatMap { word -> [String] in
            let phrases: [String]
            var wholeWords = true
            if word.contains("{{org}}") {
                let names = expander.organisations.flatMap { [$0.name] + $0.aliases }
                phrases = names.map { word.replacingAll("{{org}}", with: $0) }
            } else if word.contains("{{org_token}}") {
                // Token parts may be written together ("metpolice"): not whole words.
                wholeWords = false
                phrases = expander.organisations.flatMap(\.tokens).map {
                    word.replacingAll("{{org_token}}", with: $0).replacingAll("_", with: " ")
                }
            } else {
                phrases = [word]
            }
            // One whitespace-separated piece appears literally in every match, as a whole word
            // (the context regex has word boundaries): the longest that is not a stop word.
            return phrases.compactMap { (phrase: String) -> String? in
                let pieces = phrase.components(separatedBy: .whitespacesAndNewlines).filter { !$0.isEmpty }
                let useful = pieces.filter { !Self.stopWords.contains($0.lowercased()) }
                return (useful.isEmpty ? pieces : useful).max { $0.count < $1.count }.map { wholeWords ? "^" + $0 + "$" : $0 }
            }
        }
    }

    static let stopWords: Set<String> = ["the", "a", "an", "of", "and", "or", "to", "in", "on", "at", "for", "my", "our", "is"]

    /// A context word as a pattern: literal text, any whitespace between its words,
    /// placeholders expanded.
    static func wordPattern(_ word: String, expander: PlaceholderExpander) -> String {
        let marker = "\u{1}"
        let protected = word.replacingAll("{{org}}", with: marker + "o" + marker)
            .replacingAll("{{org_token}}", with: marker + "t" + marker)
        let literal = protected.split(whereSeparator: \.isWhitespace)
            .map { escapeLiteral(String($0)) }.joined(separator: "\\s+")
        return expander.expand(
            literal.replacingAll(marker + "o" + marker, with: "{{org}}")
                .replacingAll(marker + "t" + marker, with: "{{org_token}}"))
    }
}

extension RuleDefinition {
    var regexOptions: RegexOptions {
        var options = RegexOptions()
        for flag in flags {
            switch flag {
            case .caseless: options.insert(.caseless)
            case .multiline: options.insert(.multiline)
            case .extended: options.insert(.extended)
            case .dotall: options.insert(.dotAll)
            case .ucp: options.insert(.unicodeProperties)
            }
        }
        return options
    }
}

/// The loaded, compiled rules of one run, in a stable order (file name, then position).
public struct RuleSet: Sendable {
    public let rules: [CompiledRule]
    public let organisations: [Organisation]
    /// Enough capture slots for every regex in the set, so one match-data block serves all.
    public let maxCaptureCount: Int
    /// A hash of everything that decides what the rules match: changes when any rule does.
    public let version: String

    /// The organisations as a directory for attributing incidents.
    public var directory: OrganisationDirectory { OrganisationDirectory(entries: organisations.map(\.directoryEntry)) }

    /// Compiles `definitions`; rule ids must be unique.
    public init(definitions: [RuleDefinition], organisations: [Organisation]) throws(RuleLoadError) {
        try self.init(definitions: definitions, organisations: organisations, models: [:])
    }

    /// - Parameter models: scorer models already loaded, by file (``compiledAgain()``).
    init(definitions: [RuleDefinition], organisations: [Organisation], models loaded: [URL: LinearTextScorer]) throws(RuleLoadError) {
        var seen = [String: String]()
        for definition in definitions {
            if let other = seen[definition.id] {
                throw RuleLoadError(
                    file: definition.file, rule: definition.id, reason: "duplicate rule id (also in \(other))")
            }
            seen[definition.id] = definition.file
        }
        let expander = PlaceholderExpander(organisations: organisations)
        var rules = [CompiledRule]()
        var models = loaded
        for definition in definitions {
            rules.append(try CompiledRule(definition: definition, expander: expander, models: &models))
        }
        self.rules = rules
        self.organisations = organisations
        maxCaptureCount =
            rules.map { rule in
                ([rule.regex, rule.contextRegex].compactMap { $0 } + rule.excludes).map(\.captureCount).max() ?? 0
            }.max() ?? 0
        version = Self.fingerprint(definitions: definitions, organisations: organisations, scorers: rules.compactMap(\.scorer))
    }

    /// The same rules compiled again: new objects with the same behaviour. The scorer models
    /// are copied, not read again: parsing a model's 40,000 lines was 42 M instructions of a
    /// second worker's start, against a copy of its parsed arrays.
    public func compiledAgain() throws(RuleLoadError) -> RuleSet {
        var models = [URL: LinearTextScorer]()
        for rule in rules {
            guard let scorer = rule.scorer, let file = CompiledRule.modelFile(of: rule.definition), models[file] == nil else { continue }
            models[file] = scorer.copy()
        }
        return try RuleSet(definitions: rules.map(\.definition), organisations: organisations, models: models)
    }

    /// Loads every `*.yaml` / `*.yml` file of `directory` (sorted by name). An
    /// `organisations:` list in `organisationsFile`, or else in the directory, replaces the default.
    public static func load(directory: URL, organisationsFile: URL? = nil) throws(RuleLoadError) -> RuleSet {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        } catch {
            throw RuleLoadError(file: directory.path, reason: "cannot read patterns directory: \(error.localizedDescription)")
        }
        var definitions = [RuleDefinition]()
        var organisations: [Organisation]?
        for name in names.sorted() where name.hasSuffix(".yaml") || name.hasSuffix(".yml") {
            let parsed = try parseFile(directory.appendingPathComponent(name))
            definitions += parsed.rules
            if let list = parsed.organisations { organisations = list }
        }
        if let organisationsFile {
            organisations = try Self.organisations(in: organisationsFile)
        }
        guard !definitions.isEmpty else {
            throw RuleLoadError(file: directory.path, reason: "no rules found (expected *.yaml files with a 'rules' list)")
        }
        return try RuleSet(definitions: definitions, organisations: organisations ?? [.metropolitanPolice])
    }

    /// The `organisations:` list of a YAML file.
    public static func organisations(in url: URL) throws(RuleLoadError) -> [Organisation] {
        guard let list = try parseFile(url).organisations else {
            throw RuleLoadError(file: url.path, reason: "no 'organisations' list")
        }
        return list
    }

    static func parseFile(_ url: URL) throws(RuleLoadError) -> RuleFile {
        let text: String
        do {
            text = try String(contentsOf: url, encoding: .utf8)
        } catch {
            throw RuleLoadError(file: url.path, reason: "cannot read: \(error.localizedDescription)")
        }
        return try RuleFileParser(file: url.path).parse(text)
    }

    /// The rule files shipped with LeakScan, used when no `--patterns` directory is given.
    ///
    /// They are a SwiftPM resource bundle installed beside the executable (see ``ResourceLocator``).
    public static func bundledDirectory() throws(RuleLoadError) -> URL {
        let bundleName = "LeakScan_LeakScanRules.resources"
        if let directory = ResourceLocator.url(bundle: bundleName, path: "DefaultPatterns") { return directory }
        throw RuleLoadError(
            file: bundleName,
            reason: "the bundled rules are missing (install the resource bundle beside the binary, or pass --patterns DIR)")
    }

    /// FNV-1a over a canonical rendering: stable across runs, platforms and file order.
    /// A retrained model changes the version even under the same file name.
    static func fingerprint(definitions: [RuleDefinition], organisations: [Organisation], scorers: [LinearTextScorer]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func feed(_ text: String) {
            for byte in text.utf8 + [0] {
                hash ^= UInt64(byte)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        for rule in definitions.sorted(by: { $0.id < $1.id }) {
            feed(rule.id)
            feed(rule.category.rawValue)
            feed(rule.severity.rawValue)
            feed(rule.pattern)
            feed(rule.flags.map(\.rawValue).joined(separator: ","))
            feed(rule.validator?.rawValue ?? "")
            feed(rule.context.map { "\($0.within):" + $0.words.joined(separator: ",") } ?? "")
            feed(rule.exclude.joined(separator: "\u{1}"))
            feed(rule.mask.rawValue)
            feed(rule.keywords.joined(separator: ","))
            feed(rule.minDigits.map(String.init) ?? "")
            feed(rule.valueGroup.map(String.init) ?? "")
            feed(rule.minEntropy.map { String($0) } ?? "")
            feed([rule.kind?.rawValue ?? "", rule.target?.rawValue ?? ""].joined(separator: ","))
            feed(rule.mention.map { "\($0.quoted):" + $0.after.joined(separator: "\u{1}") } ?? "")
            feed(
                rule.scorer.map { "\($0.model):\($0.minScore.map { String($0) } ?? ""):\($0.window):\($0.minWords):\($0.scope.rawValue)" }
                    ?? "")
        }
        for scorer in scorers { feed(String(scorer.digest, radix: 16)) }
        for organisation in organisations {
            feed(([organisation.name] + organisation.aliases + organisation.tokens).joined(separator: ","))
        }
        return hash.zeroPadded(16, radix: 16)
    }
}

extension CompiledRule {
    /// The expanded pattern on one line with its flags inline (`(?i)…`), for other tools.
    /// Rules that use `extended` must not rely on `#` comments, which a line join would break.
    public var inlinePattern: String {
        let letters = definition.flags.map { flag -> String in
            switch flag {
            case .caseless: "i"
            case .multiline: "m"
            case .extended: "x"
            case .dotall: "s"
            case .ucp: ""
            }
        }.joined()
        let prefix = (definition.flags.contains(.ucp) ? "(*UCP)" : "") + (letters.isEmpty ? "" : "(?\(letters))")
        return prefix + regex.pattern.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}
