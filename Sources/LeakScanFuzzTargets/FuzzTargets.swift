import Foundation
import LeakScanCore
import LeakScanDetection
import LeakScanExtract
import LeakScanFraming
import LeakScanImages
import LeakScanMIME
import LeakScanPipeline
import LeakScanRules
import Logging

#if canImport(Glibc)
    import Glibc
#endif

/// One fuzz target: takes the fuzzer's bytes, must never crash, hang or leak.
///
/// The entry points live here, in the main package, so that the libFuzzer binary
/// (`Fuzz/`, built by `scripts/fuzz`) and the regression tests that replay every crash input
/// call exactly the same code.
public struct FuzzTarget: Sendable {
    public var name: String
    public var summary: String
    public var run: @Sendable ([UInt8]) -> Void
}

/// Every target; the fuzzing binary picks one by `LEAKSCAN_FUZZ_TARGET`.
public enum FuzzTargets {
    // Single-threaded use only: libFuzzer and the replay test call one input at a time.
    nonisolated(unsafe) static let charsets = CharsetDecoder()
    nonisolated(unsafe) static let builder = EmailDocumentBuilder(limits: MIMELimits(maxDepth: 20, maxParts: 200))
    static let posts = PostDocumentBuilder()
    /// Kept from input to input, as a worker keeps it from post to post.
    nonisolated(unsafe) static var postScratch = PostScratch()
    /// Small limits, so the fuzzer explores structure rather than size.
    static let extractor: AttachmentExtractor = {
        var limits = ExtractionLimits()
        limits.maxEntryBytes = 1 << 20
        limits.maxTotalBytes = 4 << 20
        limits.seconds = 2
        return AttachmentExtractor(limits: limits)
    }()
    /// The emblem search over every decoded picture, against the shipped sample emblem (when run
    /// from the repository); no OCR, which would make each input take a second.
    static let pictures: ImageAnalyzer = {
        let sample = (try? Data(contentsOf: URL(fileURLWithPath: "Patterns/logos/sample-emblem.png"))).map { [UInt8]($0) }
        let emblems = sample.flatMap { try? Emblem(organisation: "fuzz", name: "sample-emblem.png", bytes: $0) }.map { [$0] } ?? []
        return ImageAnalyzer(emblems: emblems, ocr: false, limits: ImageLimits(maxPixels: 4_000_000))
    }()
    /// The scan a container input goes through, with the shipped rules (run from the
    /// repository, as `scripts/fuzz` and the tests run), one worker and no pictures read.
    static let pipeline: ScanPipeline? = (try? RuleSet.load(directory: URL(fileURLWithPath: "Patterns"))).map { rules in
        let detector = Detector(ruleSet: rules, fingerprinter: Fingerprinter(key: Array("fuzz".utf8)))
        return ScanPipeline(detector: detector, options: ScanOptions(jobs: 1, maxMessageBytes: 1 << 20), logger: Logger(label: "fuzz"))
    }
    /// Inputs that must go through a file (format detection, gzip, every reader) are written here.
    static let scratchFile = "/dev/shm/leakscan-fuzz-\(getpid())"

    public static let all: [FuzzTarget] = [
        FuzzTarget(
            name: "archive",
            summary:
                "format detection and every reader (mbox, Apple Mail .emlx, JSON, JSON Lines, CSV, tweets.js, WhatsApp chats, saved pages, plain text, UTF-16, gzip) on a file"
        ) { bytes in
            readArchive(bytes)
        },
        FuzzTarget(
            name: "container",
            summary: "a container named as an input (zip, tar, 7z, RAR, bzip2 or xz): libarchive from disk, every member framed and scanned"
        ) { bytes in
            guard let pipeline, writeScratch(bytes) else { return }
            pipeline.run(paths: [scratchFile], into: DiscardingSink())
        },
        FuzzTarget(name: "gzip", summary: "gzip members (the input is placed behind a gzip header)") { bytes in
            // A valid header, then fuzzed deflate data and trailers: what a corrupt .gz holds.
            readArchive([0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0x03] + bytes)
        },
        FuzzTarget(name: "message", summary: "one message: headers, MIME walk, transfer decodings, charsets, HTML") { bytes in
            var raw = RawMessage(offset: 0, envelope: [], bytes: bytes)
            raw.endOffset = UInt64(bytes.count)
            _ = try? builder.document(from: raw, source: "fuzz")
        },
        FuzzTarget(name: "headers", summary: "RFC 2047 encoded words and RFC 2231 parameters") { bytes in
            _ = HeaderDecoding.decodeEncodedWords(bytes, charsets: charsets)
            _ = HeaderDecoding.parameters(bytes, charsets: charsets)
        },
        FuzzTarget(name: "transfer", summary: "base64, quoted-printable and uuencode decoders") { bytes in
            _ = TransferDecoding.base64(bytes)
            _ = TransferDecoding.quotedPrintable(bytes)
            _ = TransferDecoding.quotedPrintable(bytes, underscoreIsSpace: true)
            _ = TransferDecoding.uudecode(bytes)
        },
        FuzzTarget(name: "html", summary: "HTML to the text a reader sees") { bytes in
            _ = HTMLText.text(bytes)
        },
        FuzzTarget(name: "charset", summary: "charset conversion; the first line names the charset") { bytes in
            let split = bytes.firstIndex(of: 0x0A) ?? 0
            let label = String(decoding: bytes[..<split], as: UTF8.self)
            _ = charsets.utf8(bytes[split...], charset: label)
        },
        FuzzTarget(
            name: "post",
            summary:
                "a JSON post: fields, dates (written as incidents write them), Facebook mojibake repair, files a Graph message carries; read fresh and through a reused scratch"
        ) { bytes in
            var raw = RawPost(offset: 0, body: .json(bytes))
            raw.endOffset = UInt64(bytes.count)
            let fresh = try? posts.document(from: raw, source: "fuzz.jsonl")
            // The same post read through the scratch the inputs before left behind reads the same.
            var reused = try? posts.document(from: raw, source: "fuzz.jsonl", reusing: &postScratch)
            precondition(reused == fresh, "a post read through a reused scratch differs from a fresh read")
            if reused != nil { postScratch.recycle(&reused!) }
            for file in postScratch.takeFiles() { _ = extractor.extract(file.bytes, name: file.name) }
            // Its time written too: a post's `1e300` parsed fine and trapped only when written.
            guard let time = fresh?.timestamp else { return }
            var written = [UInt8]()
            ISO8601.append(time, to: &written)
        },
        FuzzTarget(
            name: "attachment",
            summary: "attachment contents: libarchive containers, Office XML and OpenDocument (libxml2), PDF (poppler), RTF, sniffing"
        ) { bytes in
            _ = extractor.extract(bytes, name: "fuzz.bin")
        },
        FuzzTarget(
            name: "image",
            summary:
                "pictures: libjpeg, libpng and Leptonica decoding with the header size check, then the emblem search; the words stored in them (EXIF, comments, text chunks, XMP)"
        ) { bytes in
            _ = pictures.analyse(bytes)
            _ = extractor.extract(bytes, name: "picture")
        },
        FuzzTarget(name: "rules", summary: "rule files: YAML parsing, then compiling what parsed") { bytes in
            guard let yaml = String(validating: bytes, as: UTF8.self),
                let file = try? RuleFileParser(file: "fuzz.yaml").parse(yaml)
            else { return }
            _ = try? RuleSet(definitions: file.rules, organisations: file.organisations ?? [])
        },
    ]

    /// Writes `bytes` to ``scratchFile``; false when it cannot.
    static func writeScratch(_ bytes: [UInt8]) -> Bool {
        guard let handle = FileHandle(forWritingAtPath: scratchFile) ?? create(scratchFile) else { return false }
        try? handle.truncate(atOffset: 0)
        try? handle.write(contentsOf: bytes)
        try? handle.close()
        return true
    }

    static func readArchive(_ bytes: [UInt8]) {
        guard writeScratch(bytes), let reader = try? ArchiveReader(path: scratchFile, maxMessageBytes: 1 << 20) else { return }
        var records = 0
        while reader.next() != nil && records < 10_000 { records += 1 }
        _ = reader.checkpoint
        // Resuming from the middle must not crash either; with a small record limit, so that
        // records past it (cut, read in parts) are tried too.
        if let resumed = try? ArchiveReader(
            path: scratchFile, maxMessageBytes: 4096, from: Checkpoint(offset: UInt64(bytes.count / 2), fileOffset: nil))
        {
            while resumed.next() != nil {}
        }
    }

    static func create(_ path: String) -> FileHandle? {
        guard FileManager.default.createFile(atPath: path, contents: nil) else { return nil }
        return FileHandle(forWritingAtPath: path)
    }
}

/// A sink that keeps nothing: the container target checks that reading never fails, not what it finds.
final class DiscardingSink: ScanSink {
    func batch(_ batch: ScanBatch) throws {}
    func problem(_ problem: ScanProblem) throws {}
}
