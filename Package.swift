// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "waitgap",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "waitgap", targets: ["waitgap"]),
        .library(name: "WaitgapCSV", targets: ["WaitgapCSV"]),
        .library(name: "WaitgapCore", targets: ["WaitgapCore"]),
    ],
    dependencies: [
        // Exact versions, the ones the tests ran against: Package.resolved is not committed (the
        // build machines' package mirror rewrites it), so a range would let versions float
        // between builds. Move them on purpose, with the tests.
        .package(url: "https://github.com/apple/swift-argument-parser", exact: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-log", exact: "1.16.2"),
    ],
    targets: [
        // libcsv as Debian ships it: no pkg-config file, so no `pkgConfig:` (see LIBCSV.md).
        .systemLibrary(name: "CLibCSV", providers: [.apt(["libcsv-dev"])]),
        // The only importer of CLibCSV: a streaming record reader that knows nothing of the NHS.
        .target(name: "WaitgapCSV", dependencies: ["CLibCSV"]),
        // NHS value types, row decoding, mergeable aggregates and statistics. No I/O.
        .target(name: "WaitgapCore", dependencies: ["WaitgapCSV"]),
        // Wires reader, decoder and aggregates over files; writes the quarantine file.
        .target(name: "WaitgapIngest", dependencies: ["WaitgapCSV", "WaitgapCore"]),
        // Run history in SQLite (GRDB): aggregates of runs, and the audit trail of reordered lists.
        .target(name: "WaitgapStore", dependencies: ["WaitgapCore", "WaitgapCSV", .product(name: "GRDB", package: "GRDB.swift")]),
        // Board pack layout: Core values in, Markdown out.
        .target(name: "WaitgapReport", dependencies: ["WaitgapCore"]),
        // The HEARTT-style reprioritisation scorer: weights, explained scores, tier-preserving order,
        // overrides and the equity-impact simulation.
        .target(name: "WaitgapScorer", dependencies: ["WaitgapCore", "WaitgapCSV"]),
        // The nightly run as a library: analyse's pipeline (reader to pack to history) and the pack's
        // formats (Markdown, HTML, PDF through chromium, DOCX through pandoc), so the command is a few lines.
        .target(name: "WaitgapNightly", dependencies: ["WaitgapCSV", "WaitgapCore", "WaitgapIngest", "WaitgapReport", "WaitgapStore"]),
        // The rules of the list commands over the audit trail: override, sign-off per specialty,
        // approval of weights.
        .target(name: "WaitgapLists", dependencies: ["WaitgapScorer", "WaitgapStore", "WaitgapCore", "WaitgapCSV"]),
        // Synthetic, documented extracts for the sample pack, tests and benchmarks.
        .target(name: "WaitgapSample", dependencies: ["WaitgapCore"]),
        .executableTarget(
            name: "waitgap",
            dependencies: [
                "WaitgapCSV", "WaitgapCore", "WaitgapIngest", "WaitgapLists", "WaitgapNightly", "WaitgapReport", "WaitgapSample",
                "WaitgapStore", "WaitgapScorer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // The hot path's stages one at a time, for scripts/bench-instructions.sh (not installed).
        .executableTarget(name: "waitgap-bench", dependencies: ["WaitgapCSV", "WaitgapCore", "WaitgapIngest"], path: "Sources/WaitgapBench"),
        // `scripts/bench-history.sh`: the history's stored size, save and series-read times.
        .executableTarget(name: "WaitgapHistoryBench", dependencies: ["WaitgapCore", "WaitgapStore"]),
        .target(
            name: "WaitgapTestSupport",
            dependencies: ["WaitgapCore", "WaitgapCSV"],
            path: "Tests/WaitgapTestSupport"
        ),
        .testTarget(
            name: "WaitgapCSVTests",
            dependencies: ["WaitgapCSV", "WaitgapTestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "WaitgapCoreTests",
            dependencies: ["WaitgapCore", "WaitgapTestSupport"],
            resources: [.copy("Reference")]
        ),
        .testTarget(
            name: "WaitgapIngestTests",
            dependencies: ["WaitgapIngest", "WaitgapSample", "WaitgapTestSupport"]
        ),
        .testTarget(
            name: "WaitgapScorerTests",
            dependencies: ["WaitgapScorer", "WaitgapLists", "WaitgapStore", "WaitgapCSV"]
        ),
        .testTarget(
            name: "WaitgapStoreTests",
            dependencies: [
                "WaitgapStore", "WaitgapIngest", "WaitgapSample", "WaitgapTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .testTarget(
            name: "WaitgapNightlyTests",
            dependencies: ["WaitgapNightly", "WaitgapReport", "WaitgapSample", "WaitgapStore", "WaitgapTestSupport"]
        ),
        .testTarget(
            name: "WaitgapReportTests",
            dependencies: ["WaitgapReport", "WaitgapIngest", "WaitgapSample", "WaitgapTestSupport"],
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "WaitgapEndToEndTests",
            // Depending on the executable makes `swift test` build the binary these tests run.
            dependencies: ["waitgap", "WaitgapCore", "WaitgapCSV", "WaitgapTestSupport"],
            exclude: ["Snapshots"],
            resources: [.copy("Fixtures")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
