import CPCRE2

/// Limits that stop one hostile message or pattern from stalling a scan.
public struct MatchLimits: Sendable, Equatable {
    /// PCRE2's match limit (calls of its internal match function; also applies under JIT).
    public var matchLimit: UInt32
    /// PCRE2's depth limit (backtracking depth for the interpreter).
    public var depthLimit: UInt32
    /// Largest JIT stack a worker may grow to, in bytes.
    public var jitStackBytes: Int

    public init(matchLimit: UInt32 = 1_000_000, depthLimit: UInt32 = 10_000, jitStackBytes: Int = 1 << 20) {
        self.matchLimit = matchLimit
        self.depthLimit = depthLimit
        self.jitStackBytes = jitStackBytes
    }
}

/// Per-worker match state: one match-data block, match context and JIT stack, created once
/// and reused for every message and rule that worker handles. Never shared between threads.
public final class MatchScratch {
    let matchData: OpaquePointer
    let matchContext: OpaquePointer
    let jitStack: OpaquePointer?
    /// How many match attempts the limits have stopped since this scratch was created.
    public internal(set) var limitHits = 0

    /// - Parameter maxCaptureCount: the largest capture count of any regex this scratch will
    ///   be used with, so one block serves them all.
    public init(maxCaptureCount: Int, limits: MatchLimits = MatchLimits()) {
        matchData = pcre2_match_data_create_8(UInt32(maxCaptureCount + 1), nil)!
        matchContext = pcre2_match_context_create_8(nil)!
        pcre2_set_match_limit_8(matchContext, limits.matchLimit)
        pcre2_set_depth_limit_8(matchContext, limits.depthLimit)
        jitStack = pcre2_jit_stack_create_8(32 * 1024, max(32 * 1024, limits.jitStackBytes), nil)
        if let jitStack {
            pcre2_jit_stack_assign_8(matchContext, nil, UnsafeMutableRawPointer(jitStack))
        }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(matchContext)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// Byte range of capture group `group` from the last successful match, or nil if that
    /// group did not take part in it.
    public func range(ofGroup group: Int) -> Range<Int>? {
        guard group < Int(pcre2_get_ovector_count_8(matchData)) else { return nil }
        let ovector = pcre2_get_ovector_pointer_8(matchData)!
        let start = ovector[2 * group]
        let end = ovector[2 * group + 1]
        if start == leakscan_pcre2_unset() || end < start { return nil }
        return start..<end
    }
}
