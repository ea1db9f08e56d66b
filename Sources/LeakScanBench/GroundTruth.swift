import Foundation
import LeakScanCore
import LeakScanFraming
import LeakScanMIME

/// What a rule set should find, to score it against.
public enum GroundTruth: Sendable {
    /// `leakscan synth`'s truth.jsonl: every planted incident as (message id, rule).
    case planted(Set<PlantedKey>)
    /// A labelled table (CSV or JSON Lines): which records are positive for one category.
    case labelled(category: Category, positives: Set<RecordKey>, records: Set<RecordKey>)

    public struct PlantedKey: Hashable, Sendable {
        public var messageID: String
        public var rule: String
    }

    /// A record by file and byte offset (labelled tables have no reliable id column).
    public struct RecordKey: Hashable, Sendable {
        public var source: String
        public var offset: UInt64
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// The ground truth a benchmark was given: a synth truth file, or a labelled table whose
    /// `labelColumn` holds one of the `positive` values (comma-separated) for positives; nil
    /// with neither.
    public static func load(
        truthFile: String?, labelsFile: String?, labelColumn: String, positive: String, category: Category
    ) throws -> GroundTruth? {
        if let truthFile { return try planted(file: truthFile) }
        guard let labelsFile else { return nil }
        let values = Set(positive.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return try labelled(file: labelsFile, labelColumn: labelColumn, positive: values, category: category)
    }

    /// Reads a synth truth file.
    public static func planted(file: String) throws -> GroundTruth {
        var keys = Set<PlantedKey>()
        let text = try String(contentsOfFile: file, encoding: .utf8)
        for (number, line) in text.split(separator: "\n").enumerated() {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                let id = object["message_id"] as? String, let rule = object["rule"] as? String
            else { throw LoadError(description: "\(file):\(number + 1): not a truth record") }
            keys.insert(PlantedKey(messageID: id, rule: rule))
        }
        return .planted(keys)
    }

    /// Reads labels from a CSV or JSON Lines file, read the same way `scan` reads it, so record
    /// offsets match the incidents'. `positive` lists the label values that mean "positive".
    public static func labelled(file: String, labelColumn: String, positive: Set<String>, category: Category) throws -> GroundTruth {
        let reader = try ArchiveReader(path: file)
        var positives = Set<RecordKey>()
        var records = Set<RecordKey>()
        for item in reader {
            guard case .post(let post) = item else { continue }
            let label: String?
            switch post.body {
            case .fields(let fields):
                label = fields[labelColumn]
            case .text, .encoded:
                label = nil
            case .json(let bytes):
                let object = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
                label = object?[labelColumn].map { "\($0)" }
            }
            guard let label else { continue }
            let key = RecordKey(source: file, offset: post.offset)
            records.insert(key)
            if positive.contains(label.trimmingCharacters(in: .whitespaces)) { positives.insert(key) }
        }
        guard !records.isEmpty else { throw LoadError(description: "\(file): no record has a '\(labelColumn)' column") }
        return .labelled(category: category, positives: positives, records: records)
    }
}

/// True and false positives and negatives, with the usual ratios.
public struct Confusion: Sendable, Equatable {
    public var truePositives = 0
    public var falsePositives = 0
    public var falseNegatives = 0
    /// False when misses cannot be told apart per rule (labelled tables label records, not
    /// rules): recall and F1 are then not given.
    public var countsMisses = true

    public init(truePositives: Int = 0, falsePositives: Int = 0, falseNegatives: Int = 0, countsMisses: Bool = true) {
        self.truePositives = truePositives
        self.falsePositives = falsePositives
        self.falseNegatives = falseNegatives
        self.countsMisses = countsMisses
    }

    public var precision: Double? {
        truePositives + falsePositives == 0 ? nil : Double(truePositives) / Double(truePositives + falsePositives)
    }
    public var recall: Double? {
        !countsMisses || truePositives + falseNegatives == 0 ? nil : Double(truePositives) / Double(truePositives + falseNegatives)
    }
    public var f1: Double? {
        guard let p = precision, let r = recall, p + r > 0 else { return nil }
        return 2 * p * r / (p + r)
    }
}

extension GroundTruth {
    /// Scores incidents: per rule (planted truth) and per category.
    public func score(_ incidents: [Incident], rules: [(id: String, category: Category)]) -> (
        rules: [String: Confusion], categories: [Category: Confusion]
    ) {
        var byRule = [String: Confusion]()
        var byCategory = [Category: Confusion]()
        switch self {
        case .planted(let truth):
            // Synth plants some rules only; what other rules find in its generated prose (the
            // scored rules' verdicts on word salad, say) is neither right nor wrong by this truth.
            let plantedRules = Set(truth.map(\.rule))
            let found = Set(
                incidents.compactMap { incident in
                    incident.messageID.flatMap {
                        plantedRules.contains(incident.rule) ? PlantedKey(messageID: $0, rule: incident.rule) : nil
                    }
                })
            let categoryOf = Dictionary(rules.map { ($0.id, $0.category) }, uniquingKeysWith: { first, _ in first })
            for key in found {
                let hit = truth.contains(key)
                byRule[key.rule, default: Confusion()].truePositives += hit ? 1 : 0
                byRule[key.rule, default: Confusion()].falsePositives += hit ? 0 : 1
                if let category = categoryOf[key.rule] {
                    byCategory[category, default: Confusion()].truePositives += hit ? 1 : 0
                    byCategory[category, default: Confusion()].falsePositives += hit ? 0 : 1
                }
            }
            for key in truth.subtracting(found) {
                byRule[key.rule, default: Confusion()].falseNegatives += 1
                if let category = categoryOf[key.rule] { byCategory[category, default: Confusion()].falseNegatives += 1 }
            }
        case .labelled(let category, let positives, let records):
            var flagged = Set<RecordKey>()
            var flaggedByRule = [String: Set<RecordKey>]()
            for incident in incidents where incident.category == category {
                let key = RecordKey(source: incident.source, offset: incident.offset)
                guard records.contains(key) else { continue }
                flagged.insert(key)
                flaggedByRule[incident.rule, default: []].insert(key)
            }
            for (rule, keys) in flaggedByRule {
                // Per rule: its hits on positive and negative records; a miss is the category's.
                byRule[rule] = Confusion(
                    truePositives: keys.intersection(positives).count, falsePositives: keys.subtracting(positives).count,
                    countsMisses: false)
            }
            byCategory[category] = Confusion(
                truePositives: flagged.intersection(positives).count, falsePositives: flagged.subtracting(positives).count,
                falseNegatives: positives.subtracting(flagged).count)
        }
        return (byRule, byCategory)
    }
}
