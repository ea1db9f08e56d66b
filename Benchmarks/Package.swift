// swift-tools-version: 6.1
import PackageDescription

/// LeakScan's benchmark suites (package-benchmark), kept in a nested package so that the
/// product and its CI never build the benchmark framework. Run from this folder:
///   swift package benchmark --target StageBenchmarks
/// Thresholds: `swift package benchmark baseline update` writes them under .benchmarkBaselines/.
let package = Package(
    name: "LeakScanBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "LeakScan", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/apple/swift-log", from: "1.6.0"),
    ],
    targets: [
        .executableTarget(
            name: "StageBenchmarks",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "LeakScanKit", package: "LeakScan"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/StageBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
