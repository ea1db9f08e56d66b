/// Why a rule file could not be loaded: always names the file, and the rule and line when known.
public struct RuleLoadError: Error, CustomStringConvertible, Sendable, Equatable {
    public var file: String
    public var line: Int?
    public var rule: String?
    public var reason: String

    public init(file: String, line: Int? = nil, rule: String? = nil, reason: String) {
        self.file = file
        self.line = line
        self.rule = rule
        self.reason = reason
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        if let rule { text += ": rule '\(rule)'" }
        return text + ": " + reason
    }
}
