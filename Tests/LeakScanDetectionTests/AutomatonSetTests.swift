import Foundation
import LeakScanRules
import Testing

@testable import LeakScanDetection

/// The automata of posts and of mail are built when a worker first scans that kind of text,
/// once, however many workers ask at the same time.
@Suite struct AutomatonSetTests {
    static func detector() -> Detector {
        Detector(ruleSet: MaskingTests.rules, fingerprinter: Fingerprinter(key: Array("automaton-set-key".utf8)))
    }

    @Test func eachKindOfTextBuildsOnlyItsOwnAutomata() {
        let detector = Self.detector()
        #expect(detector.automata !== detector.mailAutomata, "the shipped rules have posts-only scorer rules")
        #expect(!detector.automata.isBuilt && !detector.mailAutomata.isBuilt)
        let scratch = detector.makeScratch()
        let text = Array("Subject: op BLUEBIRD\n\nThe raid on op BLUEBIRD is at dawn, you idiot.".utf8)
        let mail = text.withUnsafeBufferPointer { detector.findings(in: $0, scratch: scratch, isPost: false) }
        #expect(!mail.isEmpty)
        #expect(detector.mailAutomata.isBuilt && !detector.automata.isBuilt)
        let post = text.withUnsafeBufferPointer { detector.findings(in: $0, scratch: scratch, isPost: true) }
        #expect(post.count >= mail.count)
        #expect(detector.automata.isBuilt)
    }

    @Test func workersShareOneBuild() {
        let detector = Self.detector()
        final class Seen: @unchecked Sendable {
            let lock = NSLock()
            var automata = [[ObjectIdentifier]]()
        }
        let seen = Seen()
        DispatchQueue.concurrentPerform(iterations: 8) { _ in
            let scratch = detector.makeScratch()
            let first = scratch.caches(for: detector.automata)
            // A worker's second ask reuses its caches.
            let again = scratch.caches(for: detector.automata)
            let identities = first.map { ObjectIdentifier($0.automaton) }
            let reused = zip(first, again).allSatisfy { $0 === $1 }
            seen.lock.withLock { seen.automata.append(reused ? identities : []) }
        }
        #expect(seen.automata.count == 8)
        #expect(seen.automata[0].count == 2, "the derogatory rules' automaton and the others'")
        #expect(seen.automata.allSatisfy { $0 == seen.automata[0] })
    }
}
