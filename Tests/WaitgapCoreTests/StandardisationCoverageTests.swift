import Foundation
import Testing

@testable import WaitgapCore

/// Coverage of the case-mix adjusted gap's 95% interval, by simulation: many small groups with a
/// planted gap, each spread thinly over many strata (so that most of its strata hold one or two
/// patients, as a learning-disability group's do), compared with a larger reference group.
///
/// Set `WAITGAP_SIMULATIONS=1` for the long version (10,000 replications, about 10 times as long).
@Suite struct StandardisationCoverageTests {
    /// One simulated comparison: the group's gap as `GapAnalysis.compare` reports it, and the
    /// true values given the strata the patients fell in.
    struct Replication {
        var gap: GroupGap
        var trueExplainedWeeks: Double
        var singletonShare: Double
    }

    /// The design: fixed strata, a reference and a focus group with different case mixes.
    struct Design {
        static let strata = 240
        /// Planted: the focus group waits 35 days (5 weeks) longer in every stratum.
        static let plantedDays = 35
        var means: [Int] = []
        var referenceWeights: [Double] = []
        var focusWeights: [Double] = []

        init(random: inout SplitMix64) {
            for stratum in 0..<Self.strata {
                // Stratum means from 20 to 400 days; rarer strata are not the short ones alone.
                let mean = 20 + random.below(381)
                means.append(mean)
                let weight = 1 / pow(Double(stratum + 1), 0.8)
                referenceWeights.append(weight)
                // The focus group is tilted towards strata with long waits: case mix explains part
                // of its raw gap.
                focusWeights.append(weight * exp(0.004 * Double(mean)))
            }
        }

        /// A stratum drawn with the cumulative weights `cumulative` (binary search).
        static func pick(_ cumulative: [Double], random: inout SplitMix64) -> Int {
            let roll = random.unit() * cumulative[cumulative.count - 1]
            var low = 0
            var high = cumulative.count - 1
            while low < high {
                let middle = (low + high) / 2
                if roll < cumulative[middle] { high = middle } else { low = middle + 1 }
            }
            return low
        }

        /// Running totals of `weights`.
        static func cumulative(_ weights: [Double]) -> [Double] {
            var total = 0.0
            return weights.map {
                total += $0
                return total
            }
        }

        /// A wait in days with mean exactly `mean` + `gap` (integers): a normal deviate with SD
        /// half the mean (of mean + gap when `gapSpreads`), truncated symmetrically at ± that
        /// mean (so never negative), added and rounded. As in `SampleGenerator`, the planted gap
        /// is added to a wait drawn as anyone's, so by default it leaves the spread alone.
        static func wait(mean: Int, gap: Int = 0, gapSpreads: Bool = false, random: inout SplitMix64) -> Int {
            let base = Double(gapSpreads ? mean + gap : mean)
            while true {
                let noise = 0.5 * base * random.normal()
                if abs(noise) <= base { return Int((Double(mean + gap) + noise).rounded()) }
            }
        }

        func replicate(focus: Int, reference: Int, gapSpreads: Bool = false, random: inout SplitMix64) -> Replication {
            var focusWaits = WaitDistribution()
            var referenceWaits = WaitDistribution()
            var focusStrata = [StratumMoments](repeating: StratumMoments(), count: Self.strata)
            var referenceStrata = focusStrata
            let referenceCumulative = Self.cumulative(referenceWeights)
            let focusCumulative = Self.cumulative(focusWeights)
            for _ in 0..<reference {
                let stratum = Self.pick(referenceCumulative, random: &random)
                let days = Self.wait(mean: means[stratum], random: &random)
                referenceWaits.add(days: days)
                referenceStrata[stratum].add(days: days)
            }
            for _ in 0..<focus {
                let stratum = Self.pick(focusCumulative, random: &random)
                let days = Self.wait(mean: means[stratum], gap: Self.plantedDays, gapSpreads: gapSpreads, random: &random)
                focusWaits.add(days: days)
                focusStrata[stratum].add(days: days)
            }
            let gap = GapAnalysis.compare(
                label: "focus", focusWaits, isReference: false, with: referenceWaits, strata: focusStrata,
                referenceStrata: referenceStrata)
            // Given the strata: E[raw gap] = Σ nₛ/n (μₛ + δ) − Σ n_rₛ/n_r μₛ; E[adjusted] = δ over the
            // covered strata; what case mix explains is the difference.
            var expectedRaw = 0.0
            for stratum in 0..<Self.strata {
                expectedRaw += Double(focusStrata[stratum].count) / Double(focus) * Double(means[stratum] + Self.plantedDays)
                expectedRaw -= Double(referenceStrata[stratum].count) / Double(reference) * Double(means[stratum])
            }
            let singletons = focusStrata.filter { $0.count == 1 }.count
            return Replication(
                gap: gap, trueExplainedWeeks: (expectedRaw - Double(Self.plantedDays)) / 7,
                singletonShare: Double(singletons) / Double(focus))
        }
    }

    /// Runs `replications` comparisons of a group of `focus` patients with `reference` patients.
    /// - Returns: the share of adjusted intervals covering the planted gap, of "explained by case
    ///   mix" intervals covering the true explained part, and the mean share of the group's
    ///   patients alone in their stratum.
    static func coverage(replications: Int, focus: Int, reference: Int, gapSpreads: Bool, seed: UInt64)
        -> (adjusted: Double, explained: Double, singletons: Double)
    {
        var random = SplitMix64(seed: seed)
        let design = Design(random: &random)
        let planted = Double(Design.plantedDays) / 7
        var adjustedHits = 0, explainedHits = 0
        var singletons = 0.0
        for _ in 0..<replications {
            let replication = design.replicate(focus: focus, reference: reference, gapSpreads: gapSpreads, random: &random)
            if let adjusted = replication.gap.adjustedGap, adjusted.lower <= planted, planted <= adjusted.upper { adjustedHits += 1 }
            if let explained = replication.gap.explainedByCaseMix, explained.lower <= replication.trueExplainedWeeks,
                replication.trueExplainedWeeks <= explained.upper
            {
                explainedHits += 1
            }
            singletons += replication.singletonShare
        }
        let count = Double(replications)
        return (Double(adjustedHits) / count, Double(explainedHits) / count, singletons / count)
    }

    static let long = ProcessInfo.processInfo.environment["WAITGAP_SIMULATIONS"] == "1"

    @Test(arguments: [
        (focus: 60, gapSpreads: false, seed: UInt64(14)), (focus: 150, gapSpreads: false, seed: UInt64(1402)),
        (focus: 60, gapSpreads: true, seed: UInt64(2026)),
    ])
    func theAdjustedIntervalCoversAPlantedGapInSmallGroupsSpreadOverManyStrata(focus: Int, gapSpreads: Bool, seed: UInt64) {
        // 1,000 replications: the binomial SE of a 95% coverage is 0.7 points, so the 79–90% seen
        // when one-patient strata were left out of the variance fails by 4 to 20 SEs.
        // `gapSpreads`: the group's waits also spread more than the reference's (by the gap).
        let replications = Self.long ? 10_000 : 1_000
        let result = Self.coverage(replications: replications, focus: focus, reference: 3_000, gapSpreads: gapSpreads, seed: seed)
        print(
            "case-mix coverage, group of \(focus)\(gapSpreads ? " (gap spreads)" : ""): adjusted \(result.adjusted), explained \(result.explained), one-patient strata \(result.singletons)"
        )
        // Many of the group's patients are alone in their stratum: the case the interval must survive.
        #expect(result.singletons > 0.2)
        #expect(result.adjusted >= 0.93, "adjusted-gap coverage \(result.adjusted)")
        #expect(result.adjusted <= 0.985, "adjusted-gap coverage \(result.adjusted): too wide to be useful")
        // The explained part's interval is conservative by construction.
        #expect(result.explained >= 0.95, "explained-by-case-mix coverage \(result.explained)")
    }

    @Test func aStratumWithOnePatientCountsInTheVarianceOfTheAdjustedGap() throws {
        // Stratum A: 1, 2, 3 days (s² = 1) against a reference mean of 2; stratum B: one patient,
        // 10 days, reference mean 10. O − E = 0. SE² = (3·1 + 1·s²_B)/4².
        func strata(referenceVariance: Double?) -> [Standardise.Stratum] {
            [
                Standardise.Stratum(count: 3, total: 6, totalOfSquares: 14, referenceMean: 2),
                Standardise.Stratum(count: 1, total: 10, totalOfSquares: 100, referenceMean: 10, referenceVariance: referenceVariance),
            ]
        }
        let z = Normal.z95
        // Without the reference's s² in B, the group's pooled within-stratum variance (1) stands in.
        let pooled = try #require(Standardise.mean(strata(referenceVariance: nil)))
        #expect(pooled.difference.value == 0)
        #expect(abs(pooled.difference.upper - z * (4.0 / 16).squareRoot()) < 1e-12)
        // With it (9), the larger of it and the pooled variance.
        let fromReference = try #require(Standardise.mean(strata(referenceVariance: 9)))
        #expect(abs(fromReference.difference.upper - z * (12.0 / 16).squareRoot()) < 1e-12)
        // A group whose every stratum has one patient falls back on the variance of all its values.
        let singles = [
            Standardise.Stratum(count: 1, total: 1, totalOfSquares: 1, referenceMean: 0),
            Standardise.Stratum(count: 1, total: 3, totalOfSquares: 9, referenceMean: 0),
        ]
        let overall = try #require(Standardise.mean(singles))
        #expect(abs(overall.difference.upper - (2 + z * (2 * 2.0 / 4).squareRoot())) < 1e-12)
    }

    @Test func whatCaseMixExplainsIsTheRawLessTheAdjustedGapWithTheirWidthsCombined() throws {
        var random = SplitMix64(seed: 7)
        let design = Design(random: &random)
        let gap = design.replicate(focus: 400, reference: 3_000, random: &random).gap
        let raw = try #require(gap.meanGap)
        let adjusted = try #require(gap.adjustedGap)
        let explained = try #require(gap.explainedByCaseMix)
        #expect(abs(explained.value - (raw.value - adjusted.value)) < 1e-12)
        let half =
            ((raw.upper - raw.value) * (raw.upper - raw.value) + (adjusted.upper - adjusted.value) * (adjusted.upper - adjusted.value))
            .squareRoot()
        #expect(abs((explained.upper - explained.value) - half) < 1e-9)
        #expect(abs((explained.value - explained.lower) - half) < 1e-9)
        // The group is tilted towards long-wait strata: case mix explains a positive part.
        #expect(explained.value > 0)
    }
}
