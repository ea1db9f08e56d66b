import Foundation
import LeakScanScoring
import Testing

@Suite struct LinearTextScorerTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let olid = repository.deletingLastPathComponent().appendingPathComponent("shared/corpora/labelled/olid-train")

    static func score(_ scorer: LinearTextScorer, _ text: String, _ scratch: ScorerScratch = ScorerScratch()) -> Double {
        Array(text.utf8).withUnsafeBufferPointer { scorer.score($0, scratch: scratch) }
    }

    /// The shipped model scores 300 real validation tweets as the training script's own
    /// (scikit-learn) evaluation did: the featurisation contract holds on both sides.
    @Test func shippedModelAgreesWithTheTrainingScript() throws {
        let scorer = try LinearTextScorer(contentsOf: Self.repository.appendingPathComponent("Patterns/derogatory-scorer.tsv"))
        let tweets = try String(contentsOf: Self.olid.appendingPathComponent("val_text.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
        let expected = try String(
            contentsOf: Self.repository.appendingPathComponent("Tests/LeakScanScoringTests/Fixtures/scorer-parity.tsv"), encoding: .utf8
        ).split(separator: "\n").filter { !$0.hasPrefix("#") }
        #expect(expected.count == 300)
        let scratch = ScorerScratch()
        var worst = 0.0
        var agreeing = 0
        for line in expected {
            let columns = line.split(separator: "\t")
            let (row, python) = (Int(columns[0])!, Double(columns[1])!)
            let swift = Self.score(scorer, tweets[row], scratch)
            worst = max(worst, abs(swift - python))
            agreeing += (swift >= scorer.minScore) == (python >= scorer.minScore) ? 1 : 0
        }
        #expect(worst < 1e-3, "largest difference \(worst)")
        #expect(agreeing == expected.count)
    }

    /// The training script's featurisation spelt out plainly: every feature as text, in the
    /// order the text first shows it, summed in that order. The scorer's packed lookups must
    /// give the same score to the bit, and the same strongest word.
    static func referenceScore(
        _ scorer: LinearTextScorer, _ model: [String: LinearTextScorer.Feature], _ text: String
    ) -> (score: Double, strongest: Range<Int>?) {
        let bytes = Array(text.utf8).map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
        var seen = Set<String>()
        var (weightSum, ratioSquares, strongestWeight) = (0.0, 0.0, 0.0)
        var strongest: Range<Int>?
        var start = 0
        while start < bytes.count {
            guard LinearTextScorer.isWordByte(bytes[start]) else {
                start += 1
                continue
            }
            var end = start
            while end < bytes.count, LinearTextScorer.isWordByte(bytes[end]) { end += 1 }
            let word = Array(bytes[start..<end])
            var names = ["w " + String(decoding: word, as: UTF8.self)]
            let padded = [0x20] + word + [0x20]
            for first in 0..<(padded.count - 1) {
                for size in 2...5 where first + size <= padded.count {
                    names.append("c " + String(decoding: padded[first..<(first + size)], as: UTF8.self))
                }
            }
            var wordWeight = 0.0
            for name in names where seen.insert(name).inserted {
                guard let feature = model[name] else { continue }
                weightSum += Double(feature.weight)
                wordWeight += Double(feature.weight)
                ratioSquares += Double(feature.ratio) * Double(feature.ratio)
            }
            if wordWeight > strongestWeight {
                strongestWeight = wordWeight
                strongest = start..<end
            }
            start = end
        }
        let norm = ratioSquares > 0 ? ratioSquares.squareRoot() : 1
        return (1 / (1 + exp(-(scorer.bias + weightSum / norm))), strongest)
    }

    /// The shipped model on real validation tweets and on random mixes of what words are made
    /// of (capitals, digits, apostrophes, multi-byte characters, words longer than a gram,
    /// words of one letter), scored by the scorer and by ``referenceScore(_:_:_:)``: with
    /// no word's features kept, with room for a few words only (the rest worked out each
    /// time), and with the default room, where later texts reuse earlier texts' words.
    @Test(arguments: [0, 7, nil]) func scoresExactlyAsThePlainFeaturisation(cachedWords: Int?) throws {
        let scorer = try LinearTextScorer(contentsOf: Self.repository.appendingPathComponent("Patterns/derogatory-scorer.tsv"))
        var texts = try String(contentsOf: Self.olid.appendingPathComponent("val_text.txt"), encoding: .utf8)
            .split(separator: "\n").prefix(600).map(String.init)
        var generator = SystemRandomNumberGenerator()
        let pieces = [
            "a", "I", "you", "Idiot", "idiots", "fuck", "FUCKING", "don't", "'", "ça", "Straße", "2019", "x7",
            " ", "  ", ",", "!", "@user", "#MAGA", "é", "😀", "\n", "stupidstupidstupid", "b", "ass", "-",
        ]
        for _ in 0..<400 {
            texts.append((0..<Int.random(in: 0...40, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        // Words longer than a cached word may be, met twice.
        let long = String(repeating: "Idiot", count: 52)
        texts += ["you \(long) and \(long)", "\(long)x, \(long)"]
        let model = Dictionary(scorer.features.map { ($0.text, $0) }) { first, _ in first }
        let scratch = cachedWords.map { ScorerScratch(cachedWords: $0) } ?? ScorerScratch()
        for text in texts {
            let expected = Self.referenceScore(scorer, model, text)
            let score = Self.score(scorer, text, scratch)
            #expect(score.bitPattern == expected.score.bitPattern, "\(text)")
            #expect(scratch.strongestWord == expected.strongest, "\(text)")
        }
    }

    /// Features count once per text, words and grams are case-blind, and only the listed
    /// features move the score.
    @Test func scoresByFeaturePresence() throws {
        let model = """
            bias\t-1
            min_score\t0.5
            w idiot\t2\t3
            c di\t1\t0.5
            """
        let scorer = try LinearTextScorer(text: model)
        let once = Self.score(scorer, "what an idiot")
        #expect(abs(once - 1 / (1 + exp(-(-1 + 3.5 / 5.0.squareRoot())))) < 1e-9)
        #expect(Self.score(scorer, "IDIOT idiot, idiot!") == once)
        #expect(abs(Self.score(scorer, "nothing to see") - 1 / (1 + exp(1.0))) < 1e-9)
        // "di" inside another word is a gram of that word too.
        #expect(Self.score(scorer, "a dish") > Self.score(scorer, "a plate"))
    }

    /// A worker keeps a word's features as 16-bit numbers: a model of more features than
    /// that counts (70,000 here, the words `t0` … `t69999`, each weighing its own number)
    /// scores every text as the plain featurisation does, words met again included, with
    /// features numbered past 65,535 counted as themselves and not as the feature 65,536 below.
    @Test func aModelOfMoreThan65536FeaturesScoresItsWordsExactly() throws {
        var lines = ["bias\t-2", "min_score\t0.5"]
        for number in 0..<70_000 { lines.append("w t\(number)\t\(Double(number % 97) / 10)\t\(Double(number) / 10_000)") }
        let scorer = try LinearTextScorer(text: lines.joined(separator: "\n"))
        let model = Dictionary(scorer.features.map { ($0.text, $0) }) { first, _ in first }
        let scratch = ScorerScratch()
        let texts = ["t69999 and t4463", "t4463 and t69999", "t65536 t0 t65537 t1", "t0 t1", "t65536 t0 t65537 t1 t69999"]
        for text in texts + texts {
            let expected = Self.referenceScore(scorer, model, text)
            #expect(Self.score(scorer, text, scratch).bitPattern == expected.score.bitPattern, "\(text)")
            #expect(scratch.strongestWord == expected.strongest, "\(text)")
        }
    }

    /// A worker's scratch keeps the features of the words it has met, which belong to one
    /// model: scoring with another model through the same scratch starts them afresh.
    @Test func aScratchSharedByTwoModelsScoresEachByItsOwn() throws {
        let idiot = try LinearTextScorer(text: "bias\t-1\nmin_score\t0.5\nw idiot\t2\t3\n")
        let dish = try LinearTextScorer(text: "bias\t-1\nmin_score\t0.5\nc dis\t1\t2\nw idiot\t1\t-1\n")
        let shared = ScorerScratch()
        for text in ["what an idiot", "a dish for an idiot", "idiot"] {
            #expect(Self.score(idiot, text, shared) == Self.score(idiot, text))
            #expect(Self.score(dish, text, shared) == Self.score(dish, text))
        }
    }

    /// The loader reads the shipped model exactly as a plain split of its lines and columns
    /// with the standard library's number parsing does: every feature, ratio and weight, to the bit.
    @Test func loaderReadsTheShippedModelExactly() throws {
        let url = Self.repository.appendingPathComponent("Patterns/derogatory-scorer.tsv")
        let scorer = try LinearTextScorer(contentsOf: url)
        var expected = [(text: String, ratio: Float, weight: Float)]()
        var settings = [String: Double]()
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let columns = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            if columns.count == 2 {
                settings[columns[0]] = Double(columns[1])
            } else {
                expected.append((columns[0], Float(columns[1])!, Float(columns[2])!))
            }
        }
        #expect(expected.count > 30_000)
        #expect(scorer.features.map(\.text) == expected.map(\.text))
        #expect(scorer.features.map(\.ratio.bitPattern) == expected.map(\.ratio.bitPattern))
        #expect(scorer.features.map(\.weight.bitPattern) == expected.map(\.weight.bitPattern))
        #expect(scorer.bias == settings["bias"] && scorer.minScore == settings["min_score"])
    }

    /// A bad line is reported by its line number in the file, blank and comment lines counted.
    @Test func reportsTheLineOfABadLine() {
        for (model, line) in [
            ("bias\t0\n\nmin_score\t0.5\n# c\nw a\t1\n", 5), ("bias\t0\nmin_score\t0.5\nw a\t1\t2\t3\n", 3),
            ("bias\t0\nmin_score\t0.5\n\tc\t1\n", 3), ("bias\tx\n", 1), ("w a\t1\t1\r\n", 1),
        ] {
            #expect {
                try LinearTextScorer(text: model)
            } throws: { error in
                (error as? LinearTextScorer.LoadError)?.description.hasSuffix(":\(line): not a scorer model line") == true
            }
        }
    }

    @Test func rejectsMalformedModels() {
        #expect(throws: LinearTextScorer.LoadError.self) { try LinearTextScorer(text: "min_score\t0.5\nw a\t1\t1") }
        #expect(throws: LinearTextScorer.LoadError.self) { try LinearTextScorer(text: "bias\t0\nmin_score\t0.5\nw a\t1\t1\nw a\t1\t2") }
        #expect(throws: LinearTextScorer.LoadError.self) { try LinearTextScorer(text: "bias\t0\nmin_score\t0.5\nw a\tx\t1") }
        // Grams and features no text can show are checked for repeats too.
        for repeated in ["c ab", "c abcdefg", "x note"] {
            #expect(throws: LinearTextScorer.LoadError.self) {
                try LinearTextScorer(text: "bias\t0\nmin_score\t0.5\n\(repeated)\t1\t1\n\(repeated)\t1\t2")
            }
        }
    }

    @Test func judgesProseOnly() throws {
        let scorer = try LinearTextScorer(text: "bias\t0\nmin_score\t0.5\nw fool\t1\t1")
        let scratch = ScorerScratch()
        func prose(_ text: String, _ minimum: Int) -> Bool {
            _ = Self.score(scorer, text, scratch)
            return scratch.shape.readsAsProse(minWords: minimum)
        }
        #expect(prose("you utter fool", 3))
        #expect(!prose("utter fool!!!", 3))
        #expect(prose("don't … ça va", 3))
        // One word repeated, whatever its case: filler, not a sentence.
        #expect(!prose("Rhubarb rhubarb RHUBARB Rhubarb Rhubarb", 5))
        #expect(prose("Rhubarb rhubarb RHUBARB Rhubarb custard", 5))
        // Past the words the scorer takes in one batch.
        #expect(!prose(String(repeating: "rhubarb ", count: 40), 5))
        #expect(prose(String(repeating: "rhubarb ", count: 40) + "custard", 5))
        // Mostly one-character words (a table of letters); a character is one, however many bytes.
        #expect(!prose("a b c d e f g h i j", 5))
        #expect(!prose("é è à ç ü ö x y z tables", 5))
        #expect(prose("u r a complete and utter idiot", 5))
    }
}
