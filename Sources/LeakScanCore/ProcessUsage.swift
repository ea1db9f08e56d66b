import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// This process's resource use: what a scan and a benchmark report beside their speed.
public enum ProcessUsage {
    /// Peak resident set size: Linux's `VmHWM`, the high-water mark of this program's own
    /// memory. `getrusage`'s `ru_maxrss` counts the process from before it started this program:
    /// spawned by a large one (a test runner, a Python wrapper holding 800 MB), it reported the
    /// parent's size (814 MiB for a scan of seven messages). It is the fallback elsewhere.
    public static func peakResidentMebibytes() -> Double {
        highWaterKibibytes().map { Double($0) / 1024 } ?? Double(current().ru_maxrss) / 1024
    }

    /// `VmHWM` from `/proc/self/status`, in KiB; nil where there is none.
    static func highWaterKibibytes() -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") })
        else { return nil }
        return Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "")
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
