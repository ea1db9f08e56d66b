import LeakScanPCRE2
import Testing

@Suite struct PCRE2PatternTests {
    func outcome(_ regex: PCRE2Pattern, _ text: [UInt8], from start: Int = 0, scratch: MatchScratch) -> MatchOutcome {
        text.withUnsafeBufferPointer { regex.firstMatch(in: $0, from: start, scratch: scratch) }
    }

    @Test func compileErrorCarriesPCRE2MessageAndOffset() {
        #expect(throws: RegexCompileError.self) { try PCRE2Pattern("abc(def") }
        do {
            _ = try PCRE2Pattern("ab[c")
            Issue.record("expected a compile error")
        } catch {
            #expect(error.message.contains("missing terminating ]"))
            #expect(error.offset == 4)
        }
    }

    @Test func jitIsUsedWhenAvailable() throws {
        let regex = try PCRE2Pattern("\\d{3}")
        #expect(regex.isJITCompiled == PCRE2Pattern.isJITAvailable)
        #expect(PCRE2Pattern.isJITAvailable, "this PCRE2 build has no JIT; scans will be slow")
    }

    @Test func matchesBytesAndReportsByteRanges() throws {
        let regex = try PCRE2Pattern("(?<value>\\d+)")
        let scratch = MatchScratch(maxCaptureCount: regex.captureCount)
        let text = Array("abc 12345 x".utf8)
        #expect(outcome(regex, text, scratch: scratch) == .match(4..<9))
        #expect(regex.groupNumber(named: "value") == 1)
        #expect(scratch.range(ofGroup: 1) == 4..<9)
        #expect(outcome(regex, text, from: 9, scratch: scratch) == .noMatch)
    }

    @Test func invalidUTF8NeverFailsAMatch() throws {
        let regex = try PCRE2Pattern("caf\u{e9}\\s+\\w+", options: [.caseless])
        let scratch = MatchScratch(maxCaptureCount: 0)
        // Broken bytes (a lone continuation byte, an overlong form, 0xFF) around valid text.
        var text: [UInt8] = [0x80, 0xC0, 0xAF, 0xFF]
        text += Array("CAF\u{c9} noir".utf8)
        text += [0xFE]
        guard case .match(let range) = outcome(regex, text, scratch: scratch) else {
            Issue.record("no match across invalid UTF-8")
            return
        }
        #expect(range.lowerBound == 4)
    }

    @Test func flagsChangeMatching() throws {
        let text = Array("first\nSECRET\n".utf8)
        let scratch = MatchScratch(maxCaptureCount: 0)
        #expect(outcome(try PCRE2Pattern("^secret$"), text, scratch: scratch) == .noMatch)
        #expect(outcome(try PCRE2Pattern("^secret$", options: [.caseless, .multiline]), text, scratch: scratch) == .match(6..<12))
        #expect(outcome(try PCRE2Pattern("s e c r e t", options: [.caseless, .extended]), text, scratch: scratch) == .match(6..<12))
    }

    @Test func matchLimitStopsCatastrophicBacktrackingAndIsCounted() throws {
        let regex = try PCRE2Pattern("^(a+)+$")
        let scratch = MatchScratch(maxCaptureCount: regex.captureCount, limits: MatchLimits(matchLimit: 10_000))
        let text = Array(String(repeating: "a", count: 40).utf8) + [UInt8(ascii: "b")]
        #expect(outcome(regex, text, scratch: scratch) == .limitExceeded)
        #expect(scratch.limitHits == 1)
        // The same scratch keeps working afterwards.
        #expect(outcome(regex, Array("aaa".utf8), scratch: scratch) == .match(0..<3))
    }

    @Test func oneScratchServesManyPatterns() throws {
        let patterns = try (0..<20).map { try PCRE2Pattern("(x)(\\d{\($0 + 1)})") }
        let scratch = MatchScratch(maxCaptureCount: patterns.map(\.captureCount).max()!)
        let text = Array("x12345678901234567890".utf8)
        for (index, regex) in patterns.enumerated() {
            #expect(outcome(regex, text, scratch: scratch) == .match(0..<(index + 2)))
            #expect(scratch.range(ofGroup: 2) == 1..<(index + 2))
        }
    }
}
