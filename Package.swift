// swift-tools-version: 6.1
import PackageDescription

/// LeakScan: a data-leak detection batch pipeline.
///
/// Dependencies point inward: `LeakScanCore` holds plain values and knows no I/O and no C;
/// `LeakScanPCRE2` is the only importer of the C library; only the `leakscan` executable
/// knows about the command line and bootstraps logging.
let package = Package(
    name: "LeakScan",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "leakscan", targets: ["leakscan"]),
        /// Everything but the command line, for embedding and for the benchmark suites.
        .library(
            name: "LeakScanKit",
            targets: [
                "LeakScanCore", "LeakScanCrypto", "LeakScanZlib", "LeakScanHadoop", "LeakScanPCRE2", "LeakScanRules", "LeakScanPrefilter", "LeakScanScoring",
                "LeakScanDetection", "LeakScanFraming", "LeakScanExtract", "LeakScanOutlook", "LeakScanImages", "LeakScanMIME",
                "LeakScanPipeline", "LeakScanReport", "LeakScanStats", "LeakScanSynth", "LeakScanState", "LeakScanSession",
            ]),
        /// The fuzz targets' entry points, shared by `Fuzz/` (libFuzzer) and their replay tests.
        .library(name: "LeakScanFuzzTargets", targets: ["LeakScanFuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .systemLibrary(
            name: "CZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .systemLibrary(name: "CArchive", pkgConfig: "libarchive", providers: [.apt(["libarchive-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CPoppler", pkgConfig: "poppler-cpp", providers: [.apt(["libpoppler-cpp-dev"])]),
        /// libxml2's streaming reader behind plain C types (its headers pull in ICU, which clashes with Foundation's).
        .target(name: "CXMLReader", dependencies: ["CLibXML2"]),
        /// PDF text through poppler's C++ API (the layout pdftotext uses), and annotations and
        /// form fields through qpdf's (Debian: libqpdf-dev), behind plain C functions.
        .target(name: "CPDFText", dependencies: ["CPoppler"], linkerSettings: [.linkedLibrary("qpdf")]),
        /// Leptonica (image decoding) and Tesseract (OCR) behind a few plain C functions
        /// (Debian: libleptonica-dev, libtesseract-dev, tesseract-ocr-eng).
        .target(
            name: "CImageText",
            linkerSettings: [.linkedLibrary("lept"), .linkedLibrary("tesseract"), .linkedLibrary("jpeg"), .linkedLibrary("png16"),
                .linkedLibrary("heif"),
            ]),
        .systemLibrary(name: "CPFF", pkgConfig: "libpff", providers: [.apt(["libpff-dev"])]),
        .target(name: "LeakScanCore", dependencies: ["CByteScan"]),
        /// zlib's inflate: gzip inputs, and deflate data packed inside files.
        .target(name: "LeakScanZlib", dependencies: ["CZlib"]),
        /// SHA-256 and HMAC-SHA-256 through OpenSSL's libcrypto (Debian: libssl-dev).
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "LeakScanCrypto", dependencies: ["LeakScanCore", "CLibCrypto"]),
        /// Outlook stores (.pst, .ost, libpff) and .msg files (libolecf), as RFC 5322 messages.
        .systemLibrary(name: "COLECF", pkgConfig: "libolecf", providers: [.apt(["libolecf-dev", "libbfio-dev"])]),
        .target(name: "LeakScanOutlook", dependencies: ["CPFF", "COLECF"]),
        /// Text out of attachments: containers (libarchive), OOXML and ODF (libxml2), PDF (poppler), RTF, sniffed text.
        .target(name: "LeakScanImages", dependencies: ["LeakScanCore", "CImageText", "LeakScanCrypto"]),
        .target(
            name: "LeakScanExtract",
            dependencies: [
                "LeakScanCore", "LeakScanCrypto", "LeakScanZlib", "LeakScanOutlook", "LeakScanImages", "CArchive", "CXMLReader", "CPDFText",
            ]),
        .target(
            name: "LeakScanPCRE2",
            dependencies: ["CPCRE2"]
        ),
        /// Linear text classifiers shipped as data (the derogatory-language scorer).
        .target(name: "LeakScanScoring", dependencies: ["LeakScanCore", "CPrefetch"]),
        /// A prefetch hint (`__builtin_prefetch`) as an inlined C function: the only way to one from Swift.
        .systemLibrary(name: "CPrefetch"),
        /// JSON's special bytes sought sixteen at a time (SSE2), as an inlined C function.
        .systemLibrary(name: "CByteScan"),
        /// Linux's `sync_file_range` (which Swift's Glibc module does not declare), for the incident
        /// output to start writing itself to disk as it goes, and to let the page cache drop it then.
        .systemLibrary(name: "CWriteback"),
        .target(
            name: "LeakScanRules",
            dependencies: [
                "LeakScanCore", "LeakScanPCRE2", "LeakScanScoring",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("DefaultPatterns")]
        ),
        /// Which rules can match a text, in one pass: pattern approximations, the byte automaton, digit runs.
        .target(name: "LeakScanPrefilter"),
        .target(
            name: "LeakScanDetection",
            dependencies: [
                "LeakScanCore", "LeakScanCrypto", "LeakScanPCRE2", "LeakScanRules", "LeakScanPrefilter", "LeakScanScoring",
            ]
        ),
        /// Input framing: bytes, lines, gzip, UTF-16, and records out of mbox, eml, Maildir, JSON, JSON Lines, CSV, tweets.js.
        .target(name: "LeakScanFraming", dependencies: ["LeakScanCore", "LeakScanHadoop", "LeakScanZlib"]),
        /// Files on Hadoop-compatible filesystems (hdfs://, s3a://, …) through the cluster's own
        /// Hadoop client, run as a server process (scripts/hadoop).
        .target(name: "LeakScanHadoop"),
        /// Records into documents: headers, MIME walk, transfer decodings, charsets, HTML, posts.
        .target(
            name: "LeakScanMIME",
            dependencies: [
                "LeakScanCore", "LeakScanFraming", "LeakScanExtract", "LeakScanImages", "LeakScanCrypto",
            ]
        ),
        .target(name: "LeakScanReport", dependencies: ["LeakScanCore", "LeakScanPipeline", "CWriteback"]),
        .target(name: "LeakScanSynth", dependencies: ["LeakScanCore"]),
        .target(name: "LeakScanStats", dependencies: ["LeakScanCore", "LeakScanPipeline"], resources: [.copy("Resources/baselines.json")]),
        .target(
            name: "LeakScanBench",
            dependencies: [
                "LeakScanCore", "LeakScanDetection", "LeakScanFraming", "LeakScanMIME", "LeakScanPipeline", "LeakScanRules",
                "LeakScanScoring",
                "LeakScanSession", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LeakScanImport",
            dependencies: [
                "LeakScanCore", "LeakScanRules", "LeakScanPCRE2", .product(name: "TOMLKit", package: "TOMLKit"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .target(
            name: "LeakScanState",
            dependencies: [
                "LeakScanCore", "LeakScanPipeline", .product(name: "GRDB", package: "GRDB.swift"),
                "LeakScanCrypto", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LeakScanPipeline",
            dependencies: [
                "LeakScanCore", "LeakScanDetection", "LeakScanPCRE2", "LeakScanFraming", "LeakScanHadoop", "LeakScanMIME",
                "LeakScanOutlook",
                "LeakScanExtract", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LeakScanSession",
            dependencies: [
                "LeakScanCore", "LeakScanDetection", "LeakScanImages", "LeakScanPipeline", "LeakScanReport", "LeakScanRules",
                "LeakScanState",
                "LeakScanStats", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "LeakScanFuzzTargets",
            dependencies: [
                "LeakScanCore", "LeakScanDetection", "LeakScanExtract", "LeakScanFraming", "LeakScanImages", "LeakScanMIME",
                "LeakScanPipeline", "LeakScanRules", .product(name: "Logging", package: "swift-log"),
            ]),
        .executableTarget(
            name: "leakscan",
            dependencies: [
                "LeakScanCore", "LeakScanSession", "LeakScanPipeline", "LeakScanRules", "LeakScanDetection", "LeakScanReport",
                "LeakScanFraming",
                "LeakScanHadoop", "LeakScanMIME",
                "LeakScanSynth", "LeakScanStats", "LeakScanState", "LeakScanBench", "LeakScanImport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// Measures emblem matching and OCR on labelled images (Benchmarks/images.sh).
        .executableTarget(name: "image-quality", dependencies: ["LeakScanImages"], path: "Benchmarks/ImageQuality"),
        .testTarget(name: "LeakScanCoreTests", dependencies: ["LeakScanCore"]),
        .testTarget(name: "LeakScanExtractTests", dependencies: ["LeakScanCore", "LeakScanExtract", "LeakScanOutlook", "LeakScanSynth"]),
        .testTarget(name: "LeakScanOutlookTests", dependencies: ["LeakScanCrypto", "LeakScanOutlook"]),
        .testTarget(name: "LeakScanImagesTests", dependencies: ["LeakScanImages"]),
        .testTarget(name: "LeakScanPCRE2Tests", dependencies: ["LeakScanPCRE2"]),
        .testTarget(name: "LeakScanCryptoTests", dependencies: ["LeakScanCrypto"]),
        .testTarget(name: "LeakScanPrefilterTests", dependencies: ["LeakScanPrefilter"]),
        .testTarget(name: "LeakScanRulesTests", dependencies: ["LeakScanRules", "LeakScanDetection", "LeakScanCore", "LeakScanPCRE2"]),
        .testTarget(name: "LeakScanImportTests", dependencies: ["LeakScanImport", "LeakScanRules", "LeakScanDetection", "LeakScanCore"]),
        .testTarget(name: "LeakScanReportTests", dependencies: ["LeakScanReport", "LeakScanPipeline", "LeakScanCore"]),
        .testTarget(name: "LeakScanStatsTests", dependencies: ["LeakScanStats", "LeakScanPipeline", "LeakScanCore"]),
        .testTarget(
            name: "LeakScanStateTests", dependencies: ["LeakScanState", "LeakScanCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .testTarget(
            name: "LeakScanSessionTests",
            dependencies: [
                "LeakScanSession", "LeakScanState", "LeakScanRules", "LeakScanPipeline", "LeakScanCore",
                .product(name: "Logging", package: "swift-log"),
            ]),
        .testTarget(name: "LeakScanSynthTests", dependencies: ["LeakScanSynth"]),
        .testTarget(name: "LeakScanHadoopTests", dependencies: ["LeakScanHadoop"]),
        .testTarget(name: "LeakScanScoringTests", dependencies: ["LeakScanScoring"], exclude: ["Fixtures"]),
        .testTarget(name: "LeakScanBenchTests", dependencies: ["LeakScanBench", "LeakScanCore"]),
        .testTarget(
            name: "LeakScanDetectionTests",
            dependencies: [
                "LeakScanDetection", "LeakScanRules", "LeakScanSynth", "LeakScanCore", "LeakScanPrefilter",
            ]
        ),
        .testTarget(name: "LeakScanMIMETests", dependencies: ["LeakScanFraming", "LeakScanMIME", "LeakScanSynth", "LeakScanCore"]),
        .testTarget(
            name: "LeakScanPipelineTests",
            dependencies: [
                "LeakScanPipeline", "LeakScanRules", "LeakScanDetection", "LeakScanReport", "LeakScanSynth", "LeakScanStats",
                "LeakScanCore", .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .testTarget(
            name: "LeakScanFuzzTargetsTests", dependencies: ["LeakScanFuzzTargets"], exclude: ["Regressions"]),
        .testTarget(
            name: "LeakScanCLITests", dependencies: ["leakscan", "LeakScanCore", "LeakScanState", "LeakScanRules", "LeakScanDetection"]),
    ]
)

/// Release builds leave out Swift's run-time exclusivity checks; debug builds, which the tests
/// run, keep them, and the compiler's static checks stay on in both. The hot paths had opted
/// out one property at a time (`@exclusivity(unchecked)`), yet callgrind still counted 1.6
/// million checked accesses on 100,510 real posts (a local captured by a nested function, a
/// worker's reused lists): without them, 1.9 % fewer instructions and 2.5 % less time.
for target in package.targets where target.type == .regular || target.type == .executable {
    target.swiftSettings =
        (target.swiftSettings ?? []) + [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
}
