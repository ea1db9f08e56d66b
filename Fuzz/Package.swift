// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer targets for LeakScan's readers, decoders and rule loading, built with
/// `-sanitize=fuzzer,address` by `scripts/fuzz` (kept apart from the main package so that its
/// normal builds and tests never carry the instrumentation).
let package = Package(
    name: "LeakScanFuzz",
    dependencies: [.package(name: "LeakScan", path: "..")],
    targets: [
        .executableTarget(
            name: "leakscan-fuzz",
            dependencies: [.product(name: "LeakScanFuzzTargets", package: "LeakScan")],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]
        )
    ]
)
