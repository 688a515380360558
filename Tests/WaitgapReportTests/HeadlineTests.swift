import Testing
import WaitgapCore
import WaitgapReport

/// Headline wording for each kind of gap: positive, negative, not significant, suppressed.
@Suite struct HeadlineTests {
    func comparison(raw: Estimate?, adjusted: Estimate? = nil) -> Headlines.Comparison {
        var gap = GroupGap(label: "1", summary: WaitSummary(WaitDistribution()), isReference: false)
        gap.meanGap = raw
        gap.adjustedGap = adjusted
        return Headlines.Comparison(
            subject: "Patients from the most deprived fifth of areas", reference: "those from the least deprived fifth of areas",
            gap: raw == nil ? nil : gap)
    }

    @Test func aSignificantPositiveGapSaysLongerAndHowMuchCaseMixExplains() {
        let text = Headlines.sentence(
            comparison(raw: Estimate(value: 3.4, lower: 2.9, upper: 3.9), adjusted: Estimate(value: 2.2, lower: 1.6, upper: 2.8)))
        #expect(
            text
                == "Patients from the most deprived fifth of areas wait 3.4 weeks longer on average than those from the least deprived fifth of areas (95% CI 2.9 to 3.9 weeks); 1.2 weeks of this is explained by specialty, clinical priority, age and sex."
        )
    }

    @Test func aSignificantNegativeGapSaysLessNotANegativeNumberOfWeeksLonger() {
        let text = Headlines.sentence(comparison(raw: Estimate(value: -2.1, lower: -2.8, upper: -1.4)))
        #expect(
            text
                == "Patients from the most deprived fifth of areas wait 2.1 weeks less on average than those from the least deprived fifth of areas (95% CI -2.8 to -1.4 weeks)."
        )
    }

    @Test func aGapThatIsNotSignificantIsNotStatedAsADifference() {
        let text = Headlines.sentence(comparison(raw: Estimate(value: 0.4, lower: -0.3, upper: 1.1)))
        #expect(
            text
                == "Patients from the most deprived fifth of areas and those from the least deprived fifth of areas show no statistically significant difference in average wait (+0.4 weeks, 95% CI -0.3 to 1.1 weeks)."
        )
        #expect(!text.contains("longer"))
    }

    @Test func aSuppressedComparisonSaysTooFewPatients() {
        #expect(
            Headlines.sentence(comparison(raw: nil))
                == "Patients from the most deprived fifth of areas: too few patients to compare with those from the least deprived fifth of areas."
        )
    }

    @Test func aGapThatCaseMixFullyExplainsSaysNoSignificantDifferenceRemains() {
        let text = Headlines.sentence(
            comparison(raw: Estimate(value: 1.5, lower: 0.5, upper: 2.5), adjusted: Estimate(value: 0.2, lower: -0.6, upper: 1.0)))
        #expect(
            text.hasSuffix(
                "allowing for specialty, clinical priority, age and sex, no significant difference remains (+0.2 weeks, 95% CI -0.6 to 1.0)."
            ))
    }

    @Test func aGapThatGrowsAfterAdjustmentSaysTheAdjustedSize() {
        let text = Headlines.sentence(
            comparison(raw: Estimate(value: 5.6, lower: 4.6, upper: 6.7), adjusted: Estimate(value: 5.9, lower: 5.0, upper: 6.7)))
        #expect(text.hasSuffix("allowing for specialty, clinical priority, age and sex, the gap is 5.9 weeks (95% CI 5.0 to 6.7)."))
    }
}
