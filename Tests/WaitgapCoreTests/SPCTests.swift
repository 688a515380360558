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

    @Test func fewerThanThirteenPointsGiveTrialLimits() {
        #expect(SPCChart(values: [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2], direction: .decrease).hasTrialLimits)
        #expect(!SPCChart(values: [1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3, 2, 1], direction: .decrease).hasTrialLimits)
    }
}
