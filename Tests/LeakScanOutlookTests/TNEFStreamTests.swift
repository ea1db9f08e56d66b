import Foundation
import LeakScanCrypto
import Testing

@testable import LeakScanOutlook

/// The TNEF reader against tnefparse (PyPI) on real `winmail.dat` files: the examples of
/// tnefparse's source distribution (Outlook and Exchange output collected by the tnef and
/// tnefparse projects), which `scripts/setup` fetches into `.build/test-data`.
@Suite struct TNEFStreamTests {
    static let samples = repository.appendingPathComponent(".build/test-data/tnefparse-1.4.0/tests/examples")

    /// What tnefparse reads from each file: each attachment's name and the SHA-256 of its
    /// bytes (or that it is an attached message), and the start of the compressed RTF body. tnefparse drops a value's trailing NUL
    /// bytes and keeps the 16-byte interface identifier an OLE object's value starts with; the
    /// reader keeps the value as declared and drops the identifier (what follows it is the OLE
    /// file, readable as one). Both sides are compared without trailing NULs and identifiers.
    static let oracle = """
        import hashlib, json, logging, sys, tnefparse
        logging.disable(logging.CRITICAL)
        out = {}
        for path in sys.argv[1:]:
            try:
                tnef = tnefparse.TNEF(open(path, "rb").read(), do_checksum=False)
            except Exception as error:
                out[path] = None
                continue
            def described(attachment):
                data = (attachment.data or b"").rstrip(b"\\0")
                if data.startswith(bytes.fromhex("789f3e22")):
                    return "message"  # an attached message, a TNEF stream of its own
                if len(data) > 16 and data[8:16] == bytes.fromhex("c000000000000046"):
                    data = data[16:]
                return hashlib.sha256(data).hexdigest()
            files = [[a.long_filename() or a.name or "", described(a)] for a in tnef.attachments]
            rtf = getattr(tnef, "rtfbody", None)
            out[path] = {"files": files, "rtf": rtf[:200].decode("latin-1") if rtf else None}
        print(json.dumps(out))
        """

    @Test func realWinmailFilesGiveWhatTnefparseGives() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path).filter { $0.hasSuffix(".tnef") }.sorted()
        try #require(names.count >= 15, "no TNEF samples in \(Self.samples.path): run scripts/setup")
        let paths = names.map { Self.samples.appendingPathComponent($0).path }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.oracle] + paths
        let output = Pipe()
        process.standardOutput = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let expected = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var compared = 0
        for path in paths {
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
            let name = URL(fileURLWithPath: path).lastPathComponent
            let read = try #require(TNEFStream.message(bytes, depth: 0)?.message, "\(name)")
            guard let oracle = expected[path] as? [String: Any], let files = oracle["files"] as? [[String]] else { continue }
            compared += 1
            let ours = read.attachments.map { attachment in
                switch attachment {
                case .file(let name, let data): [name, SHA256Hash.hash(Array(data.reversed().drop { $0 == 0 }.reversed())).hexString()]
                case .message(let name, _): [name, "message"]
                }
            }
            #expect(ours == files, "\(name)")
            if let rtf = oracle["rtf"] as? String {
                let start = String(decoding: (read.rtf ?? []).prefix(200), as: UTF8.self)
                #expect(start == rtf, "\(name)")
            } else {
                #expect(read.rtf == nil, "\(name)")
            }
        }
        #expect(compared >= 15)
    }

    /// Every real file cut short, at a third and at two thirds, is read as far as it goes and
    /// says where it stopped; bytes that are not TNEF are not read as TNEF.
    @Test func aWinmailCutShortIsReadAsFarAsItGoes() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.samples.path).filter { $0.hasSuffix(".tnef") }
        try #require(names.count >= 15, "no TNEF samples in \(Self.samples.path): run scripts/setup")
        for name in names {
            let bytes = try [UInt8](Data(contentsOf: Self.samples.appendingPathComponent(name)))
            for cut in [bytes.count / 3, bytes.count * 2 / 3] where cut > 6 {
                let read = try #require(TNEFStream.message(Array(bytes.prefix(cut)), depth: 0), "\(name) cut at \(cut)")
                #expect(read.damage != nil, "\(name) cut at \(cut)")
            }
        }
        #expect(TNEFStream.read(Array("Content-Type: text/plain\r\n\r\nhello".utf8)) == nil)
    }
}
