import CPrefetch
import Foundation
import LeakScanCore

/// A linear text classifier shipped as data: NB-weighted logistic regression over the presence
/// of word and character n-gram features, trained by `scripts/train-derogatory-scorer.py` and
/// evaluated here, so the scan path needs no Python and no model runtime.
///
/// Features of a text (its bytes, ASCII letters lower-cased): every word (a maximal run of
/// ASCII letters, digits, apostrophes and bytes ≥ 0x80) as `w WORD`, and every 2- to 5-byte
/// slice of `" WORD "` as `c GRAM`, each counted once. With r and w the stored log-count ratio
/// and weight of each feature present, the score is `σ(bias + Σw / √Σr²)`. The training script
/// states the same contract; `LinearTextScorerTests` checks the two agree on real tweets.
///
/// Features are looked up by a 64-bit FNV-1a hash of their text, computed incrementally while
/// the text is walked once: no string is built per feature.
public final class LinearTextScorer: Sendable {
    /// The intercept of the logistic model.
    public let bias: Double
    /// The score at and above which a text counts as positive, chosen by the training script.
    public let minScore: Double
    /// FNV-1a of the model text: what changes when the model is retrained.
    public let digest: UInt64
    /// Each feature's text, ratio and weight, in file order (for explanations).
    public let features: [Feature]
    /// Open-addressed table of feature hashes, at most half full; hash and entry side by side
    /// so a lookup touches one cache line (the scan's hot loop does four per byte).
    let slots: [Slot]
    let mask: Int
    /// Per feature number the scan uses (what ``slots`` and word lists hold, and where a
    /// worker's stamp and weight of the feature sit): its index in ``features``. Numbered short
    /// grams first: the 677 two-byte grams and 4,628 three-byte ones are met in nearly every
    /// word, and numbered in file order they were spread over the whole 480 KB of marks, each
    /// word's first reads a cache miss.
    let markOrder: [Int]

    struct Slot {
        var hash: UInt64 = 0
        /// Index into `features` + 1; 0 is an empty slot.
        var entry: Int32 = 0
    }

    public struct Feature: Sendable, Equatable {
        public var text: String
        public var ratio: Float
        public var weight: Float
    }

    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads a model file: `bias` and `min_score` lines, then `feature<TAB>ratio<TAB>weight` lines;
    /// `#` lines are comments.
    public convenience init(contentsOf url: URL) throws {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw LoadError(description: "\(url.path): cannot read scorer model: \(error.localizedDescription)")
        }
        try self.init(bytes: [UInt8](data), file: url.path)
    }

    public convenience init(text: String, file: String = "<memory>") throws {
        try self.init(bytes: Array(text.utf8), file: file)
    }

    /// Parses the model's bytes directly, a line and its tabs at a time, hashing each feature's
    /// text on the way: 40,000 lines through `String` splitting took a third of a second, and
    /// splitting them into arrays of columns was still a fifth of a scan's start (every scan
    /// pays it, a nightly scan of a few new files most of all).
    public init(bytes: [UInt8], file: String) throws {
        var bias: Double?
        var minScore: Double?
        var features = [Feature]()
        var hashes = [UInt64]()
        features.reserveCapacity(bytes.count / 16)
        hashes.reserveCapacity(bytes.count / 16)
        try bytes.withUnsafeBufferPointer { all in
            var lineNumber = 0
            var start = 0
            while start < all.count {
                lineNumber += 1
                let end = all[start...].firstIndex(of: 0x0A) ?? all.count
                let line = UnsafeBufferPointer(rebasing: all[start..<end])
                start = end + 1
                guard let first = line.first, first != UInt8(ascii: "#") else { continue }
                func fail() -> LoadError { LoadError(description: "\(file):\(lineNumber): not a scorer model line") }
                func text(_ range: Range<Int>) -> String { String(decoding: UnsafeBufferPointer(rebasing: line[range]), as: UTF8.self) }
                // Up to three columns: name or feature, then one or two numbers.
                guard let tab = line.firstIndex(of: 0x09) else { throw fail() }
                let rest = (tab + 1)..<line.count
                if let second = line[rest].firstIndex(of: 0x09) {
                    let last = (second + 1)..<line.count
                    guard tab > 0, !line[last].contains(0x09), let ratio = DecimalFloat.parse(line[(tab + 1)..<second]),
                        let weight = DecimalFloat.parse(line[last])
                    else { throw fail() }
                    var hash = FeatureHash()
                    for byte in line[..<tab] { hash.add(byte) }
                    features.append(Feature(text: text(0..<tab), ratio: ratio, weight: weight))
                    hashes.append(hash.value)
                } else {
                    guard let value = Double(text(rest)) else { throw fail() }
                    switch text(0..<tab) {
                    case "bias": bias = value
                    case "min_score": minScore = value
                    default: throw fail()
                    }
                }
            }
        }
        guard let bias, let minScore, !features.isEmpty else {
            throw LoadError(description: "\(file): a scorer model needs 'bias', 'min_score' and at least one feature")
        }
        var digest = FeatureHash()
        for byte in bytes { digest.add(byte) }
        self.digest = digest.value
        self.bias = bias
        self.minScore = minScore
        self.features = features
        var capacity = 1
        while capacity < features.count * 2 { capacity <<= 1 }  // at most half full
        mask = capacity - 1
        var slots = [Slot](repeating: Slot(), count: capacity)
        let markOrder = Self.markOrder(of: features)
        for (index, fileIndex) in markOrder.enumerated() {
            let (feature, hash) = (features[fileIndex], hashes[fileIndex])
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot].entry != 0 {
                guard slots[slot].hash != hash else {
                    throw LoadError(description: "\(file): feature '\(feature.text)' is listed twice (or its hash collides)")
                }
                slot = (slot + 1) & mask
            }
            slots[slot] = Slot(hash: hash, entry: Int32(index + 1))
        }
        self.slots = slots
        self.markOrder = markOrder
    }

    /// The same model in storage of its own: each worker's detector holds its own objects, so
    /// two workers never count references to the same ones (``copy()``).
    private init(copying other: LinearTextScorer) {
        bias = other.bias
        minScore = other.minScore
        digest = other.digest
        mask = other.mask
        features = other.features.withUnsafeBufferPointer { Array($0) }
        slots = other.slots.withUnsafeBufferPointer { Array($0) }
        markOrder = other.markOrder.withUnsafeBufferPointer { Array($0) }
    }

    /// A copy of this model with arrays of its own, for another worker: copying the parsed
    /// arrays costs a small part of reading the file again.
    public func copy() -> LinearTextScorer { LinearTextScorer(copying: self) }

    /// The features' file indices in the order the scorer numbers them (``markOrder``): short
    /// grams first, then words, then longer grams; file order within each.
    static func markOrder(of features: [Feature]) -> [Int] {
        /// 0 for a two-byte gram, 1 for a three-byte one, 2 for a word, 3 and 4 for longer grams.
        func rank(_ feature: Feature) -> Int {
            feature.text.utf8.withContiguousStorageIfAvailable { text in
                guard text.count > 2, text[1] == UInt8(ascii: " ") else { return 4 }
                switch (text[0], text.count - 2) {
                case (UInt8(ascii: "c"), 2): return 0
                case (UInt8(ascii: "c"), 3): return 1
                case (UInt8(ascii: "w"), _): return 2
                case (UInt8(ascii: "c"), 4): return 3
                default: return 4
                }
            } ?? 4
        }
        var ranked = [[Int]](repeating: [], count: 5)
        for index in features.indices { ranked[rank(features[index])].append(index) }
        return Array(ranked.joined())
    }

    /// The features with the largest weights towards a positive score.
    public func topFeatures(_ count: Int) -> [Feature] {
        Array(features.sorted { $0.weight > $1.weight }.prefix(count))
    }

    /// The probability-like score of `text`, in 0…1. `scratch.strongestWord` is then the word
    /// whose features weighed most towards a positive score (what an incident points at), and
    /// `scratch.shape` what its words say of whether it is prose at all (``ProseShape``),
    /// counted on the same walk: a second walk over every scored post for that alone was 4 %
    /// of a scan of posts.
    ///
    /// A word's features depend on its lower-cased bytes alone, so the scratch keeps, per
    /// distinct word, the features it holds, in the order the featurisation meets them: a word
    /// seen before costs one lookup instead of one per gram (about four per byte, each a load
    /// from a 2 MB table, which was a quarter of a scan of posts). Weights are added in the
    /// same order either way, so the score is the same to the bit.
    public func score(_ text: UnsafeBufferPointer<UInt8>, scratch: ScorerScratch) -> Double {
        scratch.begin(model: self)
        let generation = scratch.generation
        var weightSum = 0.0
        var ratioSquares = 0.0
        var strongestWeight = 0.0
        var shape = ProseShape()
        scratch.marks.withUnsafeMutableBufferPointer { marks in
            var wordWeight = 0.0
            /// Adds the features of a word that the text has not shown yet.
            func count<Listed: BinaryInteger>(_ listed: UnsafeBufferPointer<Listed>) {
                for feature in listed {
                    let index = Int(feature)
                    guard marks[index].stamp != generation else { continue }  // features count once per text
                    marks[index].stamp = generation
                    let weight = Double(marks[index].weight)
                    let ratio = Double(marks[index].ratio)
                    weightSum += weight
                    wordWeight += weight
                    ratioSquares += ratio * ratio
                }
            }
            /// Counts a word's features, from the words met before or worked out now.
            func countWord(_ start: Int, _ end: Int, hash: UInt64) {
                let word = UnsafeBufferPointer(rebasing: text[start..<end])
                wordWeight = 0
                if !scratch.words.withFeatures(hash: hash, length: word.count, count) {
                    featureIndices(of: word, into: &scratch.pending)
                    scratch.words.add(hash: hash, length: word.count, features: scratch.pending)
                    scratch.pending.withUnsafeBufferPointer { count($0) }
                }
                if wordWeight > strongestWeight {
                    strongestWeight = wordWeight
                    scratch.strongestWord = start..<end
                }
            }
            // Words are taken a few at a time: their table slots are prefetched together, then
            // counted in order. A word's slot in the 16 MB table is mostly a cache miss, and
            // waited for one word at a time it was over a quarter of the scorer's time
            // (prefetching the next word's feature marks as well gained nothing measurable).
            Self.foldedWordBytes.withUnsafeBufferPointer { folded in
                withUnsafeTemporaryAllocation(of: (start: Int, end: Int, hash: UInt64).self, capacity: Self.wordsAhead) { ahead in
                    var position = 0
                    while position < text.count {
                        var taken = 0
                        while taken < Self.wordsAhead, position < text.count {
                            guard folded[Int(text[position])] != 0 else {
                                position += 1
                                continue
                            }
                            // The word's end and its key (FNV-1a of its bytes, ASCII letters
                            // lower-cased: what ``WordFeatures`` keeps it under) in one walk,
                            // a table read a byte: two walks, each testing five ranges a
                            // byte, were a sixth of the scorer's instructions.
                            var key = FeatureHash()
                            var end = position
                            while end < text.count {
                                let byte = folded[Int(text[end])]
                                guard byte != 0 else { break }
                                key.add(byte)
                                end += 1
                            }
                            let word = UnsafeBufferPointer(rebasing: text[position..<end])
                            let hash = key.value
                            shape.add(word, hash: hash, at: position, in: text)
                            scratch.words.prefetch(hash: hash)
                            ahead[taken] = (position, end, hash)
                            taken += 1
                            position = end
                        }
                        for word in ahead[..<taken] { countWord(word.start, word.end, hash: word.hash) }
                    }
                }
            }
        }
        scratch.shape = shape
        let norm = ratioSquares > 0 ? ratioSquares.squareRoot() : 1
        return 1 / (1 + exp(-(bias + weightSum / norm)))
    }

    /// The model's features in `word` (a maximal run of word bytes), in the order the
    /// featurisation meets them: `w WORD`, then the 2- to 5-byte grams of `" WORD "` by where
    /// they start, shortest first. Written into `list`.
    ///
    /// Every hash is worked out first and its slot asked for, then the slots are read in
    /// order: a word's twenty-odd slots in the 2 MB table were each a cache miss waited for in
    /// turn, and each new word a worker meets pays them (twice the samples with two workers,
    /// each building its own list of words).
    func featureIndices(of word: UnsafeBufferPointer<UInt8>, into list: inout [Int32]) {
        list.removeAll(keepingCapacity: true)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 1 + 4 * (word.count + 1)) { hashes in
            var count = 0
            var hash = FeatureHash.word
            for byte in word { hash.add(byte.asciiLowercased) }
            hashes[count] = hash.value
            count += 1
            // Grams of " WORD ": positions -1 (the leading space) … count (the trailing space).
            for first in -1..<word.count {
                var gram = FeatureHash.gram
                for position in first...min(first + 4, word.count) {
                    gram.add(position == -1 || position == word.count ? 0x20 : word[position].asciiLowercased)
                    if position > first {
                        hashes[count] = gram.value
                        count += 1
                    }
                }
            }
            slots.withUnsafeBufferPointer { slots in
                for hash in hashes[..<count] { leakscan_prefetch(slots.baseAddress! + (Int(truncatingIfNeeded: hash) & mask)) }
                for hash in hashes[..<count] {
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while slots[slot].entry != 0 {
                        if slots[slot].hash == hash {
                            list.append(slots[slot].entry - 1)
                            break
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// How many words' table slots are prefetched before the first of them is counted.
    static let wordsAhead = 16

    /// Per byte value: the byte as a word's features and key read it (ASCII letters lower-cased)
    /// when it is a word byte (``isWordByte(_:)``), else 0 (no word byte is 0).
    static let foldedWordBytes: [UInt8] = (0...255).map { value in
        let byte = UInt8(value)
        return isWordByte(byte) ? byte.asciiLowercased : 0
    }

    @inline(__always) public static func isWordByte(_ byte: UInt8) -> Bool {
        (byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x7A || (byte >= 0x30 && byte <= 0x39) || byte == 0x27 || byte >= 0x80
    }
}

/// What a text's words say of whether it is prose the model can judge: how many words (as the
/// features count them), how many are one character long, and whether two differ. A table of
/// letters (`a b c d e f g`) and a word repeated as filler (`Rhubarb Rhubarb …`) are no one's
/// sentence, yet the model, which learnt from tweets, judged both offensive in the corpora's
/// documents and mail. Of the 36,699 labelled tweets (the OLID training split and Davidson's)
/// with five words or more, none fails either test of ``readsAsProse(minWords:)``.
public struct ProseShape: Sendable {
    public private(set) var words = 0
    public private(set) var oneCharacterWords = 0
    /// Whether some word differs from the first, ASCII letters compared without case.
    public private(set) var differs = false
    private var first: (hash: UInt64, range: Range<Int>)?

    public init() {}

    /// At least `minWords` words, two different words at least, and at most 70 % of them one
    /// character long.
    public func readsAsProse(minWords: Int) -> Bool {
        words >= minWords && differs && oneCharacterWords * 10 <= words * 7
    }

    /// Counts the word at `start` of `text` (`hash` is its key, FNV-1a of its bytes with ASCII
    /// letters lower-cased).
    @inline(__always) mutating func add(
        _ word: UnsafeBufferPointer<UInt8>, hash: UInt64, at start: Int, in text: UnsafeBufferPointer<UInt8>
    ) {
        words += 1
        // A character is one however many bytes it takes (at most four in UTF-8).
        if word.count == 1 || (word.count <= 4 && word.dropFirst().allSatisfy { $0 & 0xC0 == 0x80 }) { oneCharacterWords += 1 }
        guard !differs else { return }
        if let first {
            differs = first.hash != hash || !Self.sameWord(first.range, start..<(start + word.count), in: text)
        } else {
            first = (hash, start..<(start + word.count))
        }
    }

    static func sameWord(_ one: Range<Int>, _ other: Range<Int>, in text: UnsafeBufferPointer<UInt8>) -> Bool {
        one.count == other.count && zip(one, other).allSatisfy { text[$0].asciiLowercased == text[$1].asciiLowercased }
    }
}

/// FNV-1a, 64 bits, fed one byte at a time.
struct FeatureHash {
    var value: UInt64 = 0xcbf2_9ce4_8422_2325

    /// The hash after the prefix `"w "`.
    static let word: FeatureHash = {
        var hash = FeatureHash()
        hash.add(0x77)
        hash.add(0x20)
        return hash
    }()
    /// The hash after the prefix `"c "`.
    static let gram: FeatureHash = {
        var hash = FeatureHash()
        hash.add(0x63)
        hash.add(0x20)
        return hash
    }()

    @inline(__always) mutating func add(_ byte: UInt8) {
        value = (value ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
    }
}

/// One worker's reusable state for ``LinearTextScorer/score(_:scratch:)``: which features a
/// text has shown already (features count once), by generation stamp so nothing is cleared,
/// and the features of the words met so far.
///
/// A scratch belongs to one worker and is never shared, so its properties skip Swift's
/// run-time exclusivity checks (`@exclusivity(unchecked)`; the compiler still checks
/// statically): `swift_beginAccess` ran on every score.
public final class ScorerScratch {
    /// Per feature of the model: its weight and ratio, and the last text it was counted in.
    struct Mark {
        var stamp: UInt32
        let weight: Float
        let ratio: Float
    }
    /// One load per feature met, not three: with the weights, ratios and stamps in three
    /// arrays of 40,000, each feature cost three cache misses (a third of all the scan's
    /// first-level misses were the scorer's). A copy per worker, as the stamps are.
    @exclusivity(unchecked) var marks = [Mark]()
    @exclusivity(unchecked) var generation: UInt32 = 0
    let words: WordFeatures
    /// A word's features while they are worked out.
    @exclusivity(unchecked) var pending = [Int32]()
    /// The model whose features `words` lists; another model starts it afresh. Held, not
    /// identified by address: a freed model's address could come back as another model's.
    @exclusivity(unchecked) private var model: LinearTextScorer?
    /// After a score: the byte range, in the scored text, of the word that weighed most
    /// towards a positive score; nil when none did.
    @exclusivity(unchecked) public internal(set) var strongestWord: Range<Int>?
    /// After a score: whether the scored text reads as prose.
    @exclusivity(unchecked) public internal(set) var shape = ProseShape()

    /// - Parameter cachedWords: most distinct words whose features are kept (tests set it low
    ///   to check that words past it score the same). On 110 MiB of real posts, 32,768 words
    ///   took 10 % off the scan's CPU and 131,072 words 14 %. The table of 131,072 words is
    ///   16 MB of address space, allocated when the first word is kept (mail never scores);
    ///   peak RSS of the posts with `--jobs 1`: 79 MB with the lists in an arena, 87 MB now.
    public init(cachedWords: Int = 1 << 17) {
        words = WordFeatures(capacity: cachedWords)
    }

    func begin(model scorer: LinearTextScorer) {
        strongestWord = nil
        if model !== scorer {
            model = scorer
            words.removeAll(featureCount: scorer.features.count)
            marks = scorer.markOrder.map { Mark(stamp: 0, weight: scorer.features[$0].weight, ratio: scorer.features[$0].ratio) }
            generation = 0
        }
        generation &+= 1
        if generation == 0 {
            marks.withUnsafeMutableBufferPointer { marks in
                for index in marks.indices { marks[index].stamp = 0 }
            }
            generation = 1
        }
    }
}

/// Per distinct word (its bytes, ASCII letters lower-cased), the model's features it holds:
/// an open-addressed table of at most `capacity` words. A word past the capacity is worked out
/// every time it is met.
///
/// Each slot is one 64-byte cache line holding the word's hash, its length and up to
/// ``inlineFeatures`` feature numbers (UInt16; 24 hold the features of 94 % of the words met
/// in the OLID and Davidson tweets, 80 % of the distinct ones), so a known word costs the one
/// line the scorer prefetches a few words ahead.
/// With the features in an arena beside the table, the slot pointed at them: a second miss,
/// in megabytes of lists, that could not be asked for before the slot had arrived, and most
/// of the scorer's stalls. A word with more features keeps them in ``overflow``.
///
/// A word is known by its 64-bit hash and its length, as the model knows its features by
/// their 64-bit hashes: with at most 131,072 words kept, two of them share both with odds
/// under one in 10⁹ per table, and a word looked up shares them with a kept one with odds
/// under one in 10¹⁴.
final class WordFeatures {
    static let slotBytes = 64
    static let inlineFeatures = 24
    /// Longer words are not kept (such runs are rare and seldom repeat).
    static let longestWord = 255
    /// Slot layout: hash (UInt64) at 0, length (UInt8, 0 for an empty slot) at 8, feature
    /// count (UInt16) at 10, where the features start in ``overflow`` (Int32) at 12 when they
    /// do not fit the slot, and the features themselves (UInt16) from 16.
    private static let lengthOffset = 8
    private static let countOffset = 10
    private static let overflowOffset = 12
    private static let featuresOffset = 16
    /// Allocated by the first word kept: a worker that scores nothing holds none.
    private var slots: UnsafeMutableRawPointer?
    private let mask: Int
    private let capacity: Int
    private var count = 0
    private var overflow = [UInt16]()
    /// Whether the model's feature numbers fit a UInt16: a model of more than 65,536
    /// features scores without the table.
    private(set) var keepsWords = true

    init(capacity: Int) {
        self.capacity = max(0, capacity)
        var size = 1
        while size < self.capacity * 2 { size <<= 1 }  // at most half full: a word not kept probes few lines
        mask = size - 1
    }

    deinit { releaseSlots() }

    /// The table's bytes: one slot per line.
    private var tableBytes: Int { (mask + 1) * Self.slotBytes }

    /// Whether ``slots`` is a mapping of its own (else the allocator's memory).
    private var isMapped = false

    /// The table's memory, zeros: pages the kernel maps and zeroes in one call (`MAP_POPULATE`),
    /// not the allocator's memory filled with zeros here, whose 4,096 pages each faulted in on
    /// its own: a tenth of a one-post scan's start, paid again by a second worker. (Left to
    /// fault in as words reach them, the pages faulted twice, read then written, and a scan
    /// of posts with two workers was 3 % slower.)
    private func zeroedTable() -> UnsafeMutableRawPointer {
        #if os(Linux)
            let mapped = mmap(nil, tableBytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0)
            if let mapped, mapped != MAP_FAILED {
                isMapped = true
                // Bound to UInt16 for the feature lists (the header is read and written as raw
                // bytes); binding writes nothing.
                mapped.bindMemory(to: UInt16.self, capacity: tableBytes / 2)
                return mapped
            }
        #endif
        isMapped = false
        let made = UnsafeMutableRawPointer.allocate(byteCount: tableBytes, alignment: Self.slotBytes)
        made.initializeMemory(as: UInt16.self, repeating: 0, count: tableBytes / 2)  // bound as above
        return made
    }

    private func releaseSlots() {
        guard let slots else { return }
        if isMapped { munmap(slots, tableBytes) } else { slots.deallocate() }
        self.slots = nil
    }

    /// Forgets every word, for a model with `featureCount` features.
    func removeAll(featureCount: Int) {
        releaseSlots()
        count = 0
        overflow.removeAll(keepingCapacity: true)
        keepsWords = featureCount <= Int(UInt16.max) + 1
    }

    /// The slot holding the word of `hash` and `length`, or the empty slot where it would go.
    @inline(__always) private func slot(hash: UInt64, length: Int, in slots: UnsafeMutableRawPointer) -> UnsafeMutableRawPointer {
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots + index &* Self.slotBytes
            let stored = slot.load(fromByteOffset: Self.lengthOffset, as: UInt8.self)
            if stored == 0 || (Int(stored) == length && slot.load(as: UInt64.self) == hash) { return slot }
            index = (index &+ 1) & mask
        }
    }

    /// Asks for the cache line of the slot a lookup of `hash` starts at.
    @inline(__always) func prefetch(hash: UInt64) {
        guard let slots else { return }
        leakscan_prefetch(slots + (Int(truncatingIfNeeded: hash) & mask) &* Self.slotBytes)
    }

    /// Calls `body` with the features of the word of `hash` and `length` and returns true
    /// when the word is known; returns false otherwise.
    @inline(__always) func withFeatures(
        hash: UInt64, length: Int, _ body: (UnsafeBufferPointer<UInt16>) -> Void
    ) -> Bool {
        guard let slots else { return false }
        let slot = slot(hash: hash, length: length, in: slots)
        guard slot.load(fromByteOffset: Self.lengthOffset, as: UInt8.self) != 0 else { return false }
        let count = Int(slot.load(fromByteOffset: Self.countOffset, as: UInt16.self))
        if count <= Self.inlineFeatures {
            body(UnsafeBufferPointer(start: (slot + Self.featuresOffset).assumingMemoryBound(to: UInt16.self), count: count))
        } else {
            let start = Int(slot.load(fromByteOffset: Self.overflowOffset, as: Int32.self))
            overflow.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[start..<(start + count)])) }
        }
        return true
    }

    /// Keeps `features` as those of the word of `hash` and `length` while there is room.
    func add(hash: UInt64, length: Int, features: [Int32]) {
        guard keepsWords, count < capacity, (1...Self.longestWord).contains(length), features.count <= Int(UInt16.max) else {
            return
        }
        let slots =
            self.slots
            ?? {
                let made = zeroedTable()
                self.slots = made
                return made
            }()
        let slot = slot(hash: hash, length: length, in: slots)
        slot.storeBytes(of: hash, as: UInt64.self)
        slot.storeBytes(of: UInt8(length), toByteOffset: Self.lengthOffset, as: UInt8.self)
        slot.storeBytes(of: UInt16(features.count), toByteOffset: Self.countOffset, as: UInt16.self)
        if features.count <= Self.inlineFeatures {
            let list = (slot + Self.featuresOffset).assumingMemoryBound(to: UInt16.self)
            for (index, feature) in features.enumerated() { list[index] = UInt16(truncatingIfNeeded: feature) }
        } else {
            slot.storeBytes(of: Int32(overflow.count), toByteOffset: Self.overflowOffset, as: Int32.self)
            overflow += features.lazy.map { UInt16(truncatingIfNeeded: $0) }
        }
        count += 1
    }
}
