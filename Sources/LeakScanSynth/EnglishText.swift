/// Filler prose whose words follow real English frequencies (``englishWordFrequencies``, from
/// wordfreq): the words rules gate on — you, boss, kill, address, card, password — turn up as
/// often as they do in real text, so benchmarks on `synth` archives pay the prefilter and
/// confirmation costs that real mail makes them pay.
struct EnglishText: Sendable {
    let words: [String]
    /// Running totals of the frequencies: word `i` is drawn when a uniform draw below `total`
    /// falls below `cumulative[i]` and not below `cumulative[i - 1]`.
    let cumulative: [UInt64]

    static let shared = EnglishText(table: englishWordFrequencies)

    init(table: String) {
        var words = [String]()
        var cumulative = [UInt64]()
        var total: UInt64 = 0
        for line in table.split(separator: "\n") {
            guard let space = line.firstIndex(of: " "), let frequency = UInt64(line[line.index(after: space)...]) else { continue }
            words.append(String(line[..<space]))
            total += max(frequency, 1)
            cumulative.append(total)
        }
        self.words = words
        self.cumulative = cumulative
    }

    /// One word drawn by frequency.
    func word(using random: inout SplitMix64) -> String {
        let draw = random.next() % cumulative[cumulative.count - 1]
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > draw { high = middle } else { low = middle + 1 }
        }
        return words[low]
    }

    /// `count` words as sentences of 4–24 words (capitalised, mostly full stops, some commas and
    /// questions), wrapped at 72 columns like mail.
    func prose(words count: Int, using random: inout SplitMix64) -> String {
        var text = ""
        var column = 0
        var sentenceLeft = 0
        for index in 0..<count {
            var word = word(using: &random)
            if sentenceLeft == 0 {
                sentenceLeft = 4 + random.below(21)
                word = word.prefix(1).uppercased() + word.dropFirst()
            } else if word == "i" || word.hasPrefix("i'") {
                word = "I" + word.dropFirst()
            }
            sentenceLeft -= 1
            if sentenceLeft == 0 || index == count - 1 {
                word += random.chance(0.1) ? "?" : "."
                sentenceLeft = 0
            } else if random.chance(0.06) {
                word += ","
            }
            if column > 0, column + 1 + word.utf8.count > 72 {
                text += "\n"
                column = 0
            } else if column > 0 {
                text += " "
                column += 1
            }
            text += word
            column += word.utf8.count
        }
        return text
    }
}

/// Mail-sized texts of English prose, as `synth` writes them, for measuring rules on text
/// like the text they will scan (`patterns lint` measures each rule's candidate rate on them).
public enum EnglishProse {
    /// `texts` texts of 80–679 words each (the length of `synth`'s message bodies), the same
    /// for the same seed.
    public static func sample(texts: Int, seed: UInt64) -> [String] {
        var random = SplitMix64(seed: seed)
        return (0..<texts).map { _ in EnglishText.shared.prose(words: 80 + random.below(600), using: &random) }
    }
}
