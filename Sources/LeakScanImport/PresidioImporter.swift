import Foundation
import LeakScanCore
import LeakScanRules

/// Translates Presidio's predefined recognizers (exported as data: patterns with a score,
/// and context words) into LeakScan rules: one rule per pattern, severity from the score,
/// context words as a context requirement.
public enum PresidioImporter {
    public static func load(json data: Data, file: String) throws -> ImportReport {
        struct Malformed: Error, CustomStringConvertible { var description: String }
        guard let root = try JSONSerialization.jsonObject(with: data) as? [String: Any],
            let recognizers = root["recognizers"] as? [[String: Any]]
        else { throw Malformed(description: "\(file): expected an object with a 'recognizers' list") }
        var report = ImportReport()
        for recognizer in recognizers {
            let name = recognizer["recognizer"] as? String ?? "Recognizer"
            let context = (recognizer["context"] as? [String] ?? []).filter { !$0.isEmpty }
            let patterns = recognizer["patterns"] as? [[String: Any]] ?? []
            if patterns.isEmpty { report.skipped.append((name, "no patterns (a recognizer implemented in code, not as data)")) }
            for (index, pattern) in patterns.enumerated() {
                report.sourceCount += 1
                guard let regex = pattern["regex"] as? String else {
                    report.skipped.append((name, "pattern \(index) has no regex"))
                    continue
                }
                let score = pattern["score"] as? Double ?? 0.5
                var definition = RuleDefinition(
                    id: "presidio-" + slug(name) + "-\(index + 1)", title: "\(name): \(pattern["name"] as? String ?? "pattern")",
                    category: .confidential, severity: severity(score), pattern: regex, file: file)
                if !context.isEmpty {
                    // Presidio raises the score with context; LeakScan asks for it on weak patterns.
                    if score < 0.5 {
                        definition.context = ContextRequirement(words: context, within: 100)
                    } else {
                        report.notes.append(
                            (definition.id, "context words only raise Presidio's score; not required here (score \(score))"))
                    }
                }
                do {
                    _ = try RuleSet(definitions: [definition], organisations: [])
                    report.rules.append(definition)
                } catch {
                    report.skipped.append((definition.id, error.reason))
                }
            }
        }
        return report
    }

    /// Presidio score → severity: its scores are confidence, so weak patterns rank lower.
    static func severity(_ score: Double) -> Severity {
        switch score {
        case ..<0.2: .low
        case ..<0.5: .medium
        case ..<0.85: .high
        default: .critical
        }
    }

    static func slug(_ name: String) -> String {
        var out = ""
        for (index, character) in name.replacingOccurrences(of: "Recognizer", with: "").enumerated() {
            if character.isUppercase && index > 0 { out.append("-") }
            out.append(character.isLetter || character.isNumber ? Character(character.lowercased()) : "-")
        }
        return out
    }
}
