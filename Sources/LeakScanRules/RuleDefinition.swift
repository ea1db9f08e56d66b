import LeakScanCore

/// A rule as written in a `Patterns/*.yaml` file: plain data, checked by its own examples.
public struct RuleDefinition: Sendable, Equatable {
    public var id: String
    public var title: String
    public var category: Category
    public var severity: Severity
    /// The PCRE2 pattern; `{{org}}`-style placeholders are expanded from the organisation list.
    public var pattern: String
    /// Names from ``RuleFlag``.
    public var flags: [RuleFlag]
    /// A named check the matched value must pass (checksums, issuer rules).
    public var validator: Validator?
    /// Literals, one of which appears (ignoring ASCII case) in every match: the prefilter runs
    /// the regex only over texts that contain one.
    public var keywords: [String]
    /// The numbered group holding the sensitive value, for imported patterns without a
    /// `(?<value>…)` group (gitleaks' `secretGroup`).
    public var valueGroup: Int?
    /// The value's Shannon entropy (bits per character) must reach this (gitleaks' `entropy`).
    public var minEntropy: Double?
    /// Every match contains a run of at least this many digits (single spaces, dashes, dots or
    /// slashes between them allowed): the prefilter's gate for identifiers without a literal.
    public var minDigits: Int?
    /// Words that must appear near the match for it to count.
    public var context: ContextRequirement?
    /// Allowlist patterns: a match whose text matches any of them is dropped.
    public var exclude: [String]
    /// How the value is masked in excerpts; `partial` unless the rule says otherwise.
    public var mask: MaskStyle
    public var examples: RuleExamples
    /// The file the rule was loaded from, for error messages.
    public var file: String

    public init(
        id: String, title: String, category: Category, severity: Severity, pattern: String,
        flags: [RuleFlag] = [], validator: Validator? = nil, keywords: [String] = [],
        minDigits: Int? = nil, context: ContextRequirement? = nil, exclude: [String] = [], mask: MaskStyle = .partial,
        examples: RuleExamples = RuleExamples(), file: String = "<memory>"
    ) {
        self.id = id
        self.title = title
        self.category = category
        self.severity = severity
        self.pattern = pattern
        self.flags = flags
        self.validator = validator
        self.keywords = keywords
        self.minDigits = minDigits
        self.context = context
        self.exclude = exclude
        self.mask = mask
        self.examples = examples
        self.file = file
    }
}

/// Flags a rule may set on its pattern.
public enum RuleFlag: String, Sendable, Hashable, CaseIterable {
    case caseless
    case multiline
    case extended
    case dotall
    case ucp
}

/// "One of these words within `within` bytes of the match."
public struct ContextRequirement: Sendable, Equatable {
    /// Words or phrases (literal, matched caselessly on word boundaries; placeholders allowed).
    public var words: [String]
    /// Distance in bytes either side of the match.
    public var within: Int

    public init(words: [String], within: Int) {
        self.words = words
        self.within = within
    }
}

/// Texts that must and must not produce an incident for the rule.
public struct RuleExamples: Sendable, Equatable {
    public var match: [String]
    public var noMatch: [String]

    public init(match: [String] = [], noMatch: [String] = []) {
        self.match = match
        self.noMatch = noMatch
    }
}
