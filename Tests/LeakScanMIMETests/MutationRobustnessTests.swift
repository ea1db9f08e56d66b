import Foundation
import LeakScanFraming
import LeakScanMIME
import LeakScanSynth
import Testing

/// Hard to break: real messages, damaged at random (bytes flipped, cut short, boundaries and
/// encodings mangled, headers duplicated), go through mbox splitting and the MIME walk. Nothing
/// may crash or hang; every damaged message yields a document or a clean "corrupt" error.
@Suite struct MutationRobustnessTests {
    static func samples() -> [[UInt8]] {
        let directories = ["cpython-test-email/data", "mime4j/core/src/test/resources/testmsgs", "spamassassin/t/data/nice"]
        var messages = [[UInt8]]()
        for directory in directories {
            let url = corpora.appendingPathComponent(directory)
            for name in ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted().prefix(25) {
                if let data = try? Data(contentsOf: url.appendingPathComponent(name)), data.count < 200_000, data.count > 0 {
                    messages.append(Array(data))
                }
            }
        }
        return messages
    }

    static func mutate(_ message: [UInt8], using random: inout SplitMix64) -> [UInt8] {
        var bytes = message
        for _ in 0..<Int.random(in: 1...6, using: &random) {
            guard !bytes.isEmpty else { break }
            let at = Int.random(in: 0..<bytes.count, using: &random)
            switch Int.random(in: 0..<7, using: &random) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &random)
            case 1: bytes.removeSubrange(at...)
            case 2: bytes.insert(contentsOf: Array("\n--".utf8), at: at)
            case 3: bytes.insert(contentsOf: Array("\nContent-Transfer-Encoding: base64\n".utf8), at: at)
            case 4: bytes.insert(contentsOf: Array("=?UTF-8?B?".utf8), at: at)
            case 5: bytes.insert(contentsOf: bytes[at..<min(bytes.count, at + 200)], at: at)
            default: bytes.insert(contentsOf: Array("Content-Type: multipart/mixed; boundary=\"\"\n\n".utf8), at: at)
            }
        }
        return bytes
    }

    @Test func damagedMessagesNeverCrashTheReaderOrTheWalk() throws {
        var random = SplitMix64(seed: 20_091_126)
        let builder = EmailDocumentBuilder()
        var documents = 0
        var corrupt = 0
        let samples = Self.samples()
        #expect(samples.count > 50)
        for sample in samples {
            for _ in 0..<40 {
                let damaged = Self.mutate(sample, using: &random)
                let path = NSTemporaryDirectory() + "leakscan-mutation.eml"
                try Data(damaged).write(to: URL(fileURLWithPath: path))
                for raw in try MboxReader(path: path) {
                    do {
                        let (document, _) = try builder.document(from: raw, source: path)
                        #expect(document.units.allSatisfy { $0.bytes.count <= damaged.count * 4 + 1024 })
                        documents += 1
                    } catch {
                        corrupt += 1
                    }
                }
            }
        }
        #expect(documents > corrupt)
    }

    @Test func damagedSocialExportsNeverCrash() throws {
        var random = SplitMix64(seed: 7)
        let samples: [(String, String)] = [
            (
                "tweets.js",
                "window.YTD.tweets.part0 = [ {\n \"tweet\" : {\n \"id_str\" : \"42\",\n \"full_text\" : \"NI AB 12 34 56 C\",\n \"created_at\" : \"Wed Oct 10 20:19:24 +0000 2018\",\n }\n}, { \"tweet\": {\"full_text\": \"hi [x] {y}\"} } ]"
            ),
            ("posts.csv", "id,author,text\n1,alice,\"multi\nline \"\"quoted\"\"\"\n2,bob,hello\n"),
            ("posts.jsonl", "{\"id\":\"1\",\"text\":\"a\"}\n{\"id\":\"2\",\"text\":\"L\\u00c3\\u00b8ye\"}\n"),
            ("fb.json", "{\"status_updates_v2\": [{\"timestamp\": 1257253500, \"data\": [{\"post\": \"x\"}]}]}"),
        ]
        let posts = PostDocumentBuilder()
        var read = 0
        for (name, text) in samples {
            for _ in 0..<300 {
                let damaged = Self.mutate(Array(text.utf8), using: &random)
                let path = NSTemporaryDirectory() + "leakscan-mutation-" + name
                try Data(damaged).write(to: URL(fileURLWithPath: path))
                let reader = try ArchiveReader(path: path)
                for item in reader {
                    if case .post(let raw) = item { _ = try? posts.document(from: raw, source: path) }
                    read += 1
                }
            }
        }
        #expect(read > 500)
    }
}
