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
    /// For derogatory rules: what sort of remark the rule finds and at whom it is aimed, so
    /// discipline tiers and statistics can tell a slur at a colleague from swearing at a printer.
    public var kind: RemarkKind?
    public var target: RemarkTarget?
    /// When a match is a mention of the words rather than a use of them ("the word X",
    /// a quoted term): such matches are dropped.
    public var mention: MentionRule?
    /// A text classifier that must also score the text around the match at or above a threshold.
    public var scorer: ScorerRequirement?
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

/// The kinds of derogatory remark, after the conduct policies behind the mission (see README).
public enum RemarkKind: String, Sendable, Hashable, CaseIterable {
    case profanity
    case insult
    case slur
    case threat
    case sexualHarassment = "sexual-harassment"
    /// A demeaning remark about a protected characteristic (race, religion, sex, sexuality,
    /// gender identity, disability, age).
    case protectedCharacteristic = "protected-characteristic"
}

/// At whom a derogatory remark is aimed, as far as the rule can tell.
public enum RemarkTarget: String, Sendable, Hashable, CaseIterable {
    /// A person addressed or named. An incident says which: `colleague` in mail (sent inside
    /// the organisation's archive), `public` in a social post.
    case person
    /// The organisation, its ranks or its management.
    case employer
    /// A group defined by a protected characteristic.
    case protectedGroup = "protected-group"
    /// No target: swearing, or a target the rule does not look for.
    case none
}

/// "A match preceded by one of these is a mention, not a use."
public struct MentionRule: Sendable, Equatable {
    /// Patterns tested against the text just before the match, anchored at its end (for
    /// example `the\s+word\s+["']?`).
    public var after: [String]
    /// A match with a quotation mark right before and right after it is a mention.
    public var quoted: Bool

    public init(after: [String] = [], quoted: Bool = false) {
        self.after = after
        self.quoted = quoted
    }
}

/// "A classifier must also score the text around the match at least this high."
public struct ScorerRequirement: Sendable, Equatable {
    /// The model file (``LinearTextScorer`` format), relative to the rule file's folder.
    public var model: String
    /// Overrides the model's own threshold.
    public var minScore: Double?
    /// Bytes either side of the match that are scored (the models are trained on posts of up
    /// to 280 characters, so a window of that size keeps mail scored like posts).
    public var window: Int
    /// Windows with fewer words are not scored (a classifier's verdict on a word or two is no
    /// evidence), nor windows that do not read as prose (one word repeated, mostly letters alone).
    public var minWords: Int
    /// Where the scored rule runs: `posts` keeps a model trained on social posts off mail.
    public var scope: Scope

    public enum Scope: String, Sendable, CaseIterable {
        case all
        case posts
    }

    public init(model: String, minScore: Double? = nil, window: Int = 280, minWords: Int = 3, scope: Scope = .all) {
        self.scope = scope
        self.model = model
        self.minScore = minScore
        self.window = window
        self.minWords = minWords
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
