import Testing
import WaitgapCore

/// Statistics against published values (`Reference/`), each test citing its case and source.
@Suite struct StatisticsTests {
    static let quantiles = ReferenceCase.load("quantiles")
    static let proportions = ReferenceCase.load("proportions")
    static let medians = ReferenceCase.load("medians")

    /// A distribution of values scaled to whole "days" (type 7 is linear, so scaling is exact).
    func distribution(_ values: [Double], scale: Double = 1) -> WaitDistribution {
        let days = values.map { Int(($0 * scale).rounded()) }
        var distribution = WaitDistribution()
        for value in days { distribution.add(days: value) }
        return distribution
    }

    @Test func type7QuantileMatchesNumpyAndRForHyndmanFansExample() {
        // quantiles-hf-types-p40: numpy/numpy numpy/lib/tests/test_function_base.py
        // test_linear_interpolation; x = 15, 20, 35, 40, 50, p = 0.40 → type 7 = 29.
        let reference = Self.quantiles["quantiles-hf-types-p40"]!
        let values = reference.inputNumbers("x")
        let p = (reference.input["p"] as! Double)
        #expect(distribution(values).quantileDays(p) == reference.number("type7"))
    }

    @Test func medianMatchesStatpsychsWorkedExample() {
        // medians-statpsych-ci.median: dgbonett/statpsych ci.median example, median 38.
        let reference = Self.medians["medians-statpsych-ci.median"]!
        #expect(distribution(reference.inputNumbers("x")).quantileDays(0.5) == reference.number("median"))
    }

    @Test func medianMatchesAltmansBetaEndorphinExample() throws {
        // medians-altman-2000-beta-endorphin: Campbell & Gardner in Altman et al., Statistics
        // with Confidence (2000) p.38: median 107.6 (values have one decimal: scaled by 10).
        let reference = Self.medians["medians-altman-2000-beta-endorphin"]!
        let median = try #require(distribution(reference.inputNumbers("x"), scale: 10).quantileDays(0.5))
        #expect(abs(median / 10 - reference.number("median")) < 1e-9)
    }

    @Test(arguments: (1...8).map { "proportions-phe-wilson-area\($0)" })
    func wilsonIntervalMatchesPHEIndicatorMethods(id: String) {
        // PHEindicatormethods testdata_Proportion.xlsx (ukhsa-collaboration/PHEindicatormethods
        // @093fd288): relative tolerance 1e-9.
        let reference = Self.proportions[id]!
        let interval = Proportion(numerator: reference.inputInt("x"), denominator: reference.inputInt("n"))
        #expect(abs(interval.lower - reference.number("lower95")) <= 1e-9 * reference.number("lower95"), "\(id)")
        #expect(abs(interval.upper - reference.number("upper95")) <= 1e-9 * reference.number("upper95"), "\(id)")
    }

    @Test(arguments: ["proportions-newcombe1998a-81-263", "proportions-newcombe1998a-15-148"])
    func wilsonIntervalMatchesNewcombe1998aToFourPlaces(id: String) {
        // Newcombe (1998) Stat Med 17:857-872, method 3, via m-Py/propint tests: 4 d.p.
        let reference = Self.proportions[id]!
        let interval = Proportion(numerator: reference.inputInt("x"), denominator: reference.inputInt("n"))
        #expect(abs(interval.lower - reference.number("lower")) <= 5e-5, "\(id)")
        #expect(abs(interval.upper - reference.number("upper")) <= 5e-5, "\(id)")
    }
}

/// Hand-computable fixtures: values you can check on paper.
@Suite struct WaitDistributionTests {
    @Test func medianAndNinetySecondPercentileOfElevenWeeklyWaits() {
        // Waits of 0, 7, 14, ..., 70 days (0 to 10 weeks). Type 7 with n = 11:
        // median h = 10·0.5 + 1 = 6 → x(6) = 35 days = 5 weeks;
        // P92 h = 10·0.92 + 1 = 10.2 → x(10) + 0.2·(x(11) − x(10)) = 63 + 0.2·7 = 64.4 days.
        var waits = WaitDistribution()
        for week in 0...10 { waits.add(days: week * 7) }
        #expect(waits.quantileDays(0.5) == 35)
        #expect(abs(waits.quantileDays(0.92)! - 64.4) < 1e-9)
        #expect(waits.meanDays == 35)
        // Sample variance of 0, 7, ..., 70 = 49 · var(0...10) = 49 · 11 = 539.
        #expect(abs(waits.varianceDays! - 539) < 1e-9)
    }

    @Test func overFiftyTwoWeeksMeansMoreThan364Days() {
        // INPUT.md: day 364 is exactly 52 weeks and not over; day 365 is over.
        var waits = WaitDistribution()
        waits.add(days: 364)
        waits.add(days: 365)
        #expect(waits.count(over: 52 * 7) == 1)
        let summary = WaitSummary(waits)
        #expect(summary.share(over: 52)?.numerator == 1)
    }

    @Test func anEmptyDistributionHasNoStatistics() {
        let waits = WaitDistribution()
        #expect(waits.quantileDays(0.5) == nil)
        #expect(waits.meanDays == nil)
        #expect(WaitSummary(waits).over.allSatisfy { $0.value == nil })
    }

    @Test func mergingPartsEqualsAddingTheWhole() {
        let values = [0, 3, 3, 17, 364, 365, 900, 12, 12, 12, 5]
        for cut in 0...values.count {
            var left = WaitDistribution()
            var right = WaitDistribution()
            var whole = WaitDistribution()
            for (index, value) in values.enumerated() {
                whole.add(days: value)
                if index < cut { left.add(days: value) } else { right.add(days: value) }
            }
            #expect(left.merging(right) == whole)
        }
    }

    @Test func disclosureSuppressesOneToSevenAndTheirShares() {
        let policy = DisclosurePolicy()
        #expect(!policy.suppresses(0))
        #expect((1...7).allSatisfy(policy.suppresses))
        #expect(!policy.suppresses(8))
        #expect(!policy.showsStatistics(ofGroupSize: 7))
        #expect(policy.showsStatistics(ofGroupSize: 8))
        #expect(!policy.shows(Proportion(numerator: 3, denominator: 1000)))
        #expect(policy.shows(Proportion(numerator: 0, denominator: 1000)))
        #expect(policy.shows(Proportion(numerator: 8, denominator: 1000)))
    }
}

@Suite struct DisclosureRoundingTests {
    @Test func countsAboveTheThresholdAreRoundedToTheNearestFive() {
        let policy = DisclosurePolicy()
        #expect(policy.published(0) == 0)
        #expect(policy.published(7) == nil)
        #expect(policy.published(8) == 10)
        #expect(policy.published(12) == 10)
        #expect(policy.published(13) == 15)
        #expect(policy.published(1_234) == 1_235)
    }

    @Test func sharesComeFromRoundedCounts() {
        // 12 of 23: published as 10 of 25 = 40%, not 52.2%.
        let policy = DisclosurePolicy()
        #expect(policy.publishedShare(Proportion(numerator: 12, denominator: 23)) == 0.4)
        #expect(policy.publishedShare(Proportion(numerator: 3, denominator: 23)) == nil)
    }

    @Test func aStricterThresholdSuppressesMore() {
        let policy = DisclosurePolicy(threshold: 9)
        #expect(policy.published(9) == nil)
        #expect(policy.published(10) == 10)
    }
}

@Suite struct SecondarySuppressionTests {
    @Test func oneSmallCellHidesTheNextSmallestSoItCannotBeSubtractedOut() {
        let policy = DisclosurePolicy()
        #expect(policy.hiddenCells([20, 10, 3, 0]) == [2, 1])
        #expect(policy.hiddenCells([20, 10, 30]).isEmpty)
        // Two small cells adding up to 5 still give a small total by subtraction: hide another.
        #expect(policy.hiddenCells([40, 3, 2, 25]) == [1, 2, 3])
    }

    @Test func aTwoWayTableHidesUntilNoRowOrColumnHasOneSmallHiddenCell() {
        let policy = DisclosurePolicy()
        let table = [[50, 3, 40], [60, 30, 45], [70, 80, 20]]
        let hidden = policy.hiddenCells(rowsOf: table)
        #expect(hidden.contains([0, 1]))
        for row in 0..<3 {
            let total = (0..<3).filter { hidden.contains([row, $0]) }.reduce(0) { $0 + table[row][$1] }
            #expect(total == 0 || total > 7, "row \(row)")
        }
        for column in 0..<3 {
            let total = (0..<3).filter { hidden.contains([$0, column]) }.reduce(0) { sum, row in sum + table[row][column] }
            #expect(total == 0 || total > 7, "column \(column)")
        }
    }
}
