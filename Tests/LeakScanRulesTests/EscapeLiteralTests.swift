import LeakScanPCRE2
import LeakScanRules
import Testing

@Suite struct EscapeLiteralTests {
    /// An escaped text compiled by PCRE2 (plain and in extended mode, where an unescaped space
    /// or `#` would be dropped) matches that text and nothing one character different: 3,000
    /// random texts of metacharacters, letters, spaces and multi-byte characters.
    @Test func escapedTextsMatchThemselvesOnly() throws {
        let alphabet = Array("\\^$.|?*+()[]{}#-/ aZ9é€😀")
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        let scratch = MatchScratch(maxCaptureCount: 0)
        for _ in 0..<3000 {
            let text = String((0..<(1 + next(12))).map { _ in alphabet[next(alphabet.count)] })
            var other = Array(text)
            other[next(other.count)] = "x"
            for options in [RegexOptions(), .extended] {
                let pattern = try PCRE2Pattern("\\A" + escapeLiteral(text) + "\\z", options: options)
                func matches(_ subject: String) -> Bool {
                    Array(subject.utf8).withUnsafeBufferPointer { pattern.matches($0, scratch: scratch) }
                }
                #expect(matches(text), "\(text.debugDescription)")
                #expect(!matches(String(other)), "\(text.debugDescription) against \(String(other).debugDescription)")
            }
        }
    }
}
