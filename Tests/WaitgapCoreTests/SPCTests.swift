import Foundation
import Testing
import WaitgapCore

/// XmR limits and special-cause rules against NHSRplotthedots 0.2.2
/// (nhs-r-community/NHSRplotthedots @050b07d7: tests/testthat, _snaps, vignettes/deviations.Rmd).
@Suite struct SPCTests {
    static let cases = ReferenceCase.load("spc")

    func close(_ actual: Double, _ expected: Double, _ tolerance: Double, _ what: String, sourceLocation: SourceLocation = #_sourceLocation)
    {
        #expect(abs(actual - expected) <= tolerance, "\(what): \(actual) vs \(expected)", sourceLocation: sourceLocation)
    }

    @Test func limitsMatchTheSnapshotOfTwentyNormalPointsAndAllAreCommonCause() {
        // spc-ptd-snapshot-r1: set.seed(123); rnorm(20); published to 7 significant figures.
        let reference = Self.cases["spc-ptd-snapshot-r1"]!
        let chart = SPCChart(values: reference.inputNumbers("y"), direction: .increase)
        close(chart.points[0].mean, 0.1416238, 5e-8, "mean")
        close(chart.points[0].lowerLimit, -3.01138, 5e-6, "LPL")
        close(chart.points[0].upperLimit, 3.294627, 5e-7, "UPL")
        #expect(chart.points.allSatisfy { $0.type == .commonCause })
        #expect(chart.variation == .commonCause)
        let sides = (reference.expected["relative_to_mean_first15"] as! [Int])
        #expect(chart.points.prefix(15).map { $0.value > $0.mean ? 1 : -1 } == sides)
    }

    @Test func screeningAnOutlyingMovingRangeNarrowsTheLimitsAsPublished() {
        // spc-ptd-snapshot-r2-screened / -unscreened: point 15 set to 10.
        let values = Self.cases["spc-ptd-snapshot-r2-screened"]!.inputNumbers("y")
        let screened = SPCChart.limits(values, screenOutliers: true)
        close(screened.mean, 0.6694159, 5e-8, "mean")
        close(screened.lower, -2.383666, 5e-7, "screened LPL")
        close(screened.upper, 3.722497, 5e-7, "screened UPL")
        let unscreened = SPCChart.limits(values, screenOutliers: false)
        close(unscreened.lower, -4.596625, 5e-7, "unscreened LPL")
        close(unscreened.upper, 5.935457, 5e-7, "unscreened UPL")
    }

    @Test(arguments: [("spc-ptd-deviations-vignette-default", true), ("spc-ptd-deviations-vignette-excel", false)])
    func theDeviationsVignetteGivesItsLimitsAndOneSpecialCauseImprovement(id: String, screen: Bool) {
        // NHSRplotthedots vignettes/deviations.Rmd: default (screened) vs Excel-identical; 2 d.p.
        let reference = Self.cases[id]!
        let chart = SPCChart(values: reference.inputNumbers("y"), direction: .increase, screenOutliers: screen)
        close(chart.points[0].mean, reference.number("mean"), 5e-3, "mean")
        close(chart.points[0].upperLimit, reference.number("upl"), 5e-3, "UPL")
        close(chart.points[0].lowerLimit, reference.number("lpl"), 5e-3, "LPL")
        let special = chart.points.indices.filter { chart.points[$0].type != .commonCause }.map { $0 + 1 }
        #expect(special == [5])
        #expect(chart.points[4].type == .specialCauseImprovement)
    }

    @Test func twoPointsNearOppositeLimitsAreCommonCause() {
        // spc-ptd-two-in-three-opposite-sides (test-ptd_spc_standard.R).
        let chart = SPCChart(values: Self.cases["spc-ptd-two-in-three-opposite-sides"]!.inputNumbers("y"), direction: .increase)
        #expect(chart.points.suffix(2).map(\.type) == [.commonCause, .commonCause])
    }

    @Test func trendRuleMarkersMatchThePackagesUnitTests() {
        // spc-ptd-rule-trend (test-ptd_calculate_point_type.R): a tie breaks a trend.
        let reference = Self.cases["spc-ptd-rule-trend"]!
        let inputs = (reference.input["cases"] as! [[NSNumber]]).map { $0.map(\.doubleValue) }
        let expected = reference.expected["trend_marker"] as! [[Int]]
        for (values, markers) in zip(inputs, expected) { #expect(SPCChart.trendMarkers(values) == markers, "\(values)") }
    }

    @Test func runRuleMarkersMatchThePackagesUnitTests() {
        // spc-ptd-rule-run: markers at the 7th and later points of a run (as flags).
        let reference = Self.cases["spc-ptd-rule-run"]!
        let inputs = reference.input["cases"] as! [[Int]]
        let expected = reference.expected["run_marker"] as! [[Int]]
        for (sides, markers) in zip(inputs, expected) {
            #expect(SPCChart.runMarkers(sides).map { $0 == 0 ? 0 : 1 } == markers, "\(sides)")
        }
    }

    @Test func twoInThreeMarkersMatchThePackagesUnitTests() {
        // spc-ptd-rule-two-in-three: windows and the points flagged in them.
        let reference = Self.cases["spc-ptd-rule-two-in-three"]!
        let inputs = reference.input["cases"] as! [[String: [Int]]]
        let windows = reference.expected["window_marker"] as! [Any]
        let flagged = reference.expected["flagged_points"] as! [[Int]]
        for (index, input) in inputs.enumerated() {
            let result = SPCChart.twoInThreeMarkers(close: input["close"]!, side: input["side"]!)
            if let window = windows[index] as? [Int] { #expect(result.window == window, "case \(index)") }
            #expect(result.flagged == flagged[index], "case \(index)")
        }
    }

    @Test func aShrinkingGapIsSpecialCauseImprovementAndAFlatOneCommonCause() {
        // A gap (smaller is better) that falls by 0.4 weeks a month from month 10: the last points
        // are special-cause improvement; the same series without the fall is common cause.
        let noise = [0.1, -0.2, 0.15, -0.05, 0.2, -0.1, 0.05, -0.15, 0.1, 0.0, 0.12, -0.08, 0.03, -0.11, 0.07, -0.02, 0.09, -0.04]
        let flat = noise.map { 5 + $0 }
        let shrinking = noise.enumerated().map { index, wobble in 5 + wobble - (index >= 9 ? 0.4 * Double(index - 8) : 0) }
        #expect(SPCChart(values: flat, direction: .decrease).variation == .commonCause)
        #expect(SPCChart(values: shrinking, direction: .decrease).variation == .specialCauseImprovement)
        #expect(SPCChart(values: shrinking, direction: .decrease, target: 0).assurance == .consistentlyFail)
    }

    @Test func fewerThanTwelvePointsGiveTrialLimitsAndNoAssurance() {
        // Making Data Count: limits from fewer than 12 points are trial limits; the pack labels
        // them so and gives no assurance verdict from them.
        let eleven = SPCChart(values: [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3], direction: .decrease, target: 0)
        #expect(eleven.hasTrialLimits && eleven.assurance == nil)
        let twelve = SPCChart(values: [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2], direction: .decrease, target: 0)
        #expect(!twelve.hasTrialLimits && twelve.assurance != nil)
    }

    // MARK: - Edge cases of the rules
    //
    // The expected types below were derived by hand from NHSRplotthedots @050b07d
    // (R/ptd_spc_standard.R, R/ptd_calculate_point_type.R) and checked against a line-by-line
    // transcription of those functions; the limits quoted are that transcription's.

    /// 24 points alternating ±1 (mean 0, every moving range 2), before the points under test.
    static let alternating = (0..<24).map { $0.isMultiple(of: 2) ? 1.0 : -1.0 }

    func types(_ chart: SPCChart, _ range: Range<Int>) -> [SPCChart.PointType] { chart.points[range].map(\.type) }

    @Test func aPointOutsideTheLimitsDoesNotCountTowardsTwoOfThree() {
        // Mean 0.4357, LPL −5.191, UPL 6.063, two-thirds line 4.187: 8 is outside, 4.2 close, 1
        // above the mean. NHSRplotthedots' close_to_limits excludes the outside point, so only one
        // of the three is close and 4.2 stays common cause (the outside point is special anyway).
        let chart = SPCChart(values: Self.alternating + [8, 4.2, 1, -1], direction: .increase)
        close(chart.points[0].upperLimit, 6.0626, 5e-4, "UPL")
        #expect(types(chart, 24..<28) == [.specialCauseImprovement, .commonCause, .commonCause, .commonCause])
        // Two close points (4.6 between 4.558 and 6.673) with one between them: both flagged.
        let twoClose = SPCChart(values: Self.alternating + [4.6, 1, 4.6, -1], direction: .increase)
        #expect(types(twoClose, 24..<28) == [.specialCauseImprovement, .commonCause, .specialCauseImprovement, .commonCause])
    }

    @Test func aPointExactlyOnTheMeanBreaksTwoOfThree() {
        // The mean is exactly 0 (every value is a binary fraction); 5.5 and −5.5 lie between the
        // two-thirds lines (±5.27) and the limits (±7.90).
        let onMean = SPCChart(values: Self.alternating + [5.5, 0, 5.5, -1, 1, -5.5, 0, -5.5, 1, -1], direction: .increase)
        #expect(onMean.points[0].mean == 0)
        #expect(onMean.points.allSatisfy { $0.type == .commonCause })
        // Move the middle points a quarter off the mean, to the side of their neighbours: 2 of 3.
        let offMean = SPCChart(values: Self.alternating + [5.5, 0.25, 5.5, -1, 1, -5.5, -0.25, -5.5, 1, -1], direction: .increase)
        #expect(offMean.points[0].mean == 0)
        #expect(
            types(offMean, 24..<32) == [
                .specialCauseImprovement, .commonCause, .specialCauseImprovement, .commonCause, .commonCause, .specialCauseConcern,
                .commonCause, .specialCauseConcern,
            ])
    }

    @Test func aPointSharedByARisingAndAFallingTrendTakesTheLaterTrend() {
        // 1 … 4 rising by 0.5 (7 points), then 4 … 1 falling (7 points) share the peak, which
        // NHSRplotthedots labels with the step after it: decreasing.
        let rise = stride(from: 1.0, through: 4, by: 0.5).map { $0 }
        let values = [0, 4, 0, 4, 0, 4, 0, 4] + rise + rise.reversed().dropFirst() + [4, 0, 4]
        let chart = SPCChart(values: values, direction: .increase)
        #expect(types(chart, 8..<14).allSatisfy { $0 == .specialCauseImprovement })
        #expect(chart.points[14].type == .specialCauseConcern, "the shared peak")
        #expect(types(chart, 15..<21).allSatisfy { $0 == .specialCauseConcern })
        #expect(types(chart, 21..<24).allSatisfy { $0 == .commonCause })
    }

    @Test func aTieBetweenTwoRisingTrendsKeepsItsRisingDirection() {
        // 1 … 4 rising, 4 again, then 4 … 7 rising: two trends meet at a tie. NHSRplotthedots
        // labels the first 4 "7 Point Trend (Decreasing)" (sign 0 is read as "De"); waitgap keeps
        // the direction of the only trend it belongs to (a documented deviation).
        let values = [0, 4, 0, 4, 0, 4, 0, 4, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4, 4.5, 5, 5.5, 6, 6.5, 7, 0, 4, 0]
        let chart = SPCChart(values: values, direction: .increase)
        #expect(types(chart, 8..<22).allSatisfy { $0 == .specialCauseImprovement })
    }

    // MARK: - A gap whose target is zero

    @Test func aGapThatCrossesZeroBeyondTheLimitsIsAConcern() {
        // A gap of about 2 weeks (mean 1.71, limits 0.38 to 3.04 with the last point): a fall to
        // −3 weeks is past parity and further from it, a concern; read as "smaller is better" it
        // would be an improvement.
        let steady = (0..<16).map { $0.isMultiple(of: 2) ? 2.25 : 1.75 }
        let crossed = SPCChart(values: steady + [-3], direction: .towardsZero)
        #expect(crossed.points[16].value < crossed.points[16].lowerLimit)
        #expect(crossed.variation == .specialCauseConcern)
        #expect(SPCChart(values: steady + [-3], direction: .decrease).variation == .specialCauseImprovement)
        // Nearer zero, below the lower limit: an improvement, whether or not it crosses parity.
        #expect(SPCChart(values: steady + [0.25], direction: .towardsZero).variation == .specialCauseImprovement)
        #expect(SPCChart(values: steady + [-1], direction: .towardsZero).variation == .specialCauseImprovement)
        // Further from zero on the same side: a concern.
        #expect(SPCChart(values: steady + [4], direction: .towardsZero).variation == .specialCauseConcern)
        // The same, mirrored: a gap in the other direction.
        #expect(SPCChart(values: steady.map { -$0 } + [3], direction: .towardsZero).variation == .specialCauseConcern)
        #expect(SPCChart(values: steady.map { -$0 } + [-0.25], direction: .towardsZero).variation == .specialCauseImprovement)
    }

    @Test func aFallingTrendThroughZeroImprovesUntilParityAndThenIsAConcern() {
        // A trend from 3 down to −1 in steps of 0.5 (inside wide limits): improvement while the
        // gap is above zero and at zero, concern once it grows on the other side.
        let values = [2, -2, 2, -2, 2, -2, 2, -2, 3, 2.5, 2, 1.5, 1, 0.5, 0, -0.5, -1, 2, -2]
        let chart = SPCChart(values: values, direction: .towardsZero)
        #expect(types(chart, 8..<15).allSatisfy { $0 == .specialCauseImprovement })
        #expect(types(chart, 15..<17) == [.specialCauseConcern, .specialCauseConcern])
        #expect(types(chart, 17..<19) == [.commonCause, .commonCause])
    }

    @Test func assuranceTowardsZeroAsksWhetherTheLimitsStayWithinTheTolerance() {
        let steady = (0..<16).map { $0.isMultiple(of: 2) ? 2.25 : 1.75 }  // limits 0.67 to 3.33
        #expect(SPCChart(values: steady, direction: .towardsZero, target: 0).assurance == .consistentlyFail)
        #expect(SPCChart(values: steady.map { -$0 }, direction: .towardsZero, target: 0).assurance == .consistentlyFail)
        #expect(SPCChart(values: steady, direction: .towardsZero, target: 4).assurance == .consistentlyPass)
        #expect(SPCChart(values: steady, direction: .towardsZero, target: 2).assurance == .inconsistent)
        #expect(SPCChart(values: steady.map { $0 - 2 }, direction: .towardsZero, target: 0).assurance == .inconsistent)
    }

    // MARK: - Trial limits, assurance and shifts

    @Test func trialLimitsGiveNoAssuranceVerdict() {
        // Making Data Count: limits from fewer than 12 points are trial limits.
        let eleven = [1.0, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]
        let chart = SPCChart(values: eleven, direction: .decrease, target: 10)
        #expect(chart.hasTrialLimits)
        #expect(chart.assurance == nil)
        #expect(SPCChart(values: eleven + [2], direction: .decrease, target: 10).assurance == .consistentlyPass)
        // After a rebase, the new segment's points are what count.
        let rebased = SPCChart(values: eleven + eleven + [2], direction: .decrease, rebaseAt: [12], target: 10)
        #expect(rebased.lastSegmentCount == 11)
        #expect(rebased.assurance == nil)
    }

    @Test func sevenPointsOnOneSideOfTheMeanAtTheEndAreASustainedShift() {
        let before = (0..<12).map { $0.isMultiple(of: 2) ? 1.0 : -1.0 }
        // Mean 21/19: the seven 3s are above it, the 1s before them below.
        let shifted = SPCChart(values: before + Array(repeating: 3, count: 7), direction: .decrease)
        #expect(shifted.sustainedShift)
        #expect(shifted.sustainedShiftStart == 12)
        // Six are not enough.
        #expect(!SPCChart(values: before + Array(repeating: 3, count: 6), direction: .decrease).sustainedShift)
        // A shift that ended is not sustained.
        #expect(!SPCChart(values: before + Array(repeating: 3, count: 7) + [-1], direction: .decrease).sustainedShift)
        // Rebased at the shift, the new segment has its own mean: no shift within it.
        let rebased = SPCChart(values: before + [3, 3.5, 3, 3.5, 3, 3.5, 3], direction: .decrease, rebaseAt: [12])
        #expect(!rebased.sustainedShift)
    }

    // MARK: - Axis ticks

    @Test(arguments: [
        (0.0, 10.0, 5, [0.0, 2.5, 5, 7.5, 10]),
        (0.0, 10.0, 6, [0.0, 2, 4, 6, 8, 10]),
        (0.0, 10.0, 11, [0.0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]),
        (-3.2, 7.9, 6, [-5.0, 0, 5, 10]),
        (0.1, 0.3, 5, [0.1, 0.15, 0.2, 0.25, 0.3]),
        (0.0, 0.3, 4, [0.0, 0.1, 0.2, 0.3]),
        (12.0, 87.0, 5, [0.0, 25, 50, 75, 100]),
        (1_234.0, 5_678.0, 6, [1_000.0, 2_000, 3_000, 4_000, 5_000, 6_000]),
        (-0.4, -0.1, 4, [-0.4, -0.3, -0.2, -0.1]),
        (7.9, -3.2, 6, [-5.0, 0, 5, 10]),
    ])
    func niceTicksAreRoundStepsCoveringTheRange(low: Double, high: Double, count: Int, expected: [Double]) {
        let ticks = SPCChart.niceTicks(min: low, max: high, count: count)
        #expect(ticks == expected)
    }

    @Test func niceTicksAlwaysCoverTheRangeWithinTheCountInRoundSteps() {
        var random = SplitMix64(seed: 14)
        for _ in 0..<2_000 {
            let a = (random.unit() - 0.5) * pow(10, Double(random.below(8)) - 3)
            let b = a + random.unit() * pow(10, Double(random.below(8)) - 3)
            let count = 3 + random.below(9)
            let ticks = SPCChart.niceTicks(min: a, max: b, count: count)
            #expect(ticks.count >= 2 && ticks.count <= count, "\(a)…\(b) in \(count): \(ticks)")
            guard ticks.count >= 2 else { continue }
            #expect(ticks.first! <= a && ticks.last! >= b, "\(a)…\(b): \(ticks)")
            let step = ticks[1] - ticks[0]
            let power = pow(10, (log10(step)).rounded(.down))
            let mantissa = step / power
            #expect([1, 2, 2.5, 5, 10].contains { abs(mantissa - $0) < 1e-6 }, "step \(step)")
            #expect(zip(ticks.dropFirst(), ticks).allSatisfy { abs(($0 - $1) - step) <= 1e-9 * max(1, abs($0)) })
        }
        // A single value: widened by a tenth each way (or by 1 at zero).
        #expect(SPCChart.niceTicks(min: 3, max: 3, count: 5) == [2.6, 2.8, 3, 3.2, 3.4])
        #expect(SPCChart.niceTicks(min: 0, max: 0, count: 5) == [-1, -0.5, 0, 0.5, 1])
        // A range across zero needs 3 ticks at least.
        #expect(SPCChart.niceTicks(min: -0.2, max: 11.8, count: 2) == [-20, 0, 20])
        #expect(SPCChart.niceTicks(min: .nan, max: 1).isEmpty)
        #expect(SPCChart.niceTicks(min: 0, max: .infinity).isEmpty)
    }
}
