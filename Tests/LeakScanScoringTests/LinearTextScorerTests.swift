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
    }

    @Test func countsWords() {
        func count(_ text: String, _ minimum: Int) -> Bool {
            Array(text.utf8).withUnsafeBufferPointer { LinearTextScorer.wordCount($0, atLeast: minimum) }
        }
        #expect(count("you utter fool", 3))
        #expect(!count("utter fool!!!", 3))
        #expect(count("don't … ça va", 3))
    }
}
