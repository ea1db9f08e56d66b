import Foundation
import Testing

@testable import LeakScanScoring

@Suite struct DecimalFloatTests {
    static func parse(_ text: String) -> Float? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalFloat.parse($0[...]) }
    }

    static func fast(_ text: String) -> Float? {
        Array(text.utf8).withUnsafeBufferPointer { DecimalFloat.fast($0[...]) }
    }

    /// Random decimals of the model's form and others agree with `Float(String)` to the bit,
    /// and the fast path takes the model's form.
    @Test func agreesWithTheStandardLibrary() {
        var generator = SystemRandomNumberGenerator()
        var taken = 0
        for _ in 0..<50_000 {
            let integer = String(Int.random(in: 0...999_999, using: &generator) >> Int.random(in: 0...19, using: &generator))
            let fraction = String(
                (0..<Int.random(in: 0...16, using: &generator)).map { _ in "0123456789".randomElement(using: &generator)! })
            let text = (Bool.random(using: &generator) ? "-" : "") + integer + (fraction.isEmpty ? "" : "." + fraction)
            #expect(Self.parse(text)?.bitPattern == Float(text)?.bitPattern, "\(text)")
            taken += Self.fast(text) == nil ? 0 : 1
        }
        #expect(taken > 30_000)
        for text in ["", "-", ".5", "5.", "1e3", "+1", "1.2.3", "0x1p3", "-0.0", "1" + String(repeating: "0", count: 40), "nan", " 1"] {
            #expect(Self.parse(text)?.bitPattern == Float(text)?.bitPattern, "\(text)")
        }
    }

    /// A `Double` halfway between two floats may itself be a rounded decimal, and rounding it
    /// again to `Float` would go to even, not towards the decimal: such numbers leave the fast
    /// path. Integers past 2^24 (floats 2, 4, 8 apart) put decimals on those midpoints.
    @Test func leavesMidpointsToStrtof() {
        for shift in 24...30 {
            let spacing = 1 << (shift - 23)
            for step in 0..<200 {
                let midpoint = (1 << shift) + step * spacing + spacing / 2
                for text in [String(midpoint), String(midpoint) + ".0", "-" + String(midpoint)] {
                    #expect(Self.fast(text) == nil, "\(text)")
                    #expect(Self.parse(text)?.bitPattern == Float(text)?.bitPattern, "\(text)")
                }
                let offMidpoint = String(midpoint + 1)
                #expect(Self.fast(offMidpoint)?.bitPattern == Float(offMidpoint)?.bitPattern, "\(offMidpoint)")
            }
        }
    }
}
