import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// This process's resource use, from `getrusage`: what a scan and a benchmark report beside
/// their speed.
public enum ProcessUsage {
    /// Peak resident set size (Linux reports `ru_maxrss` in KiB).
    public static func peakResidentMebibytes() -> Double {
        Double(current().ru_maxrss) / 1024
    }

    /// User plus system CPU time so far.
    public static func cpuSeconds() -> Double {
        let usage = current()
        return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
    }

    private static func current() -> rusage {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return usage
    }
}
