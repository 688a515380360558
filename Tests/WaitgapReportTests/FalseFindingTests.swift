import Foundation
import Testing
import WaitgapCore
import WaitgapIngest
import WaitgapSample
import WaitgapTestSupport

@testable import WaitgapReport

/// Packs of extracts in which no group waits longer than another (nothing planted, no
/// confounding): how often does page one claim a finding? Holm's method over the pre-specified
/// measures holds it at 5% or less. CI runs 12 packs, where uncorrected 95% intervals would give
/// a false finding in most of them; `make simulate` runs 200 (`WAITGAP_SIMULATIONS=200`) and
/// prints the rate for BENCHMARKS.md.
@Suite struct FalseFindingTests {
    static let packs = ProcessInfo.processInfo.environment["WAITGAP_SIMULATIONS"].flatMap(Int.init) ?? 12

    func pack(seed: UInt64, in directory: String) throws -> BoardPack {
        var options = SampleOptions(rows: 20_000, seed: seed, dirtyRate: 0)
        options.noEffects = true
        var generator = SampleGenerator(options: options)
        var bytes: [UInt8] = []
        _ = generator.write { bytes += $0 }
        let path = directory + "/null-\(seed).csv"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let census = try ExtractIngest.read(files: [path], options: IngestOptions(), quarantine: QuarantineWriter(directory: directory))
        try FileManager.default.removeItem(atPath: path)
        return BoardPack(census: census, run: RunInfo(version: "test", imdSource: "imd_decile column"))
    }

    @Test func pageOneRarelyClaimsAFindingWhereThereIsNone() throws {
        let directory = scratchDirectory("null-packs")
        var falsePacks = 0
        var uncorrected = 0
        var exploratoryBold = 0
        for seed in 1...UInt64(Self.packs) {
            let pack = try pack(seed: 1_000 + seed, in: directory)
            if pack.findings.measures.contains(where: \.significant) { falsePacks += 1 }
            for measure in pack.findings.measures where measure.significant {
                print("false finding, seed \(seed): \(measure.label) \(measure.estimate.map { "\($0)" } ?? "–")")
            }
            if pack.findings.measures.contains(where: { $0.estimate?.excludes(0) == true }) { uncorrected += 1 }
            exploratoryBold += pack.findings.dimensions.reduce(0) { $0 + $1.discoveries.meanGap.count }
        }
        let rate = Double(falsePacks) / Double(Self.packs)
        print(
            "false-finding simulation: \(Self.packs) null packs; \(falsePacks) with a finding on page one (\(String(format1: rate * 100))%); \(uncorrected) would have had one with unadjusted 95% intervals; \(exploratoryBold) bold mean gaps in the exploratory gaps tables (\(String(format1: Double(exploratoryBold) / Double(Self.packs))) a pack)"
        )
        // 12 packs at a true rate of 5%: more than 2 has probability under 2%. Uncorrected, a
        // false finding among 28 measures is expected in most packs.
        #expect(falsePacks <= max(2, Self.packs / 10), "\(falsePacks) of \(Self.packs)")
        #expect(uncorrected > falsePacks || Self.packs < 12, "the measures must be many enough for correction to matter")
    }
}
