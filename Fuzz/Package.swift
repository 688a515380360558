// swift-tools-version:6.0
// The libFuzzer harness, a package of its own so that `swift build` of waitgap never links it
// (libFuzzer supplies `main`). Built and run by `make fuzz` (scripts/fuzz.sh).
import PackageDescription

let package = Package(
    name: "waitgap-fuzz",
    dependencies: [.package(name: "waitgap", path: "..")],
    targets: [
        .executableTarget(
            name: "fuzz-reader",
            dependencies: [
                .product(name: "WaitgapCSV", package: "waitgap"),
                .product(name: "WaitgapCore", package: "waitgap"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
