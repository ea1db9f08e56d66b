import Foundation
import Testing

@testable import LeakScanExtract

/// OpenPGP messages as GnuPG writes them now, read without a key, with GnuPG's own output of
/// each message (`gpg --decrypt`, which prints what was signed or stored) as the oracle.
@Suite struct OpenPGPMessageTests {
    /// GnuPG's messages: the name of each, and its bytes.
    static func messages() throws -> (directory: String, files: [String: [UInt8]]) {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("openpgp-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: work, withIntermediateDirectories: true)
        // Text long enough that a message read from a pipe is written in partial lengths
        // (each a power of two, at least 512 bytes), with a NINO near its end.
        let script = #"""
            set -e
            cd "$1"
            export GNUPGHOME="$PWD/gnupg"
            mkdir -m 700 gnupg
            gpg --batch --quiet --passphrase '' --quick-gen-key 'Jo Bloggs <jo@example.police.uk>' default default never 2>/dev/null
            seq 1 3000 | sed 's/^/line of the duty roster /' > rota.txt
            printf 'the NINO is AB 12 34 56 C\n' >> rota.txt
            sign="gpg --batch --quiet --pinentry-mode loopback --passphrase ''"
            $sign --output zip.gpg --compress-algo zip --sign rota.txt
            $sign --output zlib.gpg --compress-algo zlib --sign rota.txt
            $sign --output bzip2.gpg --compress-algo bzip2 --sign rota.txt
            $sign --output none.gpg --compress-algo none --sign rota.txt
            $sign --armor --output zip.asc --sign rota.txt
            gpg --batch --quiet --output stored.gpg --store rota.txt
            $sign --compress-algo none --sign < rota.txt > piped.gpg
            $sign --sign < rota.txt > piped-zip.gpg
            gpg --batch --quiet --trust-model always --recipient jo@example.police.uk --output to-key.gpg --encrypt rota.txt
            gpg --batch --quiet --pinentry-mode loopback --passphrase secret --output to-passphrase.gpg --symmetric rota.txt
            $sign --output rota.txt.sig --detach-sign rota.txt
            gpg --batch --quiet --output key.gpg --export jo@example.police.uk
            for name in zip zlib bzip2 none stored piped piped-zip; do gpg --batch --quiet --output "$name.out" --decrypt "$name.gpg" 2>/dev/null; done
            """#
        let status = try run(["sh", "-c", script, "sh", work]).status
        #expect(status == 0, "GnuPG could not write the messages")
        var files = [String: [UInt8]]()
        for name in try FileManager.default.contentsOfDirectory(atPath: work) where !name.hasPrefix("gnupg") {
            files[name] = Array(try Data(contentsOf: URL(fileURLWithPath: work + "/" + name)))
        }
        return (work, files)
    }

    /// Signed with each compression GnuPG offers, stored, piped (partial lengths): the literal
    /// data is GnuPG's own output byte for byte, under the file's name; encrypted messages are
    /// told as such; a detached signature and a key are not messages.
    @Test func readsWhatGnuPGWroteAsGnuPGReadsIt() throws {
        let (work, files) = try Self.messages()
        defer { try? FileManager.default.removeItem(atPath: work) }
        for name in ["zip", "zlib", "bzip2", "none", "stored", "piped", "piped-zip"] {
            let message = try #require(files[name + ".gpg"], "\(name).gpg")
            let oracle = try #require(files[name + ".out"], "\(name).out")
            #expect(ContentKind.of(message) == .openPGP, "\(name)")
            let contents = OpenPGPMessage.read(message, maxBytes: 64 << 20)
            #expect(contents.problems.isEmpty, "\(name): \(contents.problems)")
            #expect(contents.files.count == 1, "\(name)")
            #expect(contents.files.first?.bytes == oracle, "\(name): \(contents.files.first?.bytes.count ?? 0) bytes, gpg \(oracle.count)")
            // A message read from a pipe has no file name.
            #expect(contents.files.first?.name == (name.hasPrefix("piped") ? nil : "rota.txt"), "\(name)")
        }
        for name in ["to-key.gpg", "to-passphrase.gpg"] {
            let message = try #require(files[name])
            #expect(ContentKind.of(message) == .openPGP, "\(name)")
            let contents = OpenPGPMessage.read(message, maxBytes: 64 << 20)
            #expect(contents.files.isEmpty, "\(name)")
            #expect(contents.problems.map(\.kind) == [.encrypted], "\(name): \(contents.problems)")
        }
        for name in ["rota.txt.sig", "key.gpg", "zip.asc"] {
            #expect(ContentKind.of(try #require(files[name])) != .openPGP, "\(name)")
        }
    }

    /// A message cut short anywhere gives what it holds up to the cut and says it is damaged;
    /// nothing is read past the bytes there are.
    @Test func aMessageCutShortIsReportedDamaged() throws {
        let (work, files) = try Self.messages()
        defer { try? FileManager.default.removeItem(atPath: work) }
        for name in ["zip.gpg", "bzip2.gpg", "none.gpg", "piped.gpg"] {
            let message = try #require(files[name])
            let oracle = try #require(files[name.replacingOccurrences(of: ".gpg", with: ".out")])
            for cut in stride(from: 1, to: message.count, by: max(1, message.count / 40)) {
                let contents = OpenPGPMessage.read(Array(message.prefix(cut)), maxBytes: 64 << 20)
                #expect(contents.problems.contains { $0.kind == .damaged }, "\(name) cut at \(cut)")
                for file in contents.files { #expect(oracle.starts(with: file.bytes), "\(name) cut at \(cut)") }
            }
        }
    }

    /// The limit holds: a message whose literal data is larger is read up to it and says so.
    @Test func literalDataPastTheLimitIsCut() throws {
        let (work, files) = try Self.messages()
        defer { try? FileManager.default.removeItem(atPath: work) }
        for name in ["zip.gpg", "none.gpg"] {
            let contents = OpenPGPMessage.read(try #require(files[name]), maxBytes: 1000)
            #expect(contents.files.reduce(0) { $0 + $1.bytes.count } <= 1000, "\(name)")
            #expect(contents.problems.contains { $0.kind == .limit }, "\(name): \(contents.problems)")
        }
    }

    /// Text that opens with a byte a packet header can start with (Latin-1 `¬`, `®`; UTF-8
    /// leads) is text; and where such text does pass for a literal packet's header, the
    /// extractor still reads it as text.
    @Test func textIsNotTakenForAMessage() {
        let texts: [[UInt8]] = [
            [0xAC] + Array(" btw the NINO is AB 12 34 56 C".utf8),
            [0xAE] + Array(" Registered: the NINO is AB 12 34 56 C".utf8),
            Array("Ë the NINO is AB 12 34 56 C".utf8), Array("Ëb the NINO is AB 12 34 56 C".utf8),
            Array("Ä Müller: the NINO is AB 12 34 56 C".utf8),
            [0xAC, 0x7A] + Array("bat the NINO is AB 12 34 56 C and more words after it to fill the packet length it declares, ".utf8)
                + Array(repeating: UInt8(ascii: "x"), count: 120),
        ]
        for text in texts {
            let extraction = AttachmentExtractor().extract(text, name: "note.txt")
            #expect(extraction.problems.isEmpty, "\(text.prefix(8)): \(extraction.problems)")
            #expect(extraction.parts.count == 1, "\(text.prefix(8))")
            if case .plain(let bytes) = extraction.parts.first?.content {
                #expect(bytes == text)
            } else {
                Issue.record("\(text.prefix(8)) not read as text")
            }
        }
    }

    /// Random bytes (what base64 lines that encode no file decode to) pass for a message rarely:
    /// a packet's tag, its length and the first bytes of its body must all fit. Two such blocks
    /// in the corpora's mail were reported as damaged messages before the body was checked.
    @Test func randomBytesAreRarelyTakenForAMessage() {
        var generator = SystemRandomNumberGenerator()
        let trials = 50_000
        var taken = 0
        for _ in 0..<trials {
            let bytes = (0..<64).map { _ in UInt8.random(in: 0...255, using: &generator) }
            if OpenPGPMessage.startsMessage(bytes[...]) { taken += 1 }
        }
        #expect(Double(taken) / Double(trials) < 0.001, "\(taken) of \(trials)")
    }
}
