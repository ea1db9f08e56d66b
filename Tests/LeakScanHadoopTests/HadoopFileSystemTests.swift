import Foundation
import LeakScanHadoop
import Testing

private let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

private func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "leakscan-hadoop-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// A stand-in server speaking the protocol of scripts/hadoop/HadoopFileServer.java, with
/// failures on cue: a path holding "missing" replies an error, "die" ends the server half-way
/// through a read's bytes, "garbled" replies nonsense.
private let fakeServer = #"""
    import sys
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        fields = line.decode().rstrip("\n").split("\t")
        if fields[0] == "stat":
            out.write(b"missing\n" if "missing" in fields[1] else b"file\t26\n")
        elif fields[0] == "read" and "missing" in fields[1]:
            out.write(b"error\tFileNotFoundException: File " + fields[1].encode() + b" does not exist\n")
        elif fields[0] == "read" and "die" in fields[1]:
            out.write(b"ok\t100\nabcde"); out.flush(); sys.exit(1)
        elif fields[0] == "read" and "garbled" in fields[1]:
            out.write(b"hello\n")
        elif fields[0] == "read":
            data = b"abcdefghijklmnopqrstuvwxyz"[int(fields[2]):][:int(fields[3])]
            out.write(b"ok\t%d\n" % len(data) + data)
        elif fields[0] == "list":
            out.write(b"ok\t2\ndir\t0\tcur\nfile\t12\tname with spaces\tand a tab\n")
        out.flush()
    """#

@Suite struct HadoopFileSystemTests {
    @Test func urisAreToldFromLocalPaths() {
        for uri in [
            "hdfs://namenode:8020/mail/2026.mbox", "s3a://bucket/posts/", "file:///data/x.mbox", "webhdfs://h/x", "abfs://c@a.dfs/x",
        ] {
            #expect(RemotePath.isURI(uri), "\(uri)")
        }
        for path in ["/tmp/a://b", "mail.mbox", "in/x://y", "C:/x", "1abc://x", "ab:/x", "", "://x", "hd fs://x"] {
            #expect(!RemotePath.isURI(path), "\(path)")
        }
    }

    private func fake() throws -> HadoopFileSystem {
        let script = try temporaryDirectory() + "/server.py"
        try fakeServer.write(toFile: script, atomically: true, encoding: .utf8)
        return try HadoopFileSystem(command: "exec python3 \(script)")
    }

    @Test func readsStatusesAndListings() throws {
        let filesystem = try fake()
        #expect(try filesystem.status("hdfs://nn/a") == .file(size: 26))
        #expect(try filesystem.status("hdfs://nn/missing") == .missing)
        #expect(try filesystem.read("hdfs://nn/a", offset: 3, maxCount: 4) == Array("defg".utf8))
        #expect(try filesystem.read("hdfs://nn/a", offset: 24, maxCount: 10) == Array("yz".utf8))
        #expect(try filesystem.read("hdfs://nn/a", offset: 30, maxCount: 10) == [])
        // A name may hold tabs: only the first two are separators.
        #expect(
            try filesystem.list("hdfs://nn/d") == [
                .init(name: "cur", isDirectory: true, size: 0), .init(name: "name with spaces\tand a tab", isDirectory: false, size: 12),
            ])
    }

    @Test func anErrorReplyFailsOneRequestOnly() throws {
        let filesystem = try fake()
        #expect {
            try filesystem.read("hdfs://nn/missing", offset: 0, maxCount: 10)
        } throws: { ($0 as? HadoopFileSystemError)?.reason.contains("does not exist") == true }
        #expect(try filesystem.read("hdfs://nn/a", offset: 0, maxCount: 3) == Array("abc".utf8))
    }

    @Test func aServerThatDiesFailsEveryLaterRequestWithoutHanging() throws {
        let filesystem = try fake()
        #expect {
            try filesystem.read("hdfs://nn/die", offset: 0, maxCount: 100)
        } throws: { ($0 as? HadoopFileSystemError)?.reason.contains("it ended") == true }
        #expect {
            try filesystem.status("hdfs://nn/a")
        } throws: { ($0 as? HadoopFileSystemError)?.reason.contains("it ended") == true }
    }

    @Test func aServerThatCannotStartIsAnError() throws {
        let filesystem = try HadoopFileSystem(command: "echo 'no java here' >&2; exit 3")
        for _ in 0..<2 {
            #expect {
                try filesystem.status("hdfs://nn/a")
            } throws: { ($0 as? HadoopFileSystemError)?.reason.contains("failed") == true }
        }
    }

    @Test func aGarbledReplyIsAnErrorNotACrash() throws {
        let filesystem = try fake()
        #expect {
            try filesystem.read("hdfs://nn/garbled", offset: 0, maxCount: 100)
        } throws: { ($0 as? HadoopFileSystemError)?.reason.contains("unexpected reply") == true }
    }

    @Test func pathsThatWouldBreakTheProtocolAreRefused() throws {
        let filesystem = try fake()
        #expect(throws: HadoopFileSystemError.self) { try filesystem.status("hdfs://nn/a\tb") }
        #expect(try filesystem.status("hdfs://nn/a") == .file(size: 26))
    }

    /// The real server (scripts/hadoop, run on Spark's Hadoop client jars from the pyspark
    /// package) on `file://` URIs: Hadoop's own local filesystem, through the same code that
    /// reads hdfs:// and s3a://.
    @Test func theRealServerReadsThroughHadoop() throws {
        let directory = try temporaryDirectory()
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<3_000_000).map { _ in UInt8.random(in: 0...255, using: &generator) }
        try Data(bytes).write(to: URL(fileURLWithPath: directory + "/data.bin"))
        try FileManager.default.createDirectory(atPath: directory + "/sub", withIntermediateDirectories: true)
        let filesystem = try HadoopFileSystem(command: repository.appendingPathComponent("scripts/hadoop/leakscan-hadoop-fs").path)
        let uri = "file://" + directory
        #expect(try filesystem.status(uri + "/data.bin") == .file(size: 3_000_000))
        #expect(try filesystem.status(uri) == .directory)
        #expect(try filesystem.status(uri + "/nothing") == .missing)
        let names = try filesystem.list(uri).filter { !$0.name.hasPrefix(".") }
        #expect(names == [.init(name: "data.bin", isDirectory: false, size: 3_000_000), .init(name: "sub", isDirectory: true, size: 0)])
        // Forward in chunks of random sizes, then a jump back: the bytes of the file.
        var read = [UInt8]()
        while read.count < bytes.count {
            let chunk = try filesystem.read(uri + "/data.bin", offset: UInt64(read.count), maxCount: Int.random(in: 1...400_000))
            #expect(!chunk.isEmpty)
            read += chunk
        }
        #expect(read == bytes)
        #expect(try filesystem.read(uri + "/data.bin", offset: 1000, maxCount: 10) == Array(bytes[1000..<1010]))
        #expect(throws: HadoopFileSystemError.self) { try filesystem.read(uri + "/nothing", offset: 0, maxCount: 10) }
    }
}
