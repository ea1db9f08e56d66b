import CPCRE2

/// A compiled, JIT-compiled PCRE2 pattern.
///
/// SAFETY: PCRE2 documents that compiled code (including its JIT code) is immutable after
/// `pcre2_jit_compile` and may be shared between threads; all per-match state lives in a
/// ``MatchScratch``, which is owned by exactly one worker. Hence `@unchecked Sendable`.
public final class PCRE2Pattern: @unchecked Sendable {
    let code: OpaquePointer
    /// The source pattern, kept for error messages and for exporting rules to other tools.
    public let pattern: String
    /// The options it was compiled with (excluding the always-on UTF options).
    public let options: RegexOptions
    /// Number of capturing groups in the pattern.
    public let captureCount: Int
    /// Whether PCRE2's JIT compiler accepted the pattern (it falls back to the interpreter if not).
    public let isJITCompiled: Bool

    /// Compiles `pattern`, then JIT-compiles it when the platform supports JIT.
    public init(_ pattern: String, options: RegexOptions = []) throws(RegexCompileError) {
        var errorCode: Int32 = 0
        var errorOffset: Int = 0
        // PCRE2_USE_OFFSET_LIMIT lets a search be told where a match may start at the latest
        // (windowed confirmation around prefilter hits); unset, it changes nothing.
        let flags = options.rawValue | PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | PCRE2_USE_OFFSET_LIMIT
        let utf8 = Array(pattern.utf8)
        let compiled = utf8.withUnsafeBufferPointer { buffer in
            pcre2_compile_8(buffer.baseAddress, buffer.count, flags, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            throw RegexCompileError(message: Self.errorMessage(errorCode), offset: errorOffset)
        }
        code = compiled
        self.pattern = pattern
        self.options = options
        var count: UInt32 = 0
        pcre2_pattern_info_8(compiled, UInt32(PCRE2_INFO_CAPTURECOUNT), &count)
        captureCount = Int(count)
        isJITCompiled = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
    }

    deinit { pcre2_code_free_8(code) }

    /// Every named capturing group, read from PCRE2's name table; with `(?J)` one name may
    /// stand for several groups (a rule marks each sensitive part of its match with a group
    /// named `value` or `value_…`).
    public var namedGroups: [(name: String, number: Int)] {
        var count: UInt32 = 0
        var entrySize: UInt32 = 0
        var table: UnsafePointer<UInt8>?
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMECOUNT), &count)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMEENTRYSIZE), &entrySize)
        pcre2_pattern_info_8(code, UInt32(PCRE2_INFO_NAMETABLE), &table)
        guard let table, count > 0 else { return [] }
        var names = [(name: String, number: Int)]()
        for index in 0..<Int(count) {
            // Each entry: the group number in two bytes (big-endian), then the zero-terminated name.
            let entry = table + index * Int(entrySize)
            let number = Int(entry[0]) << 8 | Int(entry[1])
            names.append((String(cString: entry + 2), number))
        }
        return names
    }

    /// The number of the named capturing group `name`, or nil if the pattern has none.
    public func groupNumber(named name: String) -> Int? {
        let number = pcre2_substring_number_from_name_8(code, name)
        return number > 0 ? Int(number) : nil
    }

    /// Finds the leftmost match starting at or after byte `start` of `subject` and, when
    /// `latestStart` is given, no later than that byte. The match itself may run past it, and
    /// look-arounds see the whole subject, so a match found is the one an unlimited search
    /// starting there finds.
    ///
    /// After `.match`, the capture groups can be read from `scratch` until its next use.
    public func firstMatch(
        in subject: UnsafeBufferPointer<UInt8>, from start: Int, latestStart: Int? = nil, scratch: MatchScratch
    ) -> MatchOutcome {
        pcre2_set_offset_limit_8(scratch.matchContext, latestStart ?? leakscan_pcre2_unset())
        let rc = pcre2_match_8(
            code, subject.baseAddress, subject.count, start, 0, scratch.matchData, scratch.matchContext)
        if rc >= 0 {
            return .match(scratch.range(ofGroup: 0)!)
        }
        switch rc {
        case PCRE2_ERROR_NOMATCH:
            return .noMatch
        case PCRE2_ERROR_MATCHLIMIT, PCRE2_ERROR_DEPTHLIMIT, PCRE2_ERROR_JIT_STACKLIMIT:
            scratch.limitHits += 1
            return .limitExceeded
        default:
            return .failed(Self.errorMessage(rc))
        }
    }

    /// Whether the pattern matches anywhere in `subject`.
    public func matches(_ subject: UnsafeBufferPointer<UInt8>, scratch: MatchScratch) -> Bool {
        if case .match = firstMatch(in: subject, from: 0, scratch: scratch) { return true }
        return false
    }

    static func errorMessage(_ code: Int32) -> String {
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = buffer.withUnsafeMutableBufferPointer {
            pcre2_get_error_message_8(code, $0.baseAddress, $0.count)
        }
        return length > 0 ? String(decoding: buffer[..<Int(length)], as: UTF8.self) : "PCRE2 error \(code)"
    }

    /// Whether this build of PCRE2 has a JIT compiler for this CPU.
    public static var isJITAvailable: Bool {
        var available: UInt32 = 0
        pcre2_config_8(UInt32(PCRE2_CONFIG_JIT), &available)
        return available == 1
    }
}
