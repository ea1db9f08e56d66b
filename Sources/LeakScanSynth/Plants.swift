import LeakScanCore

/// One identifier or remark planted in a synthetic message, with the rule that must find it.
public struct Plant: Sendable, Equatable {
    public var rule: String
    public var category: Category
    public var severity: Severity
    /// The sentence to put in the body (or subject, for markings).
    public var text: String
    /// True when the plant belongs in the subject line.
    public var inSubject = false
}

/// Makers of plants, each producing a value its rule's validator accepts, worded so that
/// exactly one rule fires. Grouped by the role they play in the planted rates.
enum PlantCatalogue {
    /// Confidential but below the disciplinary threshold: what a social-network leak plants.
    static let socialLeak: [@Sendable (inout SplitMix64) -> Plant] = [mobile, operation]
    /// High or critical: what a disciplinary-level violation plants.
    static let disciplinary: [@Sendable (inout SplitMix64) -> Plant] = [nino, card, nhs, crimeReference, password, insult, marking]
    /// Medium background noise in email, of every category.
    static let background: [@Sendable (inout SplitMix64) -> Plant] = [mobile, operation, profanity, logoMention]

    static func nino(_ random: inout SplitMix64) -> Plant {
        let first = random.pick(Array("ABCEGHJKLMNPRSTWXYZ"))
        let second = random.pick(Array("ABCEGHJKLMNPRSTWXYZ"))
        var prefix = "\(first)\(second)"
        if ["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"].contains(prefix) { prefix = "AB" }
        let value = "\(prefix) \(random.digits(2)) \(random.digits(2)) \(random.digits(2)) \(random.pick(["A", "B", "C", "D"]))"
        return Plant(rule: "uk-nino", category: .confidential, severity: .high, text: "my NI number is \(value) for the forms")
    }

    static func card(_ random: inout SplitMix64) -> Plant {
        var digits = [4] + (0..<14).map { _ in random.below(10) }
        // Luhn check digit over the 15 digits.
        var sum = 0
        for (position, digit) in digits.reversed().enumerated() {
            let doubled = position % 2 == 0 ? digit * 2 : digit
            sum += doubled > 9 ? doubled - 9 : doubled
        }
        digits.append((10 - sum % 10) % 10)
        let text = stride(from: 0, to: 16, by: 4).map { digits[$0..<($0 + 4)].map(String.init).joined() }.joined(separator: " ")
        return Plant(rule: "payment-card", category: .confidential, severity: .critical, text: "use my card \(text) for the hotel")
    }

    static func nhs(_ random: inout SplitMix64) -> Plant {
        while true {
            let digits = (0..<9).map { _ in random.below(10) }
            var check = 11 - digits.enumerated().reduce(0) { $0 + $1.element * (10 - $1.offset) } % 11
            if check == 11 { check = 0 }
            if check == 10 || Set(digits).count == 1 { continue }
            let all = digits + [check]
            let text =
                "\(all[0..<3].map(String.init).joined()) \(all[3..<6].map(String.init).joined()) \(all[6..<10].map(String.init).joined())"
            return Plant(
                rule: "nhs-number", category: .confidential, severity: .high, text: "the NHS number is \(text) for the custody record")
        }
    }

    static func crimeReference(_ random: inout SplitMix64) -> Plant {
        Plant(
            rule: "crime-reference", category: .confidential, severity: .high,
            text: "see CRIS \(random.below(9) + 1)\(random.digits(6))/\(random.digits(2)) before the briefing")
    }

    static func password(_ random: inout SplitMix64) -> Plant {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789")
        let value = String((0..<12).map { _ in random.pick(alphabet) })
        return Plant(
            rule: "credential-password", category: .confidential, severity: .critical, text: "the shared password: \(value) until friday")
    }

    static func insult(_ random: inout SplitMix64) -> Plant {
        // Words that insult only in context: "idiot" or "moron" would also be the insult rule's.
        let insult = random.pick(["muppet", "clown", "numpty", "jobsworth"])
        return Plant(
            rule: "employer-insult", category: .derogatory, severity: .high, text: "honestly my sarge is a complete \(insult) today")
    }

    static func marking(_ random: inout SplitMix64) -> Plant {
        Plant(
            rule: "marking-official-sensitive", category: .confidential, severity: .high, text: "OFFICIAL-SENSITIVE: notes", inSubject: true
        )
    }

    static func mobile(_ random: inout SplitMix64) -> Plant {
        Plant(
            rule: "uk-mobile-number", category: .confidential, severity: .medium, text: "ring me on 07700 9\(random.digits(5)) after shift")
    }

    static func operation(_ random: inout SplitMix64) -> Plant {
        let name = random.pick(["Nightjar", "Kestrel", "Bramble", "Lantern", "Harbour", "Thistle", "Granite", "Willow"])
        return Plant(
            rule: "police-operation", category: .confidential, severity: .medium, text: "tonight we start Operation \(name) in the east")
    }

    static func profanity(_ random: inout SplitMix64) -> Plant {
        let word = random.pick(["f*cking", "sh1t", "b0llocks", "w@nker"])
        return Plant(rule: "profanity", category: .derogatory, severity: .medium, text: "what a \(word) week that was")
    }

    static func logoMention(_ random: inout SplitMix64) -> Plant {
        Plant(rule: "logo-post-mention", category: .logo, severity: .medium, text: "I have used the {ORG} logo on my profile")
    }
}
