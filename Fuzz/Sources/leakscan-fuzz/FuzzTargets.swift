import Foundation
import LeakScanFuzzTargets

/// The target this process fuzzes, from `LEAKSCAN_FUZZ_TARGET`.
let selected: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["LEAKSCAN_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTargets.all.first(where: { $0.name == name }) else {
        let names = FuzzTargets.all.map { "  \($0.name): \($0.summary)" }.joined(separator: "\n")
        FileHandle.standardError.write(Data("set LEAKSCAN_FUZZ_TARGET to one of:\n\(names)\n".utf8))
        exit(2)
    }
    return target
}()

/// libFuzzer's driver, linked in by `-sanitize=fuzzer`.
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// The executable's entry point under the name SwiftPM links `main` to; it hands control to
/// libFuzzer's driver (libFuzzer's own `main` is then not linked).
@_cdecl("leakscan_fuzz_main")
func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    _ = selected
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments) { data, size in
        selected.run(size == 0 ? [] : Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }
}
