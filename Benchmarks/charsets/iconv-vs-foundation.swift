// Why LeakScan converts charsets with iconv rather than Foundation: speed on the same bytes,
// which encodings each knows on Linux, and what each does with one invalid byte.
// Run: Benchmarks/charsets/run.sh
import Foundation
#if canImport(Glibc)
    import Glibc
#endif

func iconvConvert(_ input: [UInt8], from charset: String) -> [UInt8]? {
    let descriptor = iconv_open("UTF-8", charset)
    guard let descriptor, Int(bitPattern: descriptor) != -1 else { return nil }
    defer { iconv_close(descriptor) }
    var output = [UInt8](repeating: 0, count: input.count * 4 + 16)
    var input = input
    let produced = input.withUnsafeMutableBufferPointer { source in
        output.withUnsafeMutableBufferPointer { target -> Int in
            source.baseAddress!.withMemoryRebound(to: CChar.self, capacity: source.count) { inBase in
                target.baseAddress!.withMemoryRebound(to: CChar.self, capacity: target.count) { outBase in
                    var inPointer: UnsafeMutablePointer<CChar>? = inBase
                    var inLeft = source.count
                    var outPointer: UnsafeMutablePointer<CChar>? = outBase
                    var outLeft = target.count
                    while inLeft > 0 {
                        if iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft) == -1 {
                            inPointer = inPointer! + 1  // skip a bad byte, as LeakScan does
                            inLeft -= 1
                        }
                    }
                    return target.count - outLeft
                }
            }
        }
    }
    return Array(output[..<produced])
}

func time(_ body: () -> Void) -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

let cases: [(String, String.Encoding?)] = [
    ("WINDOWS-1251", .windowsCP1251),
    ("SHIFT_JIS", .shiftJIS),
    ("ISO-8859-2", .isoLatin2),
    ("KOI8-R", nil),
    ("GB2312", nil),
    ("BIG5", nil),
]
print("| charset | MiB | iconv s | Foundation s | Foundation on one bad byte |")
print("|---|---:|---:|---:|---|")
for (name, encoding) in cases {
    // run.sh wrote the sample in this charset; repeat it to ~16 MiB.
    let encodedUnit = Array(try! Data(contentsOf: URL(fileURLWithPath: "/tmp/charset-\(name).bin")))
    var input = [UInt8]()
    while input.count < 16 << 20 { input += encodedUnit }
    var iconvResult = [UInt8]()
    let iconvSeconds = time { iconvResult = iconvConvert(input, from: name)! }
    var foundationCell = "not available on Linux"
    var badByteCell = "-"
    if let encoding {
        var foundationResult: String?
        let seconds = time { foundationResult = String(data: Data(input), encoding: encoding) }
        foundationCell = String(format: "%.3f", seconds)
        precondition(foundationResult.map { Array($0.utf8) } == iconvResult, "results differ for \(name)")
        var broken = encodedUnit
        broken.insert(0xFF, at: broken.count / 2)
        badByteCell = String(data: Data(broken), encoding: encoding) == nil ? "whole conversion fails (nil)" : "converts"
    }
    print("| \(name) | \(input.count >> 20) | \(String(format: "%.3f", iconvSeconds)) | \(foundationCell) | \(badByteCell) |")
}
